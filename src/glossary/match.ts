import { automatonFromData, compileAutomaton, leftmostLongest, type Automaton, type AutomatonData } from './aho-corasick.ts'
import { isCommonWord, surfaceForms, type SurfaceForm } from './morphology-sv.ts'
import { packCandidates, unpackCandidates, type PackedCandidates } from './packed.ts'
import type { Glossary, GlossaryEntry, TermHit } from './types.ts'

/**
 * Finding glossary terms in Swedish text: every surface form of every entry goes into one
 * Aho–Corasick automaton over lower-cased text, so one pass finds every candidate whatever the
 * glossary's size. Candidates are then held to the rules of a word: whole words (or a declared
 * compound), the right case, not inside a URL, an e-mail address or a domain name.
 */

interface Candidate {
  entry: GlossaryEntry
  form: SurfaceForm
  /** Names and acronyms match only as written; common words also capitalised or in capitals. */
  common: boolean
  /** Order of declaration, to break ties deterministically. */
  order: number
}

export interface TermMatcher {
  readonly glossary: Glossary
  /** The candidates of an automaton pattern (made when first asked for). */
  candidatesOf(pattern: number): readonly Candidate[]
  readonly automaton: Automaton | undefined
  /** Number of distinct surface forms compiled. */
  readonly size: number
  /** The compiled matcher as tables, to store and load again with `useMatcherData`. */
  data(): MatcherData
}

/**
 * A compiled matcher as numbers: the automaton's tables, and per pattern its candidates, four
 * numbers each (the entry's index in the glossary, the form's index in `surfaceForms(entry)`,
 * 1 for a common word, the order of declaration), from `offsets[pattern]` to `offsets[pattern + 1]`.
 */
export interface MatcherData extends PackedCandidates {
  automaton?: AutomatonData
  size: number
}

const compiledMatchers = new WeakMap<Glossary, TermMatcher>()

/** Compile a glossary into one matcher; the same glossary is compiled once. */
export function compileMatcher(glossary: Glossary): TermMatcher {
  let matcher = compiledMatchers.get(glossary)
  if (!matcher) compiledMatchers.set(glossary, (matcher = matcherFromData(glossary, compile(glossary))))
  return matcher
}

/** Use a matcher compiled earlier (`data()`, of a glossary with the same entries in the same order) as this glossary's. */
export function useMatcherData(glossary: Glossary, data: MatcherData): TermMatcher {
  const matcher = matcherFromData(glossary, data)
  compiledMatchers.set(glossary, matcher)
  return matcher
}

function compile(glossary: Glossary): MatcherData {
  const byPattern = new Map<string, Array<{ entry: number; form: number; text: string; common: boolean; order: number }>>()
  let order = 0
  glossary.entries.forEach((entry, entryIndex) => {
    const common = isCommonWord(entry.sv.trim())
    surfaceForms(entry).forEach((form, formIndex) => {
      const pattern = lowerCase(form.text)
      const list = byPattern.get(pattern) ?? []
      if (!list.some((candidate) => candidate.entry === entryIndex && candidate.text === form.text)) list.push({ entry: entryIndex, form: formIndex, text: form.text, common, order: order++ })
      byPattern.set(pattern, list)
    })
  })
  const patterns = [...byPattern.keys()]
  const packed = packCandidates([...byPattern.values()], 4, (candidate, into, at) => into.set([candidate.entry, candidate.form, candidate.common ? 1 : 0, candidate.order], at))
  return { ...(patterns.length > 0 ? { automaton: compileAutomaton(patterns).data() } : {}), size: patterns.length, ...packed }
}

function matcherFromData(glossary: Glossary, data: MatcherData): TermMatcher {
  const automaton = data.automaton && automatonFromData(data.automaton)
  const forms = new Map<number, SurfaceForm[]>()
  const formsOf = (entry: number) => {
    let list = forms.get(entry)
    if (!list) forms.set(entry, (list = surfaceForms(glossary.entries[entry]!)))
    return list
  }
  return {
    glossary,
    automaton,
    size: data.size,
    data: () => data,
    candidatesOf: unpackCandidates(data, 4, (numbers, at) => ({ entry: glossary.entries[numbers[at]!]!, form: formsOf(numbers[at]!)[numbers[at + 1]!]!, common: numbers[at + 2] === 1, order: numbers[at + 3]! })),
  }
}

/** Every term in a plain text: whole words only, longest first, no overlaps, in text order. */
export function matchTerms(text: string, matcher: TermMatcher): TermHit[] {
  if (!matcher.automaton || text === '') return []
  const view = normalize(text)
  const urls = urlSpans(text)
  const found: Array<TermHit & { order: number }> = []
  for (const match of matcher.automaton.search(view.text)) {
    const start = view.origin[match.start]!
    const end = view.originEnd[match.end - 1]!
    if (insideAny(urls, start, end)) continue
    const source = text.slice(start, end)
    for (const candidate of matcher.candidatesOf(match.pattern)) {
      const hit = accept(text, start, end, source, candidate)
      if (hit) found.push({ ...hit, order: candidate.order })
    }
  }
  return leftmostLongest(found, (hit) => hit.order).map(({ order: _order, ...hit }) => hit)
}

function accept(text: string, start: number, end: number, source: string, candidate: Candidate): TermHit | undefined {
  const written = source.replace(/\s+/g, ' ')
  const form = candidate.form.text
  let capitalized: boolean
  if (written === form) capitalized = false
  else if (candidate.common && written === capitalizeFirst(form)) capitalized = true
  else if (candidate.common && [...form].length > 1 && written === form.toUpperCase()) capitalized = true
  else return undefined

  const compounds = candidate.entry.compounds ?? { hyphen: true, closed: false }
  const before = charBefore(text, start)
  const after = charAt(text, end)
  let compound: TermHit['features']['compound']

  if (isWordChar(before)) {
    if (!compounds.closed) return undefined
    compound = { position: 'head', rest: wordBefore(text, start), hyphen: false }
  } else if (before === '-' && isWordChar(charBefore(text, start - 1))) {
    if (!compounds.hyphen) return undefined
    compound = { position: 'head', rest: wordBefore(text, start - 1), hyphen: true }
  } else if ((before === '.' || before === '/' || before === '@' || before === ':') && isWordChar(charBefore(text, start - 1))) {
    return undefined // a domain name, a path, an address: `nifamc.se`, `user@ice`
  }

  if (isWordChar(after)) {
    if (compound || !compounds.closed || candidate.form.features.genitive) return undefined
    compound = { position: 'first', rest: wordAfter(text, end), hyphen: false }
  } else if (after === '-' && isWordChar(charAt(text, end + 1))) {
    if (compound || !compounds.hyphen || candidate.form.features.genitive) return undefined
    compound = { position: 'first', rest: wordAfter(text, end + 1), hyphen: true }
  } else if ((after === '.' || after === '/' || after === '@' || after === ':' || after === "'" || after === '’') && isWordChar(charAt(text, end + 1))) {
    // `ice.gov`, `ICE:are`, `ICE's`: part of a longer token, not the term
    if (!(after === '.' && /\p{Lu}/u.test(charAt(text, end + 1) ?? ''))) return undefined
  }

  const features: TermHit['features'] = { ...candidate.form.features, capitalized }
  if (compound) features.compound = compound
  if (features.definite && !compound && determinerBefore(text, start)) features.determined = true
  return { entry: candidate.entry, start, end, source, features }
}

/** Lower case, code point by code point, keeping the length so offsets map back one to one. */
export function lowerCase(text: string): string {
  const simple = text.toLowerCase()
  if (simple.length === text.length) return simple.replace(/\s+/g, ' ')
  let out = ''
  for (const char of text) {
    const lower = char.toLowerCase()
    out += lower.length === char.length ? lower : char
  }
  return out.replace(/\s+/g, ' ')
}

/** The text lower-cased with white-space runs collapsed, and where each of its characters came from. */
function normalize(text: string): { text: string; origin: number[]; originEnd: number[] } {
  let out = ''
  const origin: number[] = []
  const originEnd: number[] = []
  let index = 0
  while (index < text.length) {
    const code = text.codePointAt(index)!
    const char = String.fromCodePoint(code)
    if (/\s/.test(char)) {
      let stop = index + char.length
      while (stop < text.length && /\s/.test(text[stop]!)) stop++
      origin.push(index)
      originEnd.push(stop)
      out += ' '
      index = stop
      continue
    }
    const lower = char.toLowerCase()
    const kept = lower.length === char.length ? lower : char
    for (let unit = 0; unit < kept.length; unit++) {
      origin.push(index)
      originEnd.push(index + char.length)
    }
    out += kept
    index += char.length
  }
  return { text: out, origin, originEnd }
}

const urlPattern = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"'”)\]]*|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/giu

/** Spans of URLs and e-mail addresses, where no term is ever found. */
export function urlSpans(text: string): Array<[number, number]> {
  if (!text.includes('://') && !text.includes('www.') && !text.includes('@')) return []
  return [...text.matchAll(urlPattern)].map((match) => [match.index, match.index + match[0].length])
}

/** Whether [start, end) overlaps one of the sorted, disjoint spans (binary search: matching stays linear). */
export function insideAny(spans: ReadonlyArray<[number, number]>, start: number, end: number): boolean {
  let low = 0
  let high = spans.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const [from, to] = spans[middle]!
    if (to <= start) low = middle + 1
    else if (from >= end) high = middle - 1
    else return true
  }
  return false
}

export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}\p{M}_]/u.test(char)
}

function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined
  const code = text.codePointAt(index - 2)
  return code !== undefined && code > 0xffff && index >= 2 ? String.fromCodePoint(code) : text[index - 1]
}

function charAt(text: string, index: number): string | undefined {
  if (index >= text.length) return undefined
  return String.fromCodePoint(text.codePointAt(index)!)
}

function wordBefore(text: string, index: number): string {
  let start = index
  while (start > 0 && (isWordChar(text[start - 1]) || (text[start - 1] === '-' && isWordChar(text[start - 2])))) start--
  return text.slice(start, index)
}

function wordAfter(text: string, index: number): string {
  let end = index
  while (end < text.length && (isWordChar(text[end]) || (text[end] === '-' && isWordChar(text[end + 1])))) end++
  return text.slice(index, end)
}

export function capitalizeFirst(text: string): string {
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0)
  return text === '' ? text : first.toUpperCase() + text.slice(first.length)
}

/**
 * A determiner before a definite noun, with only adjectives between: `den nya`, `det stora
 * federala`, `de`, `denna`, `den här`. Adjectives here end in -a or -e (`nya`, `amerikanska`,
 * `gamle`), which keeps `Det var rekryteringskampanjen` (a pronoun and a verb) out.
 */
const determinerPattern = /(?:^|[^\p{L}\p{N}])(?:den|det|de|denna|detta|dessa)(?:\s+(?:här|där))?(?:\s+\p{Ll}+[ae])*\s+$/iu

function determinerBefore(text: string, start: number): boolean {
  return determinerPattern.test(text.slice(Math.max(0, start - 80), start))
}
