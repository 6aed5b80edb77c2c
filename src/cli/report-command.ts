import { relative } from 'node:path'
import { UsageError } from '../errors.ts'
import { registerCommand } from './registry.ts'

const usage = `Usage: tolk report merge [--config FILE] [--out DIR] [--to FILE] [REPORT…]

Combines the reports of \`tolk build --shard i/n\` (one per shard, <out>/report-<i>-of-<n>.json)
into the report the unsharded build writes: articles in order, skipped engines and problems
once, characters summed. Every shard from 1 to n must be given (default: every
report-<i>-of-<n>.json in <out>).

Options:
  --config FILE   config file (default: tolk.config.yaml)
  --out DIR       folder of the shard reports (default: the config's \`out\`, dist/editions)
  --to FILE       where the merged report goes (default: <out>/report.json)
  -h, --help      show this help

Exit codes: 0 merged; 2 a report missing, unreadable, of another shard count, a shard or an
article twice, or bad usage.`

registerCommand('report', {
  summary: 'Merge the build reports of shards (tolk build --shard i/n) into one',
  usage,
  options: {
    config: { type: 'string' },
    out: { type: 'string' },
    to: { type: 'string' },
  },
  async run(values, positionals, io) {
    const [action, ...files] = positionals
    if (action !== 'merge') throw new UsageError(`${action === undefined ? 'Missing' : 'Unknown'} report action${action === undefined ? '' : ` \`${action}\``}, expected \`merge\`\n\n${usage}`)
    const { mergeReportFiles } = await import('../commands/report.ts')
    const result = await mergeReportFiles({ config: values.config as string | undefined, out: values.out as string | undefined, to: values.to as string | undefined, files, cwd: io.cwd })
    io.stderr(`merged ${result.files.length} shard reports (${result.report.articles.length} articles) into ${relative(io.cwd, result.path) || result.path}\n`)
    return 0
  },
})
