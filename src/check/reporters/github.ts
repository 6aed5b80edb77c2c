import { stripControl } from '../../errors.ts'
import { summaryLine } from './text.ts'
import { findingsOf, type CheckFilesReport } from '../files.ts'

/**
 * GitHub Actions workflow commands, so each finding shows as an annotation on the pull request:
 * `::error file=…,line=…,col=…,title=<rule>::<message>`.
 */
export function formatGithub(report: CheckFilesReport): string {
  const lines = findingsOf(report.files).map(
    (finding) => `::${finding.severity === 'error' ? 'error' : 'warning'} file=${property(finding.file)},line=${finding.line},col=${finding.column},title=${property(finding.rule)}::${data(finding.message)}`,
  )
  lines.push(summaryLine(report.files))
  return `${lines.join('\n')}\n`
}

/** Escaping of a command's message, as the Actions runner decodes it; no control character from article text reaches the log. */
function data(value: string): string {
  return stripControl(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escaping of a command's property values. */
function property(value: string): string {
  return data(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
