import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stableJson, writeFileAtomic } from '../fs/atomic.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { InputError } from '../errors.ts'

/**
 * Translation catalogs: `locales/<lng>/articles/<slug>.json` is i18next JSON (key → text with
 * placeholders), so any TMS that speaks i18next JSON can sync it; `<slug>.lock.json` beside it
 * records where each translation came from. A key with no lock entry was put there by a person
 * and counts as reviewed.
 */

/**
 * A unit's state in one language: `machine` (an engine's draft), `needs-review` (an engine's draft
 * where a person had reviewed an earlier version: the source or its glossary terms changed since;
 * `suggestion` holds the reviewed text), `reviewed` (a person approved it). A unit with no entry
 * is `missing`.
 */
export type CatalogStatus = 'machine' | 'needs-review' | 'reviewed'
export type UnitState = CatalogStatus | 'missing'

/** An earlier translation offered to the reviewer, from the translation memory. */
export interface Suggestion {
  text: string
  /** Token-level similarity of its source to the unit's, from 0.75 to 1. */
  similarity: number
  /** The source text it translated. */
  source: string
  status: 'machine' | 'reviewed'
  /** Where it came from: `article:<slug>`, `tmx:<file>`… */
  origin: string
  reviewer?: string
  reviewedAt?: string
}

export interface LockEntry {
  /** The engine that produced the text, `human`, or `memory` (an exact match of a reviewed translation). */
  engine: string
  status: CatalogStatus
  /** Hash of the source text the translation was made from. */
  source: string
  /** Hash of the glossary entries that applied to the unit, when any did. */
  glossary?: string
  /** Who approved the translation (`git config user.name` or `--reviewer`), for `reviewed`. */
  reviewer?: string
  /** When, ISO 8601 in UTC. Set by tolk when it records a review; a reviewed entry with it is sent back to review when its glossary terms change. */
  reviewedAt?: string
  /** For `needs-review`: why (`source-changed`, `glossary-changed`). */
  reason?: 'source-changed' | 'glossary-changed'
  /** For `needs-review` (and machine drafts with a close match): the best earlier translation. */
  suggestion?: Suggestion
}

export interface Catalog {
  lang: string
  slug: string
  entries: Record<string, string>
  lock: Record<string, LockEntry>
}

export interface CatalogAnswer {
  text: string
  status: CatalogStatus
  engine: string
}

export function catalogPaths(localesDir: string, lang: string, slug: string): { entries: string; lock: string } {
  const folder = join(localesDir, lang, 'articles')
  return { entries: join(folder, `${slug}.json`), lock: join(folder, `${slug}.lock.json`) }
}

export function sourceHash(text: string): string {
  return createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 16)
}

export async function readCatalog(localesDir: string, lang: string, slug: string): Promise<Catalog> {
  const paths = catalogPaths(localesDir, lang, slug)
  return { lang, slug, entries: await readJsonObject(paths.entries), lock: await readJsonObject<LockEntry>(paths.lock, 'lock file', 'a JSON object of key → { engine, status, source }') }
}

export async function writeCatalog(localesDir: string, catalog: Catalog): Promise<void> {
  const paths = catalogPaths(localesDir, catalog.lang, catalog.slug)
  await writeFileAtomic(paths.entries, stableJson(catalog.entries))
  if (Object.keys(catalog.lock).length > 0 || catalog.lang !== 'sv') await writeFileAtomic(paths.lock, stableJson(catalog.lock))
}

/** The answer a catalog gives for a key, or undefined when it has none. */
export function lookup(catalog: Catalog, key: string): CatalogAnswer | undefined {
  const text = catalog.entries[key]
  if (typeof text !== 'string' || text.trim() === '') return undefined
  const lock = catalog.lock[key]
  return { text, status: lock?.status ?? 'reviewed', engine: lock?.engine ?? 'human' }
}

/**
 * Put a machine translation in a catalog. A reviewed translation is never overwritten by a machine.
 * Returns false when the entry was kept.
 */
export function putMachine(catalog: Catalog, key: string, text: string, lock: Omit<LockEntry, 'status'>, status: 'machine' | 'needs-review' = 'machine'): boolean {
  const existing = lookup(catalog, key)
  if (existing?.status === 'reviewed') return false
  const previous = catalog.lock[key]
  catalog.entries[key] = text
  // A unit waiting for review keeps waiting, with its suggestion, when an engine redoes the draft.
  if (previous?.status === 'needs-review' && status === 'machine') catalog.lock[key] = { ...lock, status: 'needs-review', ...(previous.reason ? { reason: previous.reason } : {}), ...(previous.suggestion ? { suggestion: previous.suggestion } : {}) }
  else catalog.lock[key] = { ...lock, status }
  return true
}

/** The state of a unit in a catalog. */
export function unitState(catalog: Catalog, key: string): UnitState {
  return lookup(catalog, key)?.status ?? 'missing'
}

/** Every catalog of a language, for reusing a unit translated in another article. */
export async function readLanguageCatalogs(localesDir: string, lang: string): Promise<Catalog[]> {
  const folder = join(localesDir, lang, 'articles')
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  const slugs = names.filter((name) => name.endsWith('.json') && !name.endsWith('.lock.json')).map((name) => name.slice(0, -'.json'.length)).sort()
  return mapInParallel(slugs, (slug) => readCatalog(localesDir, lang, slug))
}

/**
 * Read a JSON file holding one object, or `{}` when the file does not exist. Anything else is an
 * `InputError` with the line and column where parsing stopped.
 */
export async function readJsonObject<T = string>(path: string, what = 'catalog', expected = 'a JSON object of key → text'): Promise<Record<string, T>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  try {
    const value = JSON.parse(text) as unknown
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`expected ${expected}`)
    return value as Record<string, T>
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message)
    const offset = match ? Number(match[1]) : 0
    const before = text.slice(0, offset)
    throw new InputError(`Invalid ${what}: ${(error as Error).message}`, { file: path, line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }, { code: 'catalog' })
  }
}
