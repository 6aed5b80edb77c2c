import { formats, isFormat } from '../check/reporters/index.ts'
import { UsageError } from '../errors.ts'
import { registerCommand, runOptions } from './registry.ts'

registerCommand('check', {
  summary: 'Check editions and catalogs against their sources and the glossary (for CI)',
  usage: `Usage: tolk check [--config FILE] [--format text|json|junit|github] [--out DIR] [--locales en,da] [--shard i/n] [ARTICLE…]

Reads the sources, the glossary, the catalogs and the editions under <out>, and reports every
term, quotation, link, number or translation that is not what it should be. Writes nothing and
calls no engine. Rules and the JSON schema: docs/check.md.

Options:
  --config FILE   config file (default: tolk.config.yaml)
  --format NAME   text (default), json, junit or github (annotations on a pull request)
  --out DIR       folder of the editions (default: the config's \`out\`, dist/editions)
  --locales LIST  comma-separated target languages (default: all targets of the config)
  --shard i/n     check only shard i of n (the articles \`tolk build --shard i/n\` builds); the
                  project-wide rules (glossary, locales, orphaned catalogs and editions) run in
                  shard 1
  -h, --help      show this help

Exit codes: 0 no errors (warnings allowed); 1 errors found; 2 bad input, bad config or usage.`,
  options: {
    config: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    locales: { type: 'string' },
    shard: { type: 'string' },
  },
  async run(values, positionals, io) {
    const format = (values.format as string | undefined) ?? 'text'
    if (!isFormat(format)) throw new UsageError(`Unknown format \`${format}\`, expected one of ${formats.map((name) => `\`${name}\``).join(', ')}`)
    // Loaded on use, so `tolk --help` does not pay for the whole pipeline.
    const { check } = await import('../commands/check.ts')
    const { formatReport } = await import('../check/reporters/index.ts')
    // Progress on stderr, where it never mixes with the report a program reads from stdout.
    const { createProgress, wantsLiveProgress } = await import('./progress.ts')
    const progress = createProgress({ live: wantsLiveProgress({ isTTY: io.isTTY, env: process.env, json: false }), write: io.stderr })
    const result = await check({ ...runOptions(values, positionals, io), onProgress: (event) => progress.update(event) }).finally(() => progress.stop())
    io.stdout(formatReport(result, format))
    return result.exitCode
  },
})
