import { escapeXml } from '../document/placeholders.ts'

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
}

export interface TermHitRecord {
  entry: string
  source: string
  target: string
  /** Set when the target form for the hit's features was missing and the base term was used. */
  fallback?: boolean
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

/**
 * Numbers with separators — decimals (`3,5`), versions (`1.10.0`), times (`14.30`), grouped
 * thousands (`10 000`) — are protected like terms: engines mangle them (Apertium's Bokmål pair
 * writes `1..10.0` and `10.000`), and the check requires every number of a block unchanged.
 * Plain integers pass through; engines keep them.
 */
const numberPattern = /(?<![\p{L}\p{N}.,])\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?:[.,]\d+)?(?![\p{L}\p{N}])|(?<![\p{L}\p{N}.,])\d+(?:[.,:]\d+)+(?![\p{L}\p{N}]|[.,:]\d)/gu

export function protectNumbers(input: ProtectedText): ProtectedText {
  let next = Math.max(0, ...[...input.text.matchAll(/<[gx]\s+id="(\d+)"/g)].map((match) => Number(match[1]))) + 1
  let changed = false
  const terms = new Map(input.terms)
  // Only text between tags and entities is searched, never an attribute or a character reference.
  const text = input.text
    .split(/(<[^>]*>|&[^;\s]*;)/)
    .map((piece, index) => {
      if (index % 2 === 1) return piece
      return piece.replace(numberPattern, (number) => {
        changed = true
        terms.set(next, number)
        return `<x id="${next++}"/>`
      })
    })
    .join('')
  return changed ? { ...input, text, terms } : input
}
