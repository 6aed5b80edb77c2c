import { distance } from 'fastest-levenshtein'
import { join } from 'node:path'
import { unitKey } from '../document/segment.ts'
import { stableJson, writeFileAtomic } from '../fs/atomic.ts'
import { InputError } from '../errors.ts'
import { readJsonObject } from './store.ts'

/**
 * Translation memory: earlier translations of source sentences that are no longer a unit of any
 * article (the source changed, or a glossary change sent the unit back to an engine), and
 * translations imported from elsewhere (TMX). One file per target language,
 * `locales/<lng>/memory.json`:
 *
 * ```json
 * {
 *   "entries": {
 *     "<id>": { "origin": "article:<slug>", "source": "…", "status": "reviewed", "target": "…", "engine": "human", "reviewer": "…", "reviewedAt": "…" }
 *   },
 *   "version": 1
 * }
 * ```
 *
 * `<id>` is a hash of source and target, so the same pair is remembered once and the file diffs
 * well (keys sorted, one field a line). Texts carry the units' placeholders (`<g id="1">…</g>`,
 * `<x id="2"/>`). Entries are never removed by tolk: a reviewed translation, once made, stays.
 */

export const memoryVersion = 1

/** The similarity from which an earlier translation is offered as a suggestion (Translate Toolkit's and the DeepL CLI's default). */
export const fuzzyThreshold = 0.75

export interface MemoryEntry {
  /** Source text, with placeholders. */
  source: string
  /** Its translation, with the same placeholders. */
  target: string
  status: 'machine' | 'reviewed'
  /** Where the entry came from: `article:<slug>` (a unit of that article once), `tmx:<file>`, or another tool's name. */
  origin: string
  /** The engine that made the translation, or `human`. */
  engine?: string
  /** Who reviewed it and when (ISO 8601), when a person did. */
  reviewer?: string
  reviewedAt?: string
  /** Hash of the glossary entries the translation was made under (as in a lock file). */
  glossary?: string
}

export interface MemoryMatch {
  entry: MemoryEntry
  /** 1 for the same source text; otherwise 1 − (token edit distance ÷ the longer token count). */
  similarity: number
}

/** A language's memory, indexed for exact and fuzzy look-ups. */
export interface Memory {
  lang: string
  /** By id (see `memoryId`), as in the file. */
  entries: Map<string, MemoryEntry>
  /** True when entries were added since it was read. */
  changed: boolean
  /** Entries by source text (NFC, trimmed, as unit keys see it), built on the first exact look-up and kept up to date by `addToMemory`. */
  exact?: Map<string, MemoryEntry[]>
  /** Token postings, built on the first fuzzy look-up (a build that only answers from catalogs never tokenizes the memory) and kept up to date by `addToMemory`. */
  fuzzy?: FuzzyIndex
}

interface IndexedEntry {
  entry: MemoryEntry
  /** Token ids as one character each, for fastest-levenshtein. */
  tokens: string
  length: number
}

interface FuzzyIndex {
  vocabulary: Map<string, number>
  /** Postings per token occurrence (see `occurrenceKeys`), so shared tokens count as a multiset. */
  postings: Map<number, IndexedEntry[]>
  /** By memory id, to swap the entry when a machine one becomes reviewed. */
  byId: Map<string, IndexedEntry>
}

export function memoryPath(localesDir: string, lang: string): string {
  return join(localesDir, lang, 'memory.json')
}

/** The id of a source/target pair in the memory file. */
export function memoryId(source: string, target: string): string {
  return unitKey(`${source.normalize('NFC').trim()}\u0000${target.normalize('NFC').trim()}`)
}

export function emptyMemory(lang: string): Memory {
  return { lang, entries: new Map(), changed: false }
}

/** Read `locales/<lng>/memory.json`; an empty memory when there is none. */
export async function readMemory(localesDir: string, lang: string): Promise<Memory> {
  const path = memoryPath(localesDir, lang)
  const raw = await readJsonObject<unknown>(path, 'translation memory', 'a JSON object { version, entries }')
  const memory = emptyMemory(lang)
  if (Object.keys(raw).length === 0) return memory
  if (raw.version !== memoryVersion) throw new InputError(`Invalid translation memory: expected \`version\` ${memoryVersion}, got \`${String(raw.version)}\``, { file: path, line: 1, column: 1 }, { code: 'catalog' })
  const entries = raw.entries
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) throw new InputError('Invalid translation memory: expected `entries` to be an object of id → entry', { file: path, line: 1, column: 1 }, { code: 'catalog' })
  for (const [id, value] of Object.entries(entries as Record<string, unknown>)) {
    const entry = value as Partial<MemoryEntry> | null
    if (!entry || typeof entry.source !== 'string' || typeof entry.target !== 'string' || (entry.status !== 'machine' && entry.status !== 'reviewed') || typeof entry.origin !== 'string') {
      throw new InputError(`Invalid translation memory: expected entry \`${id}\` to have \`source\`, \`target\`, \`status\` (machine or reviewed) and \`origin\``, { file: path, line: 1, column: 1 }, { code: 'catalog' })
    }
    memory.entries.set(id, entry as MemoryEntry)
  }
  return memory
}

/** Write the memory back, when anything was added. */
export async function writeMemory(localesDir: string, memory: Memory): Promise<void> {
  if (!memory.changed) return
  const entries = Object.fromEntries([...memory.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  await writeFileAtomic(memoryPath(localesDir, memory.lang), stableJson({ version: memoryVersion, entries }))
  memory.changed = false
}

/**
 * Remember a translation. The same source and target are kept once: a reviewed entry is never
 * made machine again, and a machine one becomes reviewed when a reviewed copy arrives. Returns
 * false when the memory already had it as it is.
 */
export function addToMemory(memory: Memory, entry: MemoryEntry): boolean {
  if (entry.source.trim() === '' || entry.target.trim() === '') return false
  const id = memoryId(entry.source, entry.target)
  const existing = memory.entries.get(id)
  if (existing && (existing.status === 'reviewed' || entry.status === 'machine')) return false
  const clean = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as unknown as MemoryEntry
  memory.entries.set(id, clean)
  memory.changed = true
  if (memory.exact) {
    const list = memory.exact.get(sourceKey(clean.source))
    if (!list) memory.exact.set(sourceKey(clean.source), [clean])
    else if (existing) list[list.indexOf(existing)] = clean
    else list.push(clean)
  }
  if (memory.fuzzy) {
    const item = existing && memory.fuzzy.byId.get(id)
    if (item) item.entry = clean
    else indexTokens(memory.fuzzy, id, clean)
  }
  return true
}

/** Entries with exactly this source text, reviewed ones first. */
export function findExact(memory: Memory, source: string): MemoryEntry[] {
  const found = exactIndex(memory).get(sourceKey(source)) ?? []
  return [...found].sort(byStatus)
}

/**
 * Earlier translations of similar source texts, at `threshold` similarity or more (token-level
 * Levenshtein: words, punctuation and placeholder tags are the tokens), reviewed ones first, then
 * by similarity. Exact matches are included with similarity 1.
 */
export function findFuzzy(memory: Memory, source: string, options: { threshold?: number; limit?: number } = {}): MemoryMatch[] {
  const threshold = options.threshold ?? fuzzyThreshold
  const index = fuzzyIndex(memory)
  const words = tokenize(source)
  const n = words.length
  if (n === 0) return []
  // Tokens the memory has never seen get ids of their own, so they match nothing.
  let unseen = index.vocabulary.size
  const ids = words.map((word) => index.vocabulary.get(word) ?? unseen++)
  const query = idsToString(ids)
  // Prefix filter: an entry at `threshold` shares at least ceil(threshold·n) token occurrences
  // with the query, so it has one among the query's n − that + 1 rarest ones.
  const occurrences = occurrenceKeys(ids).sort((a, b) => (index.postings.get(a)?.length ?? 0) - (index.postings.get(b)?.length ?? 0))
  const prefix = n - Math.ceil(threshold * n) + 1
  const seen = new Set<IndexedEntry>()
  const matches: MemoryMatch[] = []
  for (const key of occurrences.slice(0, prefix)) {
    for (const item of index.postings.get(key) ?? []) {
      if (seen.has(item)) continue
      seen.add(item)
      const longer = Math.max(n, item.length)
      if (Math.min(n, item.length) < threshold * longer) continue
      const similarity = 1 - distance(query, item.tokens) / longer
      if (similarity >= threshold) matches.push({ entry: item.entry, similarity: item.entry.source === source ? 1 : Math.min(similarity, 0.999) })
    }
  }
  matches.sort((a, b) => byStatus(a.entry, b.entry) || b.similarity - a.similarity || compareText(a.entry.target, b.entry.target))
  return options.limit ? matches.slice(0, options.limit) : matches
}

/** Token-level similarity of two source texts, as `findFuzzy` measures it. */
export function similarity(a: string, b: string): number {
  const vocabulary = new Map<string, number>()
  const encode = (text: string) => idsToString(tokenize(text).map((word) => vocabulary.get(word) ?? vocabulary.set(word, vocabulary.size).size - 1))
  const left = encode(a)
  const right = encode(b)
  const longer = Math.max(left.length, right.length)
  return longer === 0 ? 1 : 1 - distance(left, right) / longer
}

/** Words, single punctuation marks and whole placeholder tags. */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').match(/<[^<>]*>|&[#\w]+;|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []
}

/** Reviewed entries first, the latest review first among them. */
function byStatus(a: MemoryEntry, b: MemoryEntry): number {
  return (a.status === 'reviewed' ? 0 : 1) - (b.status === 'reviewed' ? 0 : 1) || compareText(b.reviewedAt ?? '', a.reviewedAt ?? '')
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** What makes two source texts the same unit (as `unitKey` hashes it). */
function sourceKey(source: string): string {
  return source.normalize('NFC').trim()
}

/** Ids in sorted order, so the same file always gives the same token ids and the same order of equal matches. */
function sortedIds(memory: Memory): string[] {
  return [...memory.entries.keys()].sort()
}

function exactIndex(memory: Memory): Map<string, MemoryEntry[]> {
  if (memory.exact) return memory.exact
  const exact = new Map<string, MemoryEntry[]>()
  for (const id of sortedIds(memory)) {
    const entry = memory.entries.get(id)!
    const key = sourceKey(entry.source)
    const list = exact.get(key)
    if (list) list.push(entry)
    else exact.set(key, [entry])
  }
  memory.exact = exact
  return exact
}

function fuzzyIndex(memory: Memory): FuzzyIndex {
  if (memory.fuzzy) return memory.fuzzy
  const index: FuzzyIndex = { vocabulary: new Map(), postings: new Map(), byId: new Map() }
  for (const id of sortedIds(memory)) indexTokens(index, id, memory.entries.get(id)!)
  memory.fuzzy = index
  return index
}

function indexTokens(index: FuzzyIndex, id: string, entry: MemoryEntry): void {
  const ids = tokenize(entry.source).map((word) => {
    let token = index.vocabulary.get(word)
    if (token === undefined) index.vocabulary.set(word, (token = index.vocabulary.size))
    return token
  })
  if (ids.length === 0) return
  const item: IndexedEntry = { entry, tokens: idsToString(ids), length: ids.length }
  index.byId.set(id, item)
  for (const occurrence of occurrenceKeys(ids)) {
    const posting = index.postings.get(occurrence)
    if (posting) posting.push(item)
    else index.postings.set(occurrence, [item])
  }
}

/** The nth occurrence of a token id, as one number (`nth · 2³² + id`): exact for any text under 2²¹ tokens. */
function occurrenceKeys(ids: readonly number[]): number[] {
  const counts = new Map<number, number>()
  return ids.map((id) => {
    const nth = (counts.get(id) ?? 0) + 1
    counts.set(id, nth)
    return nth * 2 ** 32 + id
  })
}

/**
 * Token ids as UTF-16 code units, one per token, which is what fastest-levenshtein compares. A
 * vocabulary beyond 65 536 tokens folds onto the same units, which can only overrate a match
 * slightly, never hide one.
 */
function idsToString(ids: readonly number[]): string {
  let out = ''
  for (const id of ids) out += String.fromCharCode(id & 0xffff)
  return out
}
