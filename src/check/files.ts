import { VFile } from 'vfile'
import type { Finding, Place, RuleId, RuleMessage, RuleSetting, Severity, Subject } from './types.ts'

declare module 'vfile-message' {
  interface VFileMessage {
    /** The place in the source article a finding in an edition or catalog relates to. */
    sourcePlace?: Place
  }
}

declare module 'vfile' {
  interface DataMap {
    /** What kind of file the check looked at, in which language, and the rules it applied (a JUnit test case each). */
    checked: Omit<Subject, 'file'>
  }
}

/**
 * The check's findings as vfile has them, the shape the reporters take (as vfile-reporter does):
 * one `VFile` per file checked or reported on, each finding a message
 * `file.message(reason, {place, ruleId, source: 'tolk'})` with `fatal` true for an error and false
 * for a warning. What the check looked at is in `file.data.checked`.
 */
export class CheckFiles {
  readonly #files = new Map<string, VFile>()

  #file(path: string): VFile {
    let file = this.#files.get(path)
    if (!file) this.#files.set(path, (file = new VFile({ path })))
    return file
  }

  /** A rule's finding, with the severity the config gives the rule. */
  report(ruleId: RuleId, severity: Severity, finding: RuleMessage): void {
    const message = this.#file(finding.file).message(finding.message, { place: { line: finding.line, column: finding.column }, ruleId, source: 'tolk' })
    message.fatal = severity === 'error'
    if (finding.source) message.sourcePlace = finding.source
  }

  /** Record that a rule looked at a file. */
  checked(subject: Omit<Subject, 'rules'>, ruleId?: RuleId): void {
    const file = this.#file(subject.file)
    const checked = (file.data.checked ??= { kind: subject.kind, ...(subject.lang ? { lang: subject.lang } : {}), rules: [] })
    if (ruleId && !checked.rules.includes(ruleId)) checked.rules.push(ruleId)
  }

  /** Every file, by path. */
  list(): VFile[] {
    return [...this.#files.values()].sort((a, b) => a.path.localeCompare(b.path, 'en'))
  }
}

/** The findings of some files, sorted by file, line, column, rule and message. */
export function findingsOf(files: readonly VFile[]): Finding[] {
  const findings: Finding[] = []
  for (const file of files) {
    for (const message of file.messages) {
      findings.push({
        file: file.path,
        line: message.line ?? 1,
        column: message.column ?? 1,
        rule: message.ruleId ?? 'tolk',
        severity: message.fatal ? 'error' : 'warning',
        message: message.reason,
        ...(message.sourcePlace ? { source: message.sourcePlace } : {}),
      })
    }
  }
  return findings.sort(compareFindings)
}

/** The files the check looked at, with the rules applied to each. */
export function subjectsOf(files: readonly VFile[]): Subject[] {
  return files.flatMap((file) => (file.data.checked ? [{ file: file.path, ...file.data.checked }] : []))
}

/** Errors, warnings, and how many files were checked or reported on. */
export function summaryOf(files: readonly VFile[]): { errors: number; warnings: number; files: number } {
  let errors = 0
  let warnings = 0
  for (const file of files) for (const message of file.messages) message.fatal ? errors++ : warnings++
  return { errors, warnings, files: files.length }
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file, 'en') || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule, 'en') || a.message.localeCompare(b.message, 'en')
}

/** What every reporter is given: the files, and the severity each rule ran with. */
export interface CheckFilesReport {
  files: readonly VFile[]
  rules: Record<RuleId, RuleSetting>
}
