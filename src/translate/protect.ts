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
