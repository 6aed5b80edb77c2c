import { isCommonWord, surfaceForms } from './morphology-sv.ts'
import type { Glossary, GlossaryEntry } from './types.ts'

/**
 * Closed compounds of a term: the term as the first part (`statsministerkandidater`,
 * `rekryteringskampanjledaren`, with or without a linking `s`) or the last part
 * (`valrekryteringskampanjen`) of a longer word, where the lexicon confirms that the other part
 * is a word of its own (`kandidater`, `ledaren`). The matcher finds a term only as a whole word;
 * an engine translates the compound as one word, so such hits are reported (and the edition
 * looked at) rather than protected.
 */

export interface CompoundHit {
  entry: GlossaryEntry
  /** Offsets of the whole compound word in the text searched. */
  start: number
  end: number
  /** The compound as written. */
  source: string
  position: 'first' | 'head'
  /** The other part, as written (without a linking `s`). */
  rest: string
}

/** What the index is asked: a `Map`, or anything that answers the same (a cached index answers from sorted keys). */
export type CompoundLookup = Pick<ReadonlyMap<string, GlossaryEntry>, 'get' | 'has' | 'size'>

export interface CompoundIndex {
  /** Lower-cased Swedish forms of inflecting common-word entries. */
  forms: CompoundLookup
  /** Lower-cased lemmas (first parts are written as the lemma, or the lemma with a linking `s`). */
  lemmas: CompoundLookup
  shortest: number
}

export function compoundIndex(glossary: Glossary): CompoundIndex & { forms: Map<string, GlossaryEntry>; lemmas: Map<string, GlossaryEntry> } {
  const forms = new Map<string, GlossaryEntry>()
  const lemmas = new Map<string, GlossaryEntry>()
  let shortest = Number.POSITIVE_INFINITY
  for (const entry of glossary.entries) {
    const lemma = entry.sv.trim()
    if (entry.keep || !isCommonWord(lemma) || /\s/.test(lemma)) continue
    lemmas.set(lemma.toLowerCase(), entry)
    for (const form of surfaceForms(entry)) if (!form.features.genitive && !/\s/.test(form.text)) forms.set(form.text.toLowerCase(), entry)
    shortest = Math.min(shortest, [...lemma].length)
  }
  return { forms, lemmas, shortest }
}

const wordPattern = /[\p{L}\p{M}]+/gu

/** The other parts a text's words would have if they were compounds of a term: what the lexicon must be asked about. */
export function compoundCandidates(text: string, index: CompoundIndex): Array<Omit<CompoundHit, 'start' | 'end' | 'source'> & { word: string; start: number; end: number }> {
  if (index.lemmas.size === 0) return []
  const found: Array<Omit<CompoundHit, 'start' | 'end' | 'source'> & { word: string; start: number; end: number }> = []
  for (const match of text.matchAll(wordPattern)) {
    const word = match[0]
    const lower = word.toLowerCase()
    if (lower.length < index.shortest + 3 || index.forms.has(lower)) continue
    // The term first: its lemma, with or without a linking `s`, and at least three letters after it.
    for (let cut = lower.length - 3; cut >= index.shortest; cut--) {
      const entry = index.lemmas.get(lower.slice(0, cut))
      if (!entry) continue
      const rest = lower[cut] === 's' && lower.length - cut > 3 && !index.lemmas.has(lower.slice(0, cut + 1)) ? word.slice(cut + 1) : word.slice(cut)
      found.push({ entry, position: 'first', rest, word, start: match.index, end: match.index + word.length })
      found.push({ entry, position: 'first', rest: word.slice(cut), word, start: match.index, end: match.index + word.length })
      break
    }
    // The term last, in any of its forms, after at least three letters.
    for (let cut = 3; cut <= lower.length - index.shortest; cut++) {
      const entry = index.forms.get(lower.slice(cut))
      if (!entry) continue
      found.push({ entry, position: 'head', rest: word.slice(0, cut), word, start: match.index, end: match.index + word.length })
      break
    }
  }
  return found
}

/** Closed compounds of terms in a text, each confirmed by `isWord` for its other part. */
export function findCompounds(text: string, index: CompoundIndex, isWord: (part: string) => boolean): CompoundHit[] {
  const hits: CompoundHit[] = []
  for (const candidate of compoundCandidates(text, index)) {
    if (hits.some((hit) => hit.start === candidate.start)) continue
    const rest = candidate.rest.toLowerCase()
    if (!isWord(rest) && !(candidate.position === 'head' && rest.endsWith('s') && isWord(rest.slice(0, -1)))) continue
    hits.push({ entry: candidate.entry, start: candidate.start, end: candidate.end, source: candidate.word, position: candidate.position, rest: candidate.rest })
  }
  return hits
}
