import { capitalizeFirst } from './match.ts'
import { endsInSibilant, isAcronym, isCommonWord, normalizeSpace } from './morphology-sv.ts'
import type { TargetForms, TermHit } from './types.ts'
import { numberFormatsFor, type NumberFormats } from './numbers.ts'

/**
 * The approved target form of a hit: the entry's form for the hit's number and definiteness,
 * the language's genitive pattern (or the entry's own `gen`), capitalised where the hit was.
 */

/**
 * A language's genitive patterns, from `term.*` in `locales/<lng>/tolk.json`; `{{term}}` is the
 * form. Which one applies: an acronym ending in s/x/z → `genitiveAcronymS`; another acronym →
 * `genitiveAcronym`; a plural ending in s/x/z → `genitivePluralS`; another form ending in
 * s/x/z → `genitiveS`; anything else → `genitive`.
 */
export interface GenitivePatterns {
  /** Whether a definite noun stays definite after a determiner, as in Swedish and Bokmål (`term.after_determiner`). */
  definiteAfterDeterminer?: boolean
  genitive: string
  genitiveS: string
  genitiveAcronym: string
  genitiveAcronymS: string
  genitivePluralS: string
}

type PatternName = Exclude<keyof GenitivePatterns, 'definiteAfterDeterminer'>

const patternKeys: Record<PatternName, string> = {
  genitive: 'term.genitive',
  genitiveS: 'term.genitive_s',
  genitiveAcronym: 'term.genitive_acronym',
  genitiveAcronymS: 'term.genitive_acronym_s',
  genitivePluralS: 'term.genitive_plural_s',
}

/** English rules, for a language without its own `tolk.json`. */
export const englishGenitive: GenitivePatterns = {
  definiteAfterDeterminer: false,
  genitive: "{{term}}'s",
  genitiveS: "{{term}}'s",
  genitiveAcronym: "{{term}}'s",
  genitiveAcronymS: "{{term}}'s",
  genitivePluralS: "{{term}}'",
}

/**
 * A language's genitive patterns from tolk's own strings, falling back to English key by key.
 * `resource(lang, key)` is i18next's `getResource` for the `tolk` namespace, passed in: the
 * glossary reads no files.
 */
export function genitivePatterns(resource: (lang: string, key: string) => unknown, lang: string): GenitivePatterns {
  const patterns: GenitivePatterns = { ...englishGenitive, definiteAfterDeterminer: true }
  for (const [name, key] of Object.entries(patternKeys) as Array<[PatternName, string]>) {
    for (const candidate of [lang, 'en']) {
      const value = resource(candidate, key)
      if (typeof value === 'string' && value.includes('{{term}}')) {
        patterns[name] = value
        break
      }
    }
  }
  for (const candidate of [lang, 'en']) {
    const value = resource(candidate, 'term.after_determiner')
    if (value === 'definite' || value === 'indefinite') {
      patterns.definiteAfterDeterminer = value === 'definite'
      break
    }
  }
  return patterns
}

/**
 * A language's number formats: its defaults, with `format.locale`, `format.time` and
 * `format.date_with_article` of its `tolk.json` over them. `resource(lang, key)` is i18next's
 * `getResource` for the `tolk` namespace, passed in like `genitivePatterns`'.
 */
export function numberFormatsOf(resource: (lang: string, key: string) => unknown, lang: string): NumberFormats {
  const formats = { ...numberFormatsFor(lang) }
  const locale = resource(lang, 'format.locale')
  const time = resource(lang, 'format.time')
  if (typeof locale === 'string' && locale.trim() !== '' && Intl.NumberFormat.supportedLocalesOf([locale]).length > 0) formats.locale = locale
  if (typeof time === 'string' && time.includes('{{hours}}') && time.includes('{{minutes}}')) formats.time = time
  const dated = resource(lang, 'format.date_with_article')
  if (typeof dated === 'string' && dated.includes('{{date}}')) formats.datedArticle = dated
  return formats
}

/** Apply a genitive pattern to a form. */
export function genitiveOf(form: string, plural: boolean, patterns: GenitivePatterns): string {
  const last = form.split(' ').pop() ?? form
  const acronym = isAcronym(last)
  const sibilant = endsInSibilant(form)
  const pattern = acronym ? (sibilant ? patterns.genitiveAcronymS : patterns.genitiveAcronym) : sibilant ? (plural ? patterns.genitivePluralS : patterns.genitiveS) : patterns.genitive
  return pattern.split('{{term}}').join(form)
}

/**
 * The target form for a hit in a language. `fallback` is true when the entry has no form for the
 * hit's features (or no target at all for the language) and the base term was used instead.
 */
export function targetForm(hit: TermHit, lang: string, patterns: GenitivePatterns): { form: string; fallback: boolean } {
  const { entry, features } = hit
  let form: string
  let fallback = false
  let plural = features.number === 'pl'
  if (entry.keep) {
    // Kept terms stay exactly as written in the source, in every language.
    form = normalizeSpace(entry.sv)
    if (features.capitalized && isCommonWord(form)) form = capitalizeFirst(form)
    plural = false
  } else {
    const target: TargetForms | undefined = entry.targets[lang]
    if (!target) return { form: hit.source, fallback: true }
    const definite = features.definite && !(features.determined && patterns.definiteAfterDeterminer === false)
    const wanted = features.number === 'pl' ? (definite ? target.defpl : target.pl) : definite ? target.def : target.term
    if (wanted !== undefined && wanted.trim() !== '') form = wanted.trim()
    else {
      fallback = true
      form = (features.number === 'pl' && features.definite ? target.pl?.trim() : undefined) || target.term.trim()
      plural = features.number === 'pl' && form !== target.term.trim()
    }
    if (features.genitive) {
      const own = target.gen?.trim()
      if (own && own.includes('{{term}}')) form = own.split('{{term}}').join(form)
      else if (own && features.number === 'sg' && !features.definite) form = own
      else form = genitiveOf(form, plural, patterns)
    }
    if (features.capitalized) form = capitalizeFirst(form)
    return { form, fallback }
  }
  if (features.genitive) form = genitiveOf(form, plural, patterns)
  return { form, fallback }
}
