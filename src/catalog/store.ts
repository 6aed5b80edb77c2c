import { createHash } from 'node:crypto'
import { appendFileSync, readFileSync } from 'node:fs'
import { readdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { makeFolder, stableJson, writeFileAtomic } from '../fs/atomic.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { InputError, environmentError } from '../errors.ts'
import { LineIndex } from '../document/lines.ts'

/**
 * Translation catalogs: `locales/<lng>/articles/<slug>.json` is i18next JSON (key → text with
 * placeholders), so any TMS that speaks i18next JSON can sync it; `<slug>.lock.json` beside it
 * records where each translation came from. A key with no lock entry was put there by a person
 * and counts as reviewed.
 *
 * Crash consistency (kill -9 or a full disk at any moment must never turn a machine translation
 * into a reviewed one, nor lose what an engine was paid for):
 * - machine answers are appended to a journal beside the catalog (`.<slug>.journal`, JSON lines)
 *   as each batch finishes, so a batch costs what it holds, not a rewrite of the catalog (a unit
 *   several articles share is journaled in one of their catalogs: `project/catalogs.ts`);
 * - the catalog pair is written once per article and language, **lock first**, then the catalog,
 *   each atomically, and the journal is removed last. So at every moment each key tolk wrote has
 *   its lock entry on disk before its text; a torn last journal line is ignored;
 * - reading a catalog replays a journal left by a crash (a reviewed entry is never overwritten),
 *   so every reader sees what was paid for, and the next write folds it in.
 * - before writing, the files are read again: a key changed on disk since it was read (a person
 *   editing during a build) keeps the disk's version; only what this process changed is written.
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
  /** For an engine's draft: the words the engine said it did not know (Apertium's `*word`), as they stand in the source. */
  unknown?: string[]
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
  /** The words the engine said it did not know, for a draft no person has reviewed yet. */
  unknownWords?: string[]
}

export function catalogPaths(localesDir: string, lang: string, slug: string): { entries: string; lock: string; journal: string } {
  const folder = join(localesDir, lang, 'articles')
  return { entries: join(folder, `${slug}.json`), lock: join(folder, `${slug}.lock.json`), journal: join(folder, `.${slug}.journal`) }
}

export function sourceHash(text: string): string {
  return createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 16)
}

/** Every status a lock entry may have. */
const lockStatuses: readonly CatalogStatus[] = ['machine', 'needs-review', 'reviewed']

function isLockEntry(value: unknown): boolean {
  const entry = value as Partial<LockEntry> | null
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) && typeof entry.engine === 'string' && typeof entry.source === 'string' && lockStatuses.includes(entry.status as CatalogStatus)
}

/** Refuse a catalog or lock file with a value of the wrong shape, at the line and column of its key. */
async function checkValues(values: Record<string, unknown>, path: string, what: string, valid: (value: unknown) => boolean, expected: string): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (valid(value)) continue
    const text = await readFile(path, 'utf8')
    const offset = Math.max(text.indexOf(JSON.stringify(key)), 0)
    const before = text.slice(0, offset)
    throw new InputError(`Invalid ${what}: expected \`${key}\` to be ${expected}, got ${JSON.stringify(value)?.slice(0, 60)}`, { file: path, line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }, { code: 'catalog' })
  }
}

/** What was on disk when a catalog was read (or last written): the base a write merges against. */
const onDisk = new WeakMap<Catalog, { entries: Record<string, string>; lock: Record<string, LockEntry> }>()

export async function readCatalog(localesDir: string, lang: string, slug: string): Promise<Catalog> {
  const paths = catalogPaths(localesDir, lang, slug)
  const disk = await readCatalogFiles(paths)
  const catalog: Catalog = { lang, slug, entries: { ...disk.entries }, lock: { ...disk.lock } }
  onDisk.set(catalog, disk)
  const journal = await readJournal(paths.journal)
  for (const line of journal) putMachine(catalog, line.key, line.text, line.lock, line.status === 'needs-review' ? 'needs-review' : 'machine')
  if (journal.length > 0) replayed.add(catalog)
  return catalog
}

/** Catalogs read with a journal a crash left: they must be written even if nothing else changes. */
const replayed = new WeakSet<Catalog>()

/** Whether a catalog holds answers from a journal that its files do not have yet. */
export function hasJournal(catalog: Catalog): boolean {
  return replayed.has(catalog)
}

/**
 * A catalog's files. `inPool`: read through libuv's thread pool, not on the main thread — what a
 * write does, because the files it reads sit in the folder other catalogs are being written to at
 * that moment, and a synchronous look-up there waits for their creates and renames (in a cold build
 * of 1,000 articles, 1.1 s of the main thread for 4,000 files that were not there).
 */
async function readCatalogFiles(paths: { entries: string; lock: string }, inPool = false): Promise<{ entries: Record<string, string>; lock: Record<string, LockEntry> }> {
  const [entries, lock] = await Promise.all([readJsonObject(paths.entries, undefined, undefined, inPool), readJsonObject<LockEntry>(paths.lock, 'lock file', 'a JSON object of key → { engine, status, source }', inPool)])
  await checkValues(entries, paths.entries, 'catalog', (value) => typeof value === 'string', 'text')
  await checkValues(lock, paths.lock, 'lock file', isLockEntry, `{ engine, status, source } with status ${lockStatuses.join(', ').replace(/, (?=[^,]*$)/, ' or ')}`)
  return { entries, lock }
}

/**
 * Write a catalog and its lock file, lock first (see above), merged with what is on disk now:
 * a key this process did not change, or one that changed on disk since it was read, keeps the
 * disk's version. The journal is removed once both are in place.
 */
export async function writeCatalog(localesDir: string, catalog: Catalog): Promise<void> {
  const paths = catalogPaths(localesDir, catalog.lang, catalog.slug)
  const base = onDisk.get(catalog)
  const now = base ? await readCatalogFiles(paths, true) : undefined
  if (base && now) {
    for (const key of new Set([...Object.keys(catalog.entries), ...Object.keys(catalog.lock), ...Object.keys(base.entries), ...Object.keys(base.lock), ...Object.keys(now.entries), ...Object.keys(now.lock)])) {
      const ours = { text: catalog.entries[key], lock: catalog.lock[key] }
      const was = { text: base.entries[key], lock: base.lock[key] }
      const disk = { text: now.entries[key], lock: now.lock[key] }
      const changedHere = !sameEntry(ours, was)
      const changedThere = !sameEntry(disk, was)
      const keep = changedHere && !changedThere ? ours : disk
      setEntry(catalog, key, keep)
    }
  }
  const lockText = stableJson(catalog.lock)
  const entriesText = stableJson(catalog.entries)
  // Only target languages' catalogs come here (the source's: `writeSourceCatalog`, with no provenance to record).
  if (!now || stableJson(now.lock) !== lockText) await writeFileAtomic(paths.lock, lockText)
  if (!now || stableJson(now.entries) !== entriesText) await writeFileAtomic(paths.entries, entriesText)
  await rm(paths.journal, { force: true })
  replayed.delete(catalog)
  onDisk.set(catalog, { entries: { ...catalog.entries }, lock: { ...catalog.lock } })
}

/** A source-language catalog (`locales/sv/…`): the article's units, written whole; no lock. */
export async function writeSourceCatalog(localesDir: string, lang: string, slug: string, entries: Record<string, string>): Promise<void> {
  const path = catalogPaths(localesDir, lang, slug).entries
  const text = stableJson(entries)
  let before: string | undefined
  try {
    before = readFileSync(path, 'utf8')
  } catch {
    before = undefined
  }
  if (before !== text) await writeFileAtomic(path, text)
}

function sameEntry(a: { text?: string; lock?: LockEntry }, b: { text?: string; lock?: LockEntry }): boolean {
  return a.text === b.text && (a.lock === b.lock || (a.lock !== undefined && b.lock !== undefined && stableJson(a.lock) === stableJson(b.lock)))
}

function setEntry(catalog: Catalog, key: string, entry: { text?: string; lock?: LockEntry }): void {
  if (entry.text === undefined) delete catalog.entries[key]
  else catalog.entries[key] = entry.text
  if (entry.lock === undefined) delete catalog.lock[key]
  else catalog.lock[key] = entry.lock
}

interface JournalLine {
  key: string
  text: string
  lock: Omit<LockEntry, 'status'>
  /** Default: `machine`. */
  status?: 'machine' | 'needs-review'
}

/**
 * Put machine answers in a catalog and append them to its journal, so they survive a crash before
 * the catalog is written. Returns the keys taken (a reviewed translation is never overwritten).
 */
export async function journalMachine(localesDir: string, catalog: Catalog, answers: ReadonlyArray<JournalLine>): Promise<string[]> {
  const taken = answers.filter((answer) => putMachine(catalog, answer.key, answer.text, answer.lock, answer.status))
  if (taken.length === 0) return []
  const path = catalogPaths(localesDir, catalog.lang, catalog.slug).journal
  // Each append starts on a line of its own: a line an earlier build could not finish (killed, a full disk) spoils only itself.
  const text = '\n' + taken.map((answer) => `${JSON.stringify({ key: answer.key, text: answer.text, lock: answer.lock, ...(answer.status ? { status: answer.status } : {}) })}\n`).join('')
  try {
    // Synchronous on purpose: a line or two costs a few microseconds of system calls, where an
    // asynchronous append is an open, a write and a close, each waiting for a thread of the pool —
    // on a busy machine that wait, once per catalog and batch, held back the engine's next requests.
    // The folder is made only when it is missing.
    try {
      appendFileSync(path, text)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      await makeFolder(dirname(path))
      appendFileSync(path, text)
    }
  } catch (error) {
    throw environmentError(error, path)
  }
  return taken.map((answer) => answer.key)
}

/** The journal's lines; a line cut short by a crash (or anything not a journal line) is skipped. */
async function readJournal(path: string): Promise<JournalLine[]> {
  let text: string
  try {
    // Synchronous, like every small file a build reads by the thousand (see fs/atomic.ts `holds`).
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const lines: JournalLine[] = []
  for (const line of text.split('\n')) {
    if (!line) continue
    try {
      const value = JSON.parse(line) as Partial<JournalLine>
      if (typeof value.key === 'string' && typeof value.text === 'string' && value.lock && typeof value.lock.engine === 'string' && typeof value.lock.source === 'string') lines.push(value as JournalLine)
    } catch {
      // the last line of a killed process
    }
  }
  return lines
}

/** The answer a catalog gives for a key, or undefined when it has none. */
export function lookup(catalog: Catalog, key: string): CatalogAnswer | undefined {
  const text = catalog.entries[key]
  if (typeof text !== 'string' || text.trim() === '') return undefined
  const lock = catalog.lock[key]
  const answer: CatalogAnswer = { text, status: lock?.status ?? 'reviewed', engine: lock?.engine ?? 'human' }
  if (lock?.unknown?.length && answer.status !== 'reviewed') answer.unknownWords = lock.unknown
  return answer
}

/** The lock entry of an engine's answer: where it came from, and the words the engine did not know. */
export function machineLock(answer: { engine: string; unknownWords?: string[] }, source: string, glossary?: string): Omit<LockEntry, 'status'> {
  return { engine: answer.engine, source: sourceHash(source), ...(glossary ? { glossary } : {}), ...(answer.unknownWords?.length ? { unknown: answer.unknownWords } : {}) }
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

/** Every catalog of a language but those of the slugs in `except`, for reusing a unit translated in another article. */
export async function readLanguageCatalogs(localesDir: string, lang: string, except: ReadonlySet<string> = new Set()): Promise<Catalog[]> {
  const folder = join(localesDir, lang, 'articles')
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  // A catalog whose only trace is a journal (a build killed before its first write) is read too.
  const slugs = [...new Set(names.flatMap((name) => (name.endsWith('.json') && !name.endsWith('.lock.json') ? [name.slice(0, -'.json'.length)] : /^\.(.+)\.journal$/.exec(name)?.slice(1) ?? [])))].filter((slug) => !except.has(slug)).sort()
  return mapInParallel(slugs, (slug) => readCatalog(localesDir, lang, slug))
}

/**
 * Read a JSON file holding one object, or `{}` when the file does not exist. Anything else is an
 * `InputError` with the line and column where parsing stopped.
 */
export async function readJsonObject<T = string>(path: string, what = 'catalog', expected = 'a JSON object of key → text', inPool = false): Promise<Record<string, T>> {
  let text: string
  try {
    // Synchronous unless asked: a build reads four catalogs and their lock files per article; each promise read is four trips through libuv's thread pool.
    text = inPool ? await readFile(path, 'utf8') : readFileSync(path, 'utf8')
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
    throw new InputError(`Invalid ${what}: ${(error as Error).message}`, { file: path, ...new LineIndex(text).at(offset) }, { code: 'catalog' })
  }
}
