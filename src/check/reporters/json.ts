import { stableJson } from '../../fs/atomic.ts'
import type { CheckReport } from './index.ts'

/** Version of the JSON report's schema (docs/check.md); raised on any change that is not an addition. */
export const jsonSchemaVersion = 1

/** The report as documented in docs/check.md: sorted keys, findings sorted, no timestamps. */
export function formatJson(report: CheckReport): string {
  return stableJson({
    version: jsonSchemaVersion,
    summary: report.summary,
    rules: report.rules,
    findings: report.findings.map((finding) => ({
      file: finding.file,
      line: finding.line,
      column: finding.column,
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      ...(finding.source ? { source: finding.source } : {}),
    })),
    files: report.subjects.map((subject) => ({ file: subject.file, kind: subject.kind, ...(subject.lang ? { lang: subject.lang } : {}), rules: subject.rules })),
  })
}
