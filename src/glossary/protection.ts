import { escapeXml, nextPlaceholderId } from '../document/placeholders.ts'
import { plainView } from './protect.ts'
import { insideAny, urlSpans } from './match.ts'
import { findNumbers, formatNumber, numberFormatsFor, type NumberFormats, type NumberHit } from './numbers.ts'
import { findNames, type NameContext, type NameSpan } from './names.ts'
import { genitiveOf, type GenitivePatterns } from './target.ts'
import type { Agreement } from './agreement.ts'
import type { CompoundHit } from './compounds.ts'

/**
 * Term protection, the contract between the glossary and the engines: before an engine sees a
 * unit, each glossary hit becomes a placeholder `<x id="N"/>` (N above the unit's own ids) the
 * engine must give back; afterwards each is replaced by the approved target form.
 */
export interface ProtectedText {
  /** The unit's text with term hits replaced by placeholders. */
  text: string
  /** Target form (plain text) for each term placeholder id. */
  terms: Map<number, string>
  /** Hits, for the report. */
  hits: TermHitRecord[]
  /** Hash of the glossary entries involved, recorded in the lock file. */
  glossaryHash?: string
  /** Placeholder ids that stand for numbers (an engine may not put a full stop after one). */
  numbers?: number[]
  /** Of `numbers`, those of whole numbers (`1`, `45 000`): the words after one agree with it. */
  counts?: number[]
  /** Proper names protected, as written in the source. */
  names?: string[]
  /** Term placeholders whose article and adjectives must agree with the term's gender. */
  agreement?: Map<number, Agreement>
}

export interface TermHitRecord {
  entry: string
  source: string
  target: string
  /** Set when the target form for the hit's features was missing and the base term was used. */
  fallback?: boolean
  /** The term is the first part or the head of a closed compound (`source` is the whole word); the engine translated the word, `target` is the approved term it should contain. */
  compound?: 'first' | 'head'
}

/** Given a unit's text and the target language, protect its terms. */
export type TermProtector = (text: string, target: string) => ProtectedText

/** Put the target forms back where the engine left the term placeholders. */
export function restoreTerms(text: string, terms: ReadonlyMap<number, string>): string {
  if (terms.size === 0) return text
  return text.replace(/<x\s+id="(\d+)"\s*(?:\/>|><\/x\s*>)/g, (whole, id: string) => {
    const form = terms.get(Number(id))
    return form === undefined ? whole : escapeXml(form)
  })
}

/** A span of a unit's plain view to protect, with the text that goes back in its place. */
interface ProtectedSpan {
  start: number
  end: number
  target: string
  /** A whole number (`45 000`). */
  count?: boolean
}

/**
 * Replace spans of the unit's plain view (`plainView`: tags as U+FFFC, entities decoded) with
 * placeholders numbered after every id the text has; what each one stands for goes into `terms`.
 * Spans that touch a tag are left alone.
 */
function protectSpans(input: ProtectedText, find: (plain: string) => ProtectedSpan[]): { protectedText: ProtectedText; ids: number[]; counts: number[] } {
  const view = plainView(input.text)
  const spans = find(view.text).filter((span) => !view.text.slice(span.start, span.end).includes('\uFFFC'))
  if (spans.length === 0) return { protectedText: input, ids: [], counts: [] }
  let next = nextPlaceholderId(input.text)
  const terms = new Map(input.terms)
  const ids: number[] = []
  const counts: number[] = []
  const placed = spans.map((span) => {
    const id = next++
    terms.set(id, span.target)
    ids.push(id)
    if (span.count) counts.push(id)
    return { from: view.origin[span.start]!, to: view.originEnd[span.end - 1]!, id }
  })
  let text = input.text
  for (const span of placed.reverse()) text = `${text.slice(0, span.from)}<x id="${span.id}"/>${text.slice(span.to)}`
  return { protectedText: { ...input, text, terms }, ids, counts }
}

/**
 * Every number of a unit — plain integers too: Apertium's Bokmål pair writes `38 röster` as
 * `38. røster` and `1.10.0` as `1..10.0` — becomes a placeholder, and comes back in the target's
 * format (`glossary/numbers.ts`): decimals, grouped thousands, dates and clock times through Intl,
 * everything else (years, versions) exactly as written. Numbers inside URLs stay in the text.
 */
export function protectNumbers(input: ProtectedText, formats: NumberFormats = numberFormatsFor('en'), hitsOf: (plain: string) => readonly NumberHit[] = numbersOutsideUrls): ProtectedText {
  if (!/\d/.test(input.text)) return input
  const { protectedText, ids, counts } = protectSpans(input, (plain) => hitsOf(plain).map((hit) => ({ start: hit.start, end: hit.end, target: formatNumber(hit, formats), count: hit.kind === 'integer' || hit.kind === 'grouped' })))
  if (ids.length === 0) return input
  return { ...protectedText, numbers: [...(input.numbers ?? []), ...ids], ...(counts.length > 0 || input.counts ? { counts: [...(input.counts ?? []), ...counts] } : {}) }
}

/** The numbers of a plain view that tolk protects: all but those inside URLs. */
function numbersOutsideUrls(plain: string): NumberHit[] {
  const urls = urlSpans(plain)
  return findNumbers(plain).filter((hit) => !insideAny(urls, hit.start, hit.end))
}

/**
 * Proper names (`glossary/names.ts`) become placeholders like `keep` terms: the engine never sees
 * them, and they come back as written; a genitive takes the target's pattern (`Ellevios` → en
 * `Ellevio's`, da `Ellevios`).
 */
export function protectNames(input: ProtectedText, context: NameContext | undefined, patterns: GenitivePatterns, spansOf: (plain: string) => readonly NameSpan[] = (plain) => findNames(plain, context!)): ProtectedText {
  if (!context || !/\p{Lu}/u.test(input.text)) return input
  const found: string[] = []
  const { protectedText, ids } = protectSpans(input, (plain) =>
    spansOf(plain).map((span) => {
      found.push(span.source)
      return { start: span.start, end: span.end, target: span.genitive ? genitiveOf(span.stem, false, patterns) : span.source }
    }),
  )
  if (ids.length === 0) return input
  return { ...protectedText, names: [...(input.names ?? []), ...found] }
}

/** What protects a language's units besides the glossary. */
export interface ProtectionOptions {
  /** The name context a unit is judged by; undefined: names are not protected. */
  names?: (text: string) => NameContext
  /** Genitive patterns of each target language (names take them). */
  patterns: (lang: string) => GenitivePatterns
  /** Number formats of each target language. */
  numbers: (lang: string) => NumberFormats
  /** Closed compounds of terms in a unit's plain text, reported with the unit's hits. */
  compounds?: (plain: string) => CompoundHit[]
}

/**
 * Everything a unit is protected by before an engine sees it, in order: glossary terms, proper
 * names, numbers. The hash recorded in the lock stays the glossary entries' (what review and
 * interchange compare too); names and numbers are decided from the source alone.
 */
export function composeProtection(terms: TermProtector | undefined, options: ProtectionOptions): TermProtector {
  const cache = new Map<string, ProtectedText>()
  // Names and numbers are found once per text, whatever the number of target languages; only how they are written back differs.
  const names = new Map<string, readonly NameSpan[]>()
  const numbers = new Map<string, readonly NumberHit[]>()
  const once = <T>(memo: Map<string, T>, key: string, find: () => T): T => {
    let found = memo.get(key)
    if (found === undefined) memo.set(key, (found = find()))
    return found
  }
  return (text, target) => {
    const cacheKey = `${target}\u0000${text}`
    const cached = cache.get(cacheKey)
    if (cached) return cached
    const withTerms: ProtectedText = terms?.(text, target) ?? { text, terms: new Map(), hits: [] }
    const formats = options.numbers(target)
    const context = options.names?.(text)
    const named = protectNames(withTerms, context, options.patterns(target), (plain) => once(names, `${text}\u0000${plain}`, () => findNames(plain, context!)))
    let result = protectNumbers(named, formats, (plain) => once(numbers, plain, () => numbersOutsideUrls(plain)))
    const compounds = options.compounds?.(plainView(text).text).filter((hit) => hit.entry.targets[target] !== undefined) ?? []
    if (compounds.length > 0) {
      const records = compounds.map((hit): TermHitRecord => ({ entry: hit.entry.id, source: hit.source, target: hit.entry.targets[target]!.term.trim(), compound: hit.position }))
      result = { ...result, hits: [...result.hits, ...records] }
    }
    cache.set(cacheKey, result)
    return result
  }
}
