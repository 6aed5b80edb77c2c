import { automatonFromData, compileAutomaton, leftmostLongest, type Automaton, type AutomatonData } from './aho-corasick.ts'
import { capitalizeFirst, insideAny, isWordChar, lowerCase, urlSpans } from './match.ts'
import { normalizeSpace } from './morphology-sv.ts'
import { packCandidates, unpackCandidates, type PackedCandidates } from './packed.ts'
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

/** A language's compiled target forms: the automaton, and per pattern its candidates (made when first asked for). */
interface TargetFormsMatcher {
  automaton: Automaton | undefined
  candidatesOf(pattern: number): readonly FormCandidate[]
  data: TargetFormsData
}

/**
 * A language's compiled target forms as numbers: the automaton's tables, and per pattern its
 * candidates, three numbers each (the entry's index in the glossary, 0 for approved or 1 for
 * forbidden, the form's index in that list of `targetFormsOf(entry, lang)`), from
 * `offsets[pattern]` to `offsets[pattern + 1]`.
 */
export interface TargetFormsData extends PackedCandidates {
  automaton?: AutomatonData
}

const compiled = new WeakMap<Glossary, Map<string, TargetFormsMatcher>>()

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

function compile(glossary: Glossary, lang: string): TargetFormsMatcher {
  let perLang = compiled.get(glossary)
  if (!perLang) compiled.set(glossary, (perLang = new Map()))
  const existing = perLang.get(lang)
  if (existing) return existing
  const byPattern = new Map<string, Array<{ entry: number; kind: 0 | 1; form: number; text: string }>>()
  const add = (pattern: string, candidate: { entry: number; kind: 0 | 1; form: number; text: string }) => {
    const list = byPattern.get(pattern) ?? []
    if (!list.some((other) => other.entry === candidate.entry && other.text === candidate.text && other.kind === candidate.kind)) list.push(candidate)
    byPattern.set(pattern, list)
  }
  glossary.entries.forEach((entry, index) => {
    const { approved, forbidden } = targetFormsOf(entry, lang)
    approved.forEach((form, at) => {
      for (const variant of [form, `${form}s`, `${form}'s`, `${form}’s`, `${form}'`, `${form}’`]) add(lowerCase(variant), { entry: index, kind: 0, form: at, text: form })
    })
    forbidden.forEach((form, at) => {
      for (const variant of [form, `${form}s`, `${form}n`, `${form}r`, `${form}ne`, `${form}rne`]) add(lowerCase(variant), { entry: index, kind: 1, form: at, text: form })
    })
  })
  const patterns = [...byPattern.keys()]
  const packed = packCandidates([...byPattern.values()], 3, (candidate, into, at) => into.set([candidate.entry, candidate.kind, candidate.form], at))
  return useTargetFormsData(glossary, lang, { ...(patterns.length > 0 ? { automaton: compileAutomaton(patterns).data() } : {}), ...packed })
}

/** A language's target forms compiled, as numbers to store (`useTargetFormsData` takes them back). */
export function targetFormsData(glossary: Glossary, lang: string): TargetFormsData {
  return compile(glossary, lang).data
}

/** Use target forms compiled earlier (`targetFormsData` of a glossary with the same entries in the same order) for this glossary and language. */
export function useTargetFormsData(glossary: Glossary, lang: string, data: TargetFormsData): TargetFormsMatcher {
  let perLang = compiled.get(glossary)
  if (!perLang) compiled.set(glossary, (perLang = new Map()))
  const forms = new Map<number, ReturnType<typeof targetFormsOf>>()
  const formsOf = (entry: number) => {
    let known = forms.get(entry)
    if (!known) forms.set(entry, (known = targetFormsOf(glossary.entries[entry]!, lang)))
    return known
  }
  const matcher: TargetFormsMatcher = {
    automaton: data.automaton && automatonFromData(data.automaton),
    data,
    candidatesOf: unpackCandidates(data, 3, (numbers, at): FormCandidate => {
      const kind = numbers[at + 1] === 1 ? 'forbidden' : 'approved'
      return { entry: glossary.entries[numbers[at]!]!, form: formsOf(numbers[at]!)[kind][numbers[at + 2]!]!, kind }
    }),
  }
  perLang.set(lang, matcher)
  return matcher
}

/** Every approved or forbidden target form in a text, leftmost-longest, in text order. */
export function findTargetForms(text: string, glossary: Glossary, lang: string): TargetFormHit[] {
  const { automaton, candidatesOf } = compile(glossary, lang)
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
    for (const candidate of candidatesOf(match.pattern)) {
      const variant = written.slice(0, candidate.form.length)
      if (variant !== candidate.form && variant !== capitalizeFirst(candidate.form) && variant !== candidate.form.toUpperCase()) continue
      found.push({ entry: candidate.entry, form: candidate.form, kind: candidate.kind, start, end, rank: candidate.kind === 'forbidden' ? 0 : 1 })
    }
  }
  return leftmostLongest(found, (hit) => hit.rank).map(({ rank: _rank, ...hit }) => hit)
}
