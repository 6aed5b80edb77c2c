import { stripControl } from '../../errors.ts'
import type { CheckReport } from './index.ts'

/** One line per finding, `file:line:column  severity  message  rule`, and a summary line last. */
export function formatText(report: CheckReport): string {
  const lines = report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}  ${finding.severity}  ${stripControl(finding.message)}  ${finding.rule}`)
  lines.push(summaryLine(report))
  return `${lines.join('\n')}\n`
}

export function summaryLine(report: CheckReport): string {
  const { errors, warnings, files } = report.summary
  const total = errors + warnings
  const checked = `${files} file${files === 1 ? '' : 's'} checked`
  if (total === 0) return `No problems (${checked})`
  return `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; ${checked})`
}
