import { createReadStream } from 'node:fs'
import { eventLine, resultLines } from './build-output.ts'
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
      onEvent: (event) => {
        if (!quiet) progress.log(eventLine(event))
      },
      // With --json stdout is for a program and stderr stays quiet, as the build's other lines do.
      onProgress: (event) => {
        if (!quiet) progress.update(event)
      },
    }).finally(() => progress.stop())
    // The report as report.json holds it (keys in stableJson's order), for a build of any size: a
    // build that wrote it is copied from its file, never parsed and made again (a 10,000-article
    // report is hundreds of megabytes).
    if (values.json && values['dry-run']) io.stdout((await import('../fs/atomic.ts')).stableJson(result.report))
    else if (values.json) for await (const piece of createReadStream(result.reportPath, 'utf8')) io.stdout(piece as string)
    else io.stderr(resultLines(result, { cwd: io.cwd, dryRun: Boolean(values['dry-run']) }))
    return result.exitCode
  },
})

