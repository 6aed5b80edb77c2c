import { createHash } from 'node:crypto'
import { escapeXml } from '../document/placeholders.ts'

/**
 * Courtesy translations (`quotes: { courtesy: true }`): a kept quotation's words also go through
 * the language's engines, once, so its footnote can carry an unofficial translation. They are
 * units of their own, apart from the edition's: the quotation in the edition stays verbatim.
 */

export interface CourtesyUnit {
  key: string
  /** The quotation's plain text, XML-escaped, with no placeholders. */
  text: string
  slots: ReadonlyMap<number, never>
}

/** The key of a quotation's courtesy unit; prefixed so it can never be taken for an edition unit's key. */
export function courtesyKey(text: string): string {
  return `quote-${createHash('sha256').update(plainQuote(text).normalize('NFC')).digest('hex').slice(0, 16)}`
}

/** One unit per distinct quotation text. */
export function courtesyUnits(quotes: ReadonlyArray<{ text: string }>): CourtesyUnit[] {
  const units = new Map<string, CourtesyUnit>()
  for (const quote of quotes) {
    const key = courtesyKey(quote.text)
    if (!units.has(key)) units.set(key, { key, text: escapeXml(plainQuote(quote.text)), slots: new Map<number, never>() })
  }
  return [...units.values()]
}

/**
 * The words to translate: inline nodes inside a quotation (inline code, images) stand as U+FFFC
 * in its text and are left out; paragraphs run together, since the footnote is one paragraph.
 */
function plainQuote(text: string): string {
  return text.replace(/\uFFFC/g, '').replace(/\s+/g, ' ').trim()
}
