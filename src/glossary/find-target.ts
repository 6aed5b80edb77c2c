import { automatonFromData, compileAutomaton, leftmostLongest, type AutomatonData } from './aho-corasick.ts'
import { firstAtLeast } from './sorted.ts'
import { capitalizeFirst, insideAny, isWordChar, lowerCase, urlSpans } from './match.ts'
import { normalizeSpace } from './morphology-sv.ts'
import { unpackCandidates, type PackedCandidates } from './packed.ts'
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

/** A match of a pattern in the searched view of a text, with the pattern's candidates. */
interface FormMatch {
  start: number
  end: number
  candidates: readonly FormCandidate[]
}

/**
 * A language's compiled target forms: every match in a view of a text (lower-cased, white space
 * collapsed), or undefined when the matcher cannot answer (a damaged cache file: the caller
 * compiles the forms instead). `isStart(p)` says whether a match may start at `p` at all; a
 * matcher may report matches elsewhere too (the caller keeps only whole words).
 */
interface TargetFormsMatcher {
  search(view: string, isStart: (position: number) => boolean): FormMatch[] | undefined
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

/**
 * A language's target forms grouped for look-up instead of one automaton, so that a small text
 * reads only the groups its own words could match (from a cache file, a few kilobytes of 5 MB):
 * each pattern under its first `keyLength` code units (a shorter pattern under itself), the keys
 * sorted, and per key its patterns in compiled order, each with its candidates as three numbers
 * each (as in `TargetFormsData`).
 */
export interface TargetFormsIndex {
  keys: readonly string[]
  /** The patterns of each `keys[index]` asked for, or undefined when they cannot be read (a damaged cache file). */
  groups(indexes: readonly number[]): ReadonlyArray<ReadonlyArray<readonly [string, readonly number[]]> | undefined>
}

/** How many code units of a pattern key its group. */
export const keyLength = 12

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

/** Every pattern (a lower-cased form or variant) of a language's target forms, with its candidates as numbers, in compiled order. */
function formPatterns(glossary: Glossary, lang: string): Map<string, number[]> {
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
  return new Map([...byPattern].map(([pattern, list]) => [pattern, list.flatMap((candidate) => [candidate.entry, candidate.kind, candidate.form])]))
}

/** The candidates of three numbers each, as the check uses them. */
function candidateMaker(glossary: Glossary, lang: string): (numbers: ArrayLike<number>, at: number) => FormCandidate {
  const forms = new Map<number, ReturnType<typeof targetFormsOf>>()
  const formsOf = (entry: number) => {
    let known = forms.get(entry)
    if (!known) forms.set(entry, (known = targetFormsOf(glossary.entries[entry]!, lang)))
    return known
  }
  return (numbers, at) => {
    const kind = numbers[at + 1] === 1 ? 'forbidden' : 'approved'
    return { entry: glossary.entries[numbers[at]!]!, form: formsOf(numbers[at]!)[kind][numbers[at + 2]!]!, kind }
  }
}

function matcherOf(glossary: Glossary, lang: string): TargetFormsMatcher {
  return compiled.get(glossary)?.get(lang) ?? useTargetFormsData(glossary, lang, targetFormsData(glossary, lang))
}

function register(glossary: Glossary, lang: string, matcher: TargetFormsMatcher): TargetFormsMatcher {
  let perLang = compiled.get(glossary)
  if (!perLang) compiled.set(glossary, (perLang = new Map()))
  perLang.set(lang, matcher)
  return matcher
}

/** A language's target forms compiled into one automaton, as numbers to store (`useTargetFormsData` takes them back). */
export function targetFormsData(glossary: Glossary, lang: string): TargetFormsData {
  const byPattern = formPatterns(glossary, lang)
  const patterns = [...byPattern.keys()]
  const lists = [...byPattern.values()]
  const offsets = new Int32Array(lists.length + 1)
  lists.forEach((list, pattern) => (offsets[pattern + 1] = offsets[pattern]! + list.length / 3))
  return { ...(patterns.length > 0 ? { automaton: compileAutomaton(patterns).data() } : {}), candidates: Int32Array.from(lists.flat()), offsets }
}

/** Use target forms compiled earlier (`targetFormsData` of a glossary with the same entries in the same order) for this glossary and language. */
export function useTargetFormsData(glossary: Glossary, lang: string, data: TargetFormsData): TargetFormsMatcher {
  const automaton = data.automaton && automatonFromData(data.automaton)
  const candidatesOf = unpackCandidates(data, 3, candidateMaker(glossary, lang))
  return register(glossary, lang, {
    search: (view) => (automaton ? automaton.search(view).map((match) => ({ start: match.start, end: match.end, candidates: candidatesOf(match.pattern) })) : []),
  })
}

/** A language's target forms grouped by key (see `TargetFormsIndex`), to store: the keys and each key's patterns. */
export function targetFormsIndexData(glossary: Glossary, lang: string): { keys: string[]; groups: Array<Array<[string, number[]]>> } {
  const byKey = new Map<string, Array<[string, number[]]>>()
  for (const [pattern, candidates] of formPatterns(glossary, lang)) {
    const key = pattern.slice(0, keyLength)
    const group = byKey.get(key)
    if (group) group.push([pattern, candidates])
    else byKey.set(key, [[pattern, candidates]])
  }
  const keys = [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return { keys, groups: keys.map((key) => byKey.get(key)!) }
}

/**
 * Use target forms grouped by key (`targetFormsIndexData`, of a glossary with the same entries in
 * the same order) for this glossary and language. At each place a match may start, it looks up
 * the text's next `keyLength` code units and each shorter prefix that is a key, and tries that
 * key's patterns there: the same matches an automaton of every pattern finds at those places.
 */
export function useTargetFormsIndex(glossary: Glossary, lang: string, index: TargetFormsIndex): TargetFormsMatcher {
  const { keys } = index
  // Bisection of the sorted keys: nothing to build (a Map of 10,000 keys took 7 ms in a new process).
  const keyAt = (key: string): number => {
    const low = firstAtLeast(keys, key)
    return keys[low] === key ? low : -1
  }
  const lengths: number[] = []
  // The first two code units of every key (one for a key of one), to pass over most places with one look-up.
  const heads = new Set<number>()
  for (const key of keys) {
    if (!lengths.includes(key.length)) lengths.push(key.length)
    heads.add(key.length > 1 ? key.charCodeAt(0) * 0x10000 + key.charCodeAt(1) : -1 - key.charCodeAt(0))
  }
  lengths.sort((a, b) => a - b)
  const make = candidateMaker(glossary, lang)
  // Per key read, its patterns, each with its candidates made when the pattern is first found.
  const groups = new Map<number, Array<{ pattern: string; numbers: readonly number[]; candidates?: FormCandidate[] }> | undefined>()
  return register(glossary, lang, {
    search(view, isStart) {
      const places: number[] = []
      for (let position = 0; position < view.length; position++) {
        const two = position + 1 < view.length ? view.charCodeAt(position) * 0x10000 + view.charCodeAt(position + 1) : -2
        if (!heads.has(two) && !heads.has(-1 - view.charCodeAt(position))) continue
        if (!isStart(position)) continue
        for (const length of lengths) {
          if (position + length > view.length) break
          const at = keyAt(view.slice(position, position + length))
          if (at >= 0) places.push(position, at)
        }
      }
      // The groups not read yet, in one go.
      const missing = [...new Set(places.filter((_, index) => index % 2 === 1 && !groups.has(places[index]!)))]
      if (missing.length > 0) {
        index.groups(missing).forEach((group, at) => groups.set(missing[at]!, group?.map(([pattern, numbers]) => ({ pattern, numbers }))))
      }
      const matches: FormMatch[] = []
      for (let at = 0; at < places.length; at += 2) {
        const position = places[at]!
        const group = groups.get(places[at + 1]!)
        if (!group) return undefined
        for (const each of group) {
          if (!view.startsWith(each.pattern, position)) continue
          each.candidates ??= Array.from({ length: each.numbers.length / 3 }, (_, candidate) => make(each.numbers, candidate * 3))
          matches.push({ start: position, end: position + each.pattern.length, candidates: each.candidates })
        }
      }
      return matches
    },
  })
}

/** Every approved or forbidden target form in a text, leftmost-longest, in text order. */
export function findTargetForms(text: string, glossary: Glossary, lang: string): TargetFormHit[] {
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
  const isStart = (position: number) => !isWordChar(text[origin[position]! - 1])
  let matches = matcherOf(glossary, lang).search(view, isStart)
  if (!matches) {
    // The stored forms cannot be read: compile them (the same matches).
    matches = useTargetFormsData(glossary, lang, targetFormsData(glossary, lang)).search(view, isStart)!
  }
  const found: Array<TargetFormHit & { rank: number }> = []
  for (const match of matches) {
    const start = origin[match.start]!
    const lastStart = origin[match.end - 1]!
    const end = lastStart + String.fromCodePoint(text.codePointAt(lastStart)!).length
    if (isWordChar(text[start - 1]) || isWordChar(text[end])) continue
    if (insideAny(urls, start, end)) continue
    const written = text.slice(start, end).replace(/\s+/g, ' ')
    for (const candidate of match.candidates) {
      const variant = written.slice(0, candidate.form.length)
      if (variant !== candidate.form && variant !== capitalizeFirst(candidate.form) && variant !== candidate.form.toUpperCase()) continue
      found.push({ entry: candidate.entry, form: candidate.form, kind: candidate.kind, start, end, rank: candidate.kind === 'forbidden' ? 0 : 1 })
    }
  }
  return leftmostLongest(found, (hit) => hit.rank).map(({ rank: _rank, ...hit }) => hit)
}
