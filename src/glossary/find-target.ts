import { compileAutomaton, leftmostLongest, type Automaton } from './aho-corasick.ts'
import { capitalizeFirst, insideAny, isWordChar, lowerCase, urlSpans } from './match.ts'
import { normalizeSpace } from './morphology-sv.ts'
import type { Glossary, GlossaryEntry } from './types.ts'

/**
 * Approved and forbidden target forms in an edition's text, for the check: whole words (a hyphen
 * counts as a word boundary, so `ICE-annoncer` shows `ICE`), as written or capitalised, outside
 * URLs. Genitives of approved forms (`-s`, `'s`, `'`) count as the form.
 */

export interface TargetFormHit {
  entry: GlossaryEntry
  form: string
  kind: 'approved' | 'forbidden'
  start: number
  end: number
}

interface FormCandidate {
  entry: GlossaryEntry
  form: string
  kind: 'approved' | 'forbidden'
}

const compiled = new WeakMap<Glossary, Map<string, { automaton: Automaton | undefined; candidates: FormCandidate[][] }>>()

/** Approved and forbidden forms of every entry for one language. */
export function targetFormsOf(entry: GlossaryEntry, lang: string): { approved: string[]; forbidden: string[] } {
  const approved = new Set<string>()
  if (entry.keep) approved.add(normalizeSpace(entry.sv))
  else {
    const target = entry.targets[lang]
    for (const form of [target?.term, target?.def, target?.pl, target?.defpl, target?.gen]) if (form && !form.includes('{{term}}') && normalizeSpace(form)) approved.add(normalizeSpace(form))
  }
  const forbidden = (entry.forbidden[lang] ?? []).map(normalizeSpace).filter(Boolean)
  return { approved: [...approved], forbidden }
}

function compile(glossary: Glossary, lang: string) {
  let perLang = compiled.get(glossary)
  if (!perLang) compiled.set(glossary, (perLang = new Map()))
  const existing = perLang.get(lang)
  if (existing) return existing
  const byPattern = new Map<string, FormCandidate[]>()
  const add = (pattern: string, candidate: FormCandidate) => {
    const list = byPattern.get(pattern) ?? []
    if (!list.some((other) => other.entry === candidate.entry && other.form === candidate.form && other.kind === candidate.kind)) list.push(candidate)
    byPattern.set(pattern, list)
  }
  for (const entry of glossary.entries) {
    const { approved, forbidden } = targetFormsOf(entry, lang)
    for (const form of approved) for (const variant of [form, `${form}s`, `${form}'s`, `${form}’s`, `${form}'`, `${form}’`]) add(lowerCase(variant), { entry, form, kind: 'approved' })
    for (const form of forbidden) for (const variant of [form, `${form}s`, `${form}n`, `${form}r`, `${form}ne`, `${form}rne`]) add(lowerCase(variant), { entry, form, kind: 'forbidden' })
  }
  const patterns = [...byPattern.keys()]
  const result = {
    automaton: patterns.length > 0 ? compileAutomaton(patterns) : undefined,
    candidates: patterns.map((pattern) => byPattern.get(pattern)!),
  }
  perLang.set(lang, result)
  return result
}

/** Every approved or forbidden target form in a text, leftmost-longest, in text order. */
export function findTargetForms(text: string, glossary: Glossary, lang: string): TargetFormHit[] {
  const { automaton, candidates } = compile(glossary, lang)
  if (!automaton) return []
  // The automaton is over lower-cased text with white space collapsed; map offsets back.
  const origin: number[] = []
  let view = ''
  for (let index = 0; index < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(index)!)
    if (/\s/.test(char)) {
      let stop = index + 1
      while (stop < text.length && /\s/.test(text[stop]!)) stop++
      origin.push(index)
      view += ' '
      index = stop
      continue
    }
    const lower = char.toLowerCase()
    const kept = lower.length === char.length ? lower : char
    for (let unit = 0; unit < kept.length; unit++) origin.push(index)
    view += kept
    index += char.length
  }
  origin.push(text.length)
  const urls = urlSpans(text)
  const found: Array<TargetFormHit & { rank: number }> = []
  for (const match of automaton.search(view)) {
    const start = origin[match.start]!
    const lastStart = origin[match.end - 1]!
    const end = lastStart + String.fromCodePoint(text.codePointAt(lastStart)!).length
    if (isWordChar(text[start - 1]) || isWordChar(text[end])) continue
    if (insideAny(urls, start, end)) continue
    const written = text.slice(start, end).replace(/\s+/g, ' ')
    for (const candidate of candidates[match.pattern]!) {
      const variant = written.slice(0, candidate.form.length)
      if (variant !== candidate.form && variant !== capitalizeFirst(candidate.form) && variant !== candidate.form.toUpperCase()) continue
      found.push({ entry: candidate.entry, form: candidate.form, kind: candidate.kind, start, end, rank: candidate.kind === 'forbidden' ? 0 : 1 })
    }
  }
  return leftmostLongest(found, (hit) => hit.rank).map(({ rank: _rank, ...hit }) => hit)
}
