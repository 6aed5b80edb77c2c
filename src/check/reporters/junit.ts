import type { Finding } from '../types.ts'
import type { RuleId } from '../types.ts'
import { findingsOf, subjectsOf, type CheckFilesReport } from '../files.ts'

/**
 * JUnit XML as CI servers read it: a test suite per file checked, a test case per rule applied
 * to it, a `<failure>` carrying every error of that rule in that file. Warnings do not fail a test
 * case; they go to its `<system-out>`.
 */
export function formatJunit(report: CheckFilesReport): string {
  const cases = new Map<string, Map<RuleId, Finding[]>>()
  const caseOf = (file: string, rule: RuleId) => {
    let rules = cases.get(file)
    if (!rules) cases.set(file, (rules = new Map()))
    let list = rules.get(rule)
    if (!list) rules.set(rule, (list = []))
    return list
  }
  for (const subject of subjectsOf(report.files)) for (const rule of subject.rules) caseOf(subject.file, rule)
  for (const finding of findingsOf(report.files)) caseOf(finding.file, finding.rule).push(finding)

  const files = [...cases.keys()].sort((a, b) => a.localeCompare(b, 'en'))
  let tests = 0
  let failures = 0
  const suites: string[] = []
  for (const file of files) {
    const rules = [...cases.get(file)!].sort(([a], [b]) => a.localeCompare(b, 'en'))
    const suiteFailures = rules.filter(([, findings]) => findings.some((finding) => finding.severity === 'error')).length
    tests += rules.length
    failures += suiteFailures
    const body = rules.map(([rule, findings]) => {
      const errors = findings.filter((finding) => finding.severity === 'error')
      const warnings = findings.filter((finding) => finding.severity === 'warning')
      const inner: string[] = []
      if (errors.length > 0) {
        inner.push(`      <failure message="${attribute(`${errors.length} finding${errors.length === 1 ? '' : 's'}: ${errors[0]!.message}`)}" type="${attribute(rule)}">${text(errors.map(line).join('\n'))}</failure>`)
      }
      if (warnings.length > 0) inner.push(`      <system-out>${text(warnings.map(line).join('\n'))}</system-out>`)
      const open = `    <testcase name="${attribute(rule)}" classname="${attribute(file)}"`
      return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`
    })
    suites.push(`  <testsuite name="${attribute(file)}" tests="${rules.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${body.join('\n')}\n  </testsuite>`)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tolk check" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`
}

function line(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.message} (${finding.rule})`
}

/** Characters XML 1.0 cannot carry at all are dropped; the rest escaped. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}
