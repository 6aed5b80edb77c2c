import { stripControl } from '../../errors.ts'
import { findingsOf, summaryOf, type CheckFilesReport } from '../files.ts'
import type { VFile } from 'vfile'

/** One line per finding, `file:line:column  severity  message  rule`, and a summary line last. */
export function formatText(report: CheckFilesReport): string {
  const lines = findingsOf(report.files).map((finding) => `${finding.file}:${finding.line}:${finding.column}  ${finding.severity}  ${stripControl(finding.message)}  ${finding.rule}`)
  lines.push(summaryLine(report.files))
  return `${lines.join('\n')}\n`
}

export function summaryLine(checked: readonly VFile[]): string {
  const { errors, warnings, files } = summaryOf(checked)
  const total = errors + warnings
  const count = `${files} file${files === 1 ? '' : 's'} checked`
  if (total === 0) return `No problems (${count})`
  return `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; ${count})`
}
