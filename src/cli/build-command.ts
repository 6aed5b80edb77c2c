import { relative } from 'node:path'
import { stripControl } from '../errors.ts'
import { registerCommand, runOptions } from './registry.ts'

registerCommand('build', {
  summary: 'Build the editions of the articles',
  usage: `Usage: tolk build [--config FILE] [--out DIR] [--locales en,da] [--shard i/n] [--json] [--dry-run] [ARTICLE…]

Builds <out>/<lng>/<slug>.md for every target language of the config and writes <out>/report.json.

Options:
  --config FILE   config file (default: tolk.config.yaml)
  --out DIR       output folder (default: the config's \`out\`, dist/editions)
  --locales LIST  comma-separated target languages (default: all targets of the config)
  --shard i/n     build only shard i of n (articles split by a stable hash of their path); the
                  report goes to <out>/report-<i>-of-<n>.json, \`tolk report merge\` combines them
  --json          print the build report as JSON on stdout
  --dry-run       call no engine; print the units and characters that would be sent
  -h, --help      show this help

Exit codes: 0 every edition written; 1 some segments had no translation (those editions are
not written, the report lists the segments); 2 bad input, bad config or usage.`,
  options: {
    config: { type: 'string' },
    out: { type: 'string' },
    locales: { type: 'string' },
    shard: { type: 'string' },
    json: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run(values, positionals, io, signal) {
    const quiet = Boolean(values.json)
    // Loaded on use, like the pipeline below: `tolk --help` pays for neither (cli-progress included).
    const { createProgress, wantsLiveProgress } = await import('./progress.ts')
    const progress = createProgress({ live: wantsLiveProgress({ isTTY: io.isTTY, env: process.env, json: quiet }), write: io.stderr })
    const { build } = await import('../commands/build.ts')
    const result = await build({
      ...runOptions(values, positionals, io),
      dryRun: Boolean(values['dry-run']),
      signal,
      log: (line) => {
        if (!quiet) progress.log(line)
      },
      // With --json stdout is for a program and stderr stays quiet, as the build's other lines do.
      onProgress: (event) => {
        if (!quiet) progress.update(event)
      },
    }).finally(() => progress.stop())
    if (values.json) io.stdout(`${JSON.stringify(result.report, null, 2)}\n`)
    else {
      for (const article of result.report.articles) {
        for (const edition of article.editions) {
          if (edition.written) io.stderr(`wrote ${edition.path} (${edition.units.catalog} from catalog, ${edition.units.machine} machine)\n`)
          else {
            io.stderr(`not written: ${edition.path}: ${edition.units.untranslated} segments without translation${result.report.noEngine?.[edition.lang] ? ` (no engine for ${edition.lang}, see above)` : ''}\n`)
            // A language with no engine at all was explained once; its units are in the report.
            if (result.report.noEngine?.[edition.lang]) continue
            for (const entry of edition.untranslated) io.stderr(`  ${article.source}:${entry.line}:${entry.column}: ${stripControl(entry.text.slice(0, 80))}${entry.problems.length ? ` (${entry.problems.join('; ')})` : ''}\n`)
          }
        }
      }
      for (const [lang, words] of Object.entries(result.report.unknownWords ?? {})) {
        io.stderr(`${lang}: ${words.length} unknown ${words.length === 1 ? 'word' : 'words'} (tolk glossary suggest writes them as a draft glossary):\n`)
        for (const entry of words) io.stderr(`  ${stripControl(entry.word)} ×${entry.count} ${entry.file}:${entry.line}:${entry.column}\n`)
      }
      if (!values['dry-run']) {
        const editions = result.report.articles.flatMap((article) => article.editions)
        const refused = result.report.articles.filter((article) => article.problems.some((problem) => problem.severity === 'error')).length
        const summary = `${editions.filter((edition) => edition.written).length} of ${editions.length} editions written${refused ? `, ${refused} ${refused === 1 ? 'article' : 'articles'} refused` : ''}`
        const written = editions.filter((edition) => edition.written)
        const reviewed = written.reduce((sum, edition) => sum + edition.review.reviewed, 0)
        const machine = written.reduce((sum, edition) => sum + edition.review.machine, 0)
        const units = written.length > 0 ? `; units: ${reviewed} reviewed, ${machine} machine` : ''
        io.stderr(`${summary}${units}; report: ${relative(io.cwd, result.reportPath) || result.reportPath}\n`)
      }
    }
    return result.exitCode
  },
})

