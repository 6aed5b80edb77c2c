import { catalogRule } from './catalog.ts'
import { forbiddenTermRule } from './forbidden-term.ts'
import { glossaryRule } from './glossary.ts'
import { glossaryTermRule } from './glossary-term.ts'
import { localesRule } from './locales.ts'
import { markupRule } from './markup.ts'
import { unsafeRule } from './unsafe.ts'
import { missingEditionRule } from './missing-edition.ts'
import { quoteVerbatimRule } from './quote-verbatim.ts'
import { staleRule } from './stale.ts'
import { untranslatedRule } from './untranslated.ts'
import { reviewedRule } from './reviewed.ts'
import { articleRule } from './article.ts'
import { numberRule } from './number.ts'
import { engineMarkRule } from './engine-mark.ts'
import { spacingRule } from './spacing.ts'
import { nameRule } from './name.ts'
import { swedishWordRule } from './swedish-word.ts'
import type { CheckRule } from './types.ts'

/**
 * The rules of `tolk check`, in the order they run (the order `files[].rules` lists them in).
 * Adding a rule: a file `src/check/<id>.ts` exporting a `CheckRule`, and its line here.
 */
export const checkRules: readonly CheckRule[] = [
  glossaryRule,
  staleRule,
  quoteVerbatimRule,
  markupRule,
  unsafeRule,
  untranslatedRule,
  glossaryTermRule,
  numberRule,
  engineMarkRule,
  spacingRule,
  nameRule,
  swedishWordRule,
  forbiddenTermRule,
  missingEditionRule,
  catalogRule,
  localesRule,
  reviewedRule,
  articleRule,
]

export const ruleIds: readonly string[] = checkRules.map((rule) => rule.id)
