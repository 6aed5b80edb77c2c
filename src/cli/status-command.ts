import { stripControl } from '../errors.ts'
import { listOption, registerCommand } from './registry.ts'
import type { StatusReport, UnitStatus } from '../commands/status.ts'

registerCommand('status', {
  summary: 'Show per article and language what is reviewed, machine-drafted, waiting for review or missing',
  usage: `Usage: tolk status [--config FILE] [--json] [--locales en,da] [ARTICLE…]

For every article and target language: how many units are missing, machine drafts, waiting for
review and reviewed; then each unit waiting for review with its source, its current translation
and the suggestion (an earlier reviewed translation). Writes nothing. The --json shape (with
\`schemaVersion\`) is described in docs/review.md.

Options:
  --config FILE   config file (default: tolk.config.yaml)
  --json          print the status as JSON on stdout
  --locales LIST  comma-separated target languages (default: all targets of the config)
  -h, --help      show this help

Exit codes: 0 always after a status was shown; 2 bad input, bad config or usage.`,
  options: {
    config: { type: 'string' },
    json: { type: 'boolean' },
    locales: { type: 'string' },
  },
  async run(values, positionals, io) {
    // Loaded on use, so `tolk --help` does not pay for the whole pipeline.
    const { status } = await import('../commands/status.ts')
    const report = await status({ config: values.config as string | undefined, cwd: io.cwd, locales: listOption(values.locales), articles: positionals })
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report))
    return 0
  },
})

/** The status for a person: one line per article and language, then what waits for review. */
export function formatStatus(report: StatusReport): string {
  const lines: string[] = []
  const clean = (text: string) => stripControl(text.replace(/\s+/g, ' '))
  for (const article of report.articles) {
    lines.push(clean(article.source))
    for (const language of article.languages) {
      const { counts } = language
      lines.push(`  ${language.lang}  ${counts.reviewed} reviewed, ${counts.needsReview} need review, ${counts.machine} machine, ${counts.missing} missing`)
      for (const unit of language.needsReview) lines.push(...describe(unit, language.lang, clean))
    }
  }
  const totals = Object.entries(report.totals).map(([lang, counts]) => `${lang}: ${counts.reviewed} reviewed, ${counts.needsReview} need review, ${counts.machine} machine, ${counts.missing} missing`)
  if (totals.length > 0) lines.push('', `total  ${totals.join('; ')}`)
  return `${lines.join('\n')}\n`
}

function describe(unit: UnitStatus, lang: string, clean: (text: string) => string): string[] {
  const why = unit.reason === 'glossary-changed' ? 'glossary terms changed' : unit.reason === 'source-changed' ? 'source changed' : 'waiting'
  const out = [`    needs review (${why}) at line ${unit.line}:${unit.column}`, `      source:     ${clean(unit.source)}`]
  out.push(`      ${`${lang}:`.padEnd(11)} ${unit.translation === undefined ? '(none)' : clean(unit.translation)}${unit.engine ? ` [${clean(unit.engine)}]` : ''}`)
  if (unit.suggestion) {
    const by = unit.suggestion.status === 'reviewed' ? `reviewed${unit.suggestion.reviewer ? ` by ${clean(unit.suggestion.reviewer)}` : ''}` : 'machine'
    out.push(`      suggestion: ${clean(unit.suggestion.text)} (${Math.round(unit.suggestion.similarity * 100)} %, ${by})`)
  }
  return out
}
