/**
 * Rule ids of `tolk check`, in one place. Each rule's severity can be set under `check.rules`
 * in the config (`off`, `warn` or `error`); these are the defaults.
 */

export const ruleIds = [
  'glossary',
  'glossary-term',
  'forbidden-term',
  'quote-verbatim',
  'markup',
  'stale',
  'missing-edition',
  'catalog',
  'locales',
  'untranslated',
  'reviewed',
  'article',
  'name',
  'number',
  'engine-mark',
  'swedish-word',
] as const

export type RuleId = (typeof ruleIds)[number]

export type RuleSetting = 'off' | 'warn' | 'error'

export type Severity = 'error' | 'warning'

/** Every rule is an error unless the config says otherwise, except a missing edition: the build already fails on it. */
export const defaultSeverity: Record<RuleId, RuleSetting> = {
  glossary: 'error',
  'glossary-term': 'error',
  'forbidden-term': 'error',
  'quote-verbatim': 'error',
  markup: 'error',
  stale: 'error',
  'missing-edition': 'warn',
  catalog: 'error',
  locales: 'error',
  untranslated: 'error',
  /** Unreviewed units: a warning with a count; `check.requireReviewed: true` makes each an error. */
  reviewed: 'warn',
  article: 'error',
  name: 'error',
  number: 'error',
  'engine-mark': 'error',
  'swedish-word': 'error',
}

export function isRuleId(value: string): value is RuleId {
  return (ruleIds as readonly string[]).includes(value)
}
