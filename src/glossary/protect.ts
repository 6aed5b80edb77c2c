import { createHash } from 'node:crypto'
import { nextPlaceholderId } from '../document/placeholders.ts'
import type { ProtectedText, TermHitRecord, TermProtector } from './protection.ts'
import type { Agreement } from './agreement.ts'
import { entryHash } from './load.ts'
import { matchTerms, type TermMatcher } from './match.ts'
import { englishGenitive, targetForm, type GenitivePatterns } from './target.ts'
import type { Glossary, GlossaryEntry, TermHit } from './types.ts'

/**
 * Term protection for the engines: in a unit's text (an XML fragment with placeholders), each
 * glossary hit becomes `<x id="N"/>`, N above every id of the unit, and `terms` says which
 * approved target form goes back in its place. Closed-compound hits are left to the engine: an
 * engine cannot translate half a word.
 */
export function createTermProtector(glossary: Glossary, matcher: TermMatcher, patternsByLang: Readonly<Record<string, GenitivePatterns>>): TermProtector {
  const cache = new Map<string, ProtectedText>()
  return (text, target) => {
    const cacheKey = `${target}\u0000${text}`
    const cached = cache.get(cacheKey)
    if (cached) return cached
    const result = protect(text, target)
    cache.set(cacheKey, result)
    return result
  }

  function protect(text: string, target: string): ProtectedText {
    const view = plainView(text)
    const hits = matchTerms(view.text, matcher).filter((hit) => !(hit.features.compound && !hit.features.compound.hyphen) && (hit.entry.keep || hit.entry.targets[target] !== undefined))
    if (hits.length === 0) return { text, terms: new Map(), hits: [] }
    const patterns = patternsByLang[target] ?? englishGenitive
    let next = nextPlaceholderId(text)
    const terms = new Map<number, string>()
    const agreement = new Map<number, Agreement>()
    const records: TermHitRecord[] = []
    const spans: Array<{ start: number; end: number; id: number }> = []
    for (const hit of hits) {
      const start = view.origin[hit.start]!
      const end = view.originEnd[hit.end - 1]!
      const { form, fallback } = targetForm(hit, target, patterns)
      const id = next++
      terms.set(id, form)
      const gender = hit.entry.keep ? undefined : hit.entry.targets[target]?.gender
      if (gender) agreement.set(id, { gender, plural: hit.features.number === 'pl' })
      spans.push({ start, end, id })
      records.push({ entry: hit.entry.id, source: hit.source, target: form, ...(fallback ? { fallback: true } : {}) })
    }
    let out = text
    for (const span of spans.reverse()) out = `${out.slice(0, span.start)}<x id="${span.id}"/>${out.slice(span.end)}`
    return { text: out, terms, hits: records, glossaryHash: hashOfEntries(hits), ...(agreement.size > 0 ? { agreement } : {}) }
  }
}

/** Hash of the entries behind some hits: what a catalog's lock file records, so a changed entry means a new translation. */
export function hashOfEntries(hits: readonly Pick<TermHit, 'entry'>[]): string | undefined {
  const entries = new Map<string, GlossaryEntry>()
  for (const hit of hits) entries.set(hit.entry.id, hit.entry)
  if (entries.size === 0) return undefined
  const hash = createHash('sha256')
  for (const id of [...entries.keys()].sort()) hash.update(`${id}:${(entries.get(id)!.hash ??= entryHash(entries.get(id)!))}\n`)
  return hash.digest('hex').slice(0, 16)
}

/**
 * The plain text of a unit, where each placeholder tag stands as one U+FFFC (so it parts words)
 * and entities are decoded, with the unit offset each character came from.
 */
export function plainView(unit: string): { text: string; origin: number[]; originEnd: number[] } {
  let text = ''
  const origin: number[] = []
  const originEnd: number[] = []
  const token = /<[^>]*>|&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g
  let last = 0
  const plain = (from: number, to: number) => {
    for (let index = from; index < to; index++) {
      text += unit[index]
      origin.push(index)
      originEnd.push(index + 1)
    }
  }
  for (const match of unit.matchAll(token)) {
    plain(last, match.index)
    const whole = match[0]
    let char = '\uFFFC'
    if (whole.startsWith('&')) {
      const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" }
      char = named[whole] ?? String.fromCodePoint(whole.startsWith('&#x') ? Number.parseInt(whole.slice(3, -1), 16) : Number.parseInt(whole.slice(2, -1), 10))
    }
    for (let unitIndex = 0; unitIndex < char.length; unitIndex++) {
      text += char[unitIndex]
      origin.push(match.index)
      originEnd.push(match.index + whole.length)
    }
    last = match.index + whole.length
  }
  plain(last, unit.length)
  return { text, origin, originEnd }
}
