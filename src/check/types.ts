import type { RuleId, Severity } from './rules.ts'

/** Where a finding is: a path relative to the config's folder, 1-based line and column. */
export interface Place {
  file: string
  line: number
  column: number
}

/** What a rule reports; the runner adds the severity from the config. */
export interface RuleMessage extends Place {
  rule: RuleId
  message: string
  /** The place in the source article the finding relates to, when there is one. */
  source?: Place
}

export interface Finding extends RuleMessage {
  severity: Severity
}

/** A file the check looked at, with the rules applied to it (what a JUnit report lists as test cases). */
export interface Subject {
  file: string
  kind: 'edition' | 'catalog' | 'locale' | 'glossary'
  lang?: string
  rules: RuleId[]
}
