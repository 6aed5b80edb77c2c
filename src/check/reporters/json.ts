import { stableJson } from '../../fs/atomic.ts'
import { findingsOf, subjectsOf, summaryOf, type CheckFilesReport } from '../files.ts'

/** Version of the JSON report's schema (docs/check.md); raised on any change that is not an addition. */
export const jsonSchemaVersion = 1

/** The report as documented in docs/check.md: sorted keys, findings sorted, no timestamps. */
export function formatJson(report: CheckFilesReport): string {
  return stableJson({
    version: jsonSchemaVersion,
    summary: summaryOf(report.files),
    rules: report.rules,
    findings: findingsOf(report.files).map((finding) => ({
      file: finding.file,
      line: finding.line,
      column: finding.column,
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      ...(finding.source ? { source: finding.source } : {}),
    })),
    files: subjectsOf(report.files).map((subject) => ({ file: subject.file, kind: subject.kind, ...(subject.lang ? { lang: subject.lang } : {}), rules: subject.rules })),
  })
}
