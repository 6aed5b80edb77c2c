import { join } from 'node:path'
import { stableJson, writeFileAtomic } from '../fs/atomic.ts'
import { readJsonObject } from './store.ts'
import { createHash } from 'node:crypto'
import { escapeXml } from '../document/placeholders.ts'

/**
 * Courtesy translations of kept quotations (`quotes: { courtesy: true }`), kept apart from the
 * article catalogs (whose keys are the article's units): `locales/<lng>/quotes/<slug>.json`, one
 * entry per quotation with its Swedish text, the translation and who made it. A build answers
 * from this file first, so a quotation goes to an engine once; `status: reviewed` marks an entry
 * a person has checked (still shown as unofficial). Catalog-only builds (`check`) read it too, so
 * they produce the same footnotes.
 */

export interface CourtesyEntry {
  /** The quotation as it stands in the article. */
  source: string
  translation: string
  engine: string
  status: 'machine' | 'reviewed'
}

export function courtesyPath(localesDir: string, lang: string, slug: string): string {
  return join(localesDir, lang, 'quotes', `${slug}.json`)
}

function readCourtesy(path: string): Promise<Record<string, CourtesyEntry>> {
  return readJsonObject<CourtesyEntry>(path, 'courtesy translations', 'a JSON object of key → { source, translation, engine, status }')
}

export interface CourtesyOptions {
  localesDir: string
  lang: string
  articles: ReadonlyArray<{ slug: string; quotes: ReadonlyArray<{ text: string }> }>
  /** Translate what the files do not hold (the language's chain); not called when undefined (catalog-only builds). */
  translate?: (units: CourtesyUnit[]) => Promise<ReadonlyMap<string, { text: string; engine: string }>>
  /** Write the files back (only the current quotations of each article). */
  write: boolean
}

/** A quotation's courtesy translation (plain text), and whether a person has reviewed it. */
export interface CourtesyTranslation {
  translation: string
  reviewed: boolean
}

/** Courtesy translation of each quotation, by `courtesyKey`. */
export async function courtesyTranslations(options: CourtesyOptions): Promise<Map<string, CourtesyTranslation>> {
  const stored = new Map<string, Record<string, CourtesyEntry>>()
  const known = new Map<string, CourtesyEntry>()
  for (const article of options.articles) {
    const entries = await readCourtesy(courtesyPath(options.localesDir, options.lang, article.slug))
    stored.set(article.slug, entries)
    for (const [key, entry] of Object.entries(entries)) if (typeof entry?.translation === 'string' && entry.translation.trim()) known.set(key, entry)
  }
  const missing = courtesyUnits(options.articles.flatMap((article) => article.quotes)).filter((unit) => !known.has(unit.key))
  if (missing.length > 0 && options.translate) {
    const answers = await options.translate(missing)
    for (const unit of missing) {
      const answer = answers.get(unit.key)
      if (answer) known.set(unit.key, { source: '', translation: answer.text, engine: answer.engine, status: 'machine' })
    }
  }
  if (options.write) {
    for (const article of options.articles) {
      const entries: Record<string, CourtesyEntry> = {}
      for (const quote of article.quotes) {
        const key = courtesyKey(quote.text)
        const entry = known.get(key)
        if (entry) entries[key] = { ...entry, source: quote.text }
      }
      const path = courtesyPath(options.localesDir, options.lang, article.slug)
      const before = stored.get(article.slug) ?? {}
      if (stableJson(entries) !== stableJson(before) && (Object.keys(entries).length > 0 || Object.keys(before).length > 0)) await writeFileAtomic(path, stableJson(entries))
    }
  }
  return new Map([...known].map(([key, entry]) => [key, { translation: entry.translation, reviewed: entry.status === 'reviewed' }]))
}

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
