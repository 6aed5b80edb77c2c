import { sep } from 'node:path'
import type { ResolvedConfig } from '../config/schema.ts'
import { loadProjectGlossary, type ProjectGlossary } from '../project/glossary.ts'
import { findTargetForms, matchTerms, targetForm, type GenitivePatterns, type Glossary, type GlossaryEntry, type TargetFormHit, type TermHit, type TermMatcher } from '../glossary/index.ts'

/**
 * The glossary as the check uses it: Swedish hits in a source text, and the approved and forbidden
 * target forms in its translation. The same comparison serves editions (`glossary-term`) and
 * catalog entries (`catalog`).
 */

export interface GlossaryContext {
  glossary: Glossary
  matcher: TermMatcher
  patterns: Map<string, GenitivePatterns>
  /** Glossary file names relative to the config's folder. */
  display: (file: string) => string
  /** `matchTerms` of a Swedish text, remembered: the same sentence is looked at for every language and its catalogs. */
  hits: (text: string) => TermHit[]
  /** `findTargetForms` of a translated text, remembered: several rules look at the same block. */
  forms: (text: string, lang: string) => TargetFormHit[]
}

/** The project glossary read for the given languages, as the check compares with it. */
export async function loadGlossaryContext(config: ResolvedConfig, languages: readonly string[]): Promise<GlossaryContext> {
  return glossaryContext(await loadProjectGlossary(config, languages))
}

/** The comparison over a project glossary already read. */
export function glossaryContext(project: ProjectGlossary): GlossaryContext {
  const { glossary, matcher, patterns } = project
  const hits = new Map<string, TermHit[]>()
  const forms = new Map<string, TargetFormHit[]>()
  return {
    glossary,
    matcher,
    patterns,
    hits: (text) => remember(hits, text, () => matchTerms(text, matcher)),
    forms: (text, lang) => remember(forms, `${lang}\u0000${text}`, () => findTargetForms(text, glossary, lang)),
    display: (file) => file.split(sep).join('/'),
  }
}

export interface TermProblem {
  /** Offsets into the translated text, when the problem is a word found there. */
  start?: number
  end?: number
  message: string
  /** A forbidden form found where an approved one was expected. */
  forbidden: boolean
}

/**
 * Every glossary hit of the source text (quotations already left out by the caller) must have its
 * approved target form, in the hit's grammatical form, in the translation; `keep` terms as written.
 * Hits are paired with target forms first where the form is exactly right, then with whatever
 * form of the same entry is left, which is what the message names.
 */
export function termProblems(sourceText: string, translated: string, lang: string, context: GlossaryContext): TermProblem[] {
  const hits = context.hits(sourceText).filter((hit) => hit.entry.keep || hit.entry.targets[lang] !== undefined)
  if (hits.length === 0) return []
  const patterns = context.patterns.get(lang)!
  const found = context.forms(translated, lang)
  const used = new Set<number>()
  const expected = hits.map((hit) => ({ hit, ...targetForm(hit, lang, patterns) }))
  const open: typeof expected = []
  for (const wanted of expected) {
    const index = found.findIndex((form, at) => !used.has(at) && form.kind === 'approved' && form.entry.id === wanted.hit.entry.id && (wanted.fallback || containsForm(translated.slice(form.start, form.end), wanted.form) || sameForm(form.form, wanted.form)))
    if (index >= 0) used.add(index)
    else open.push(wanted)
  }
  const problems: TermProblem[] = []
  for (const wanted of open) {
    const label = `(glossary entry ${wanted.hit.entry.id})`
    const index = found.findIndex((form, at) => !used.has(at) && form.entry.id === wanted.hit.entry.id)
    if (index >= 0) {
      used.add(index)
      const form = found[index]!
      problems.push({ start: form.start, end: form.end, forbidden: form.kind === 'forbidden', message: `Unexpected \`${translated.slice(form.start, form.end)}\`, expected \`${wanted.form}\` ${label}` })
    } else {
      problems.push({ forbidden: false, message: `Missing \`${wanted.form}\` for \`${wanted.hit.source}\`, expected the glossary's form in the translation ${label}` })
    }
  }
  return problems
}

/** Forbidden target forms anywhere in a text, each with the approved form to use instead. */
export function forbiddenForms(text: string, lang: string, context: GlossaryContext): Array<{ start: number; end: number; message: string }> {
  return context
    .forms(text, lang)
    .filter((form) => form.kind === 'forbidden')
    .map((form) => {
      const written = text.slice(form.start, form.end)
      return { start: form.start, end: form.end, message: `Unexpected \`${written}\`, expected \`${approvedFor(form, written, lang)}\` (glossary entry ${form.entry.id})` }
    })
}

/** The approved form matching the inflection of a forbidden one (`vervingskampagnen` → the definite form). */
function approvedFor(form: TargetFormHit, written: string, lang: string): string {
  const entry: GlossaryEntry = form.entry
  if (entry.keep) return entry.sv
  const target = entry.targets[lang]
  if (!target) return '(no approved form)'
  const suffix = written.slice(form.form.length).toLowerCase()
  const chosen = suffix === 'n' || suffix === 'en' ? target.def : suffix === 'r' || suffix === 'er' ? target.pl : suffix.endsWith('ne') ? target.defpl : suffix === 's' ? `${target.term}s` : target.term
  const base = chosen ?? target.term
  return /^\p{Lu}/u.test(written) ? base.charAt(0).toUpperCase() + base.slice(1) : base
}

/**
 * The written form holds the expected one as whole words: `The recruitment campaign` has the
 * indefinite `recruitment campaign` a Swedish `Den rekryteringskampanj som` asks for.
 */
function containsForm(written: string, form: string): boolean {
  const text = written.replace(/\s+/g, ' ')
  const wanted = form.replace(/\s+/g, ' ')
  for (const variant of new Set([wanted, wanted.charAt(0).toUpperCase() + wanted.slice(1), wanted.charAt(0).toLowerCase() + wanted.slice(1)])) {
    for (let at = text.indexOf(variant); at >= 0; at = text.indexOf(variant, at + 1)) {
      if (!/[\p{L}\p{N}]/u.test(text[at - 1] ?? '') && !/[\p{L}\p{N}]/u.test(text[at + variant.length] ?? '')) return true
    }
  }
  return false
}

/** Equal, allowing a capital first letter where a sentence begins. */
function sameForm(written: string, form: string): boolean {
  const a = written.replace(/\s+/g, ' ')
  const b = form.replace(/\s+/g, ' ')
  return a === b || (a.slice(1) === b.slice(1) && a.charAt(0).toLowerCase() === b.charAt(0).toLowerCase())
}

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key)
  if (value === undefined) cache.set(key, (value = compute()))
  return value
}
