import { readdir, readFile } from 'node:fs/promises'
import { firstAtLeast } from '../glossary/sorted.ts'
import { join } from 'node:path'
import { displayPath } from '../config/load.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { compileMatcher, createTermProtector, genitivePatterns, glossaryFromFiles, lintGlossary, type GenitivePatterns, type Glossary, type GlossaryEntry, type GlossaryMessage, type TermMatcher } from '../glossary/index.ts'
import { useMatcherData, type MatcherData } from '../glossary/match.ts'
import { targetFormsData, targetFormsIndexData, useTargetFormsData, useTargetFormsIndex } from '../glossary/find-target.ts'
import type { AutomatonData } from '../glossary/aho-corasick.ts'
import { compoundIndex, type CompoundIndex, type CompoundLookup } from '../glossary/compounds.ts'
import { glossaryCache, type CacheRecord, type GlossaryCache, type StoredRecord } from './glossary-cache.ts'
import { numberFormatsOf } from '../glossary/target.ts'
import type { NumberFormats } from '../glossary/numbers.ts'
import { createI18n, namespace } from '../i18n/index.ts'
import type { TermProtector } from '../glossary/protection.ts'

/** The project's glossary, read once: its entries, their compiled matcher, each language's genitive patterns and number formats. */
export interface ProjectGlossary extends LanguageFormats {
  glossary: Glossary
  matcher: TermMatcher
  /** Have a language's target forms compiled (from the cache when it has them) before `findTargetForms` looks for them. */
  prepareTargetForms(lang: string): void
  /** `lintGlossary` of the glossary for these targets (from the cache when it has it). */
  lint(targets: readonly string[]): GlossaryMessage[]
  /** `compoundIndex` of the glossary (from the cache when it has it). */
  compounds(): CompoundIndex
}

/** How each target language writes genitives and numbers (`locales/<lng>/tolk.json` over the defaults). */
export interface LanguageFormats {
  patterns: Map<string, GenitivePatterns>
  numbers: Map<string, NumberFormats>
}

/**
 * Read every `*.yaml`/`*.yml` file of a glossary folder, in name order. A missing folder is an
 * empty glossary. Files are named in messages relative to `options.cwd` (default: the working directory).
 */
export async function loadGlossary(dir: string, options: { cwd?: string } = {}): Promise<Glossary> {
  return glossaryFromFiles(await readGlossaryFiles(dir, options))
}

/** A glossary file as read: its bytes (what the cache's key hashes) and its text, decoded when first asked for (a cached glossary never needs it). */
export interface GlossaryFile {
  file: string
  bytes: Buffer
  readonly text: string
}

async function readGlossaryFiles(dir: string, options: { cwd?: string }): Promise<GlossaryFile[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const paths = names.filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(dir, name))
  return mapInParallel(paths, async (path) => {
    const bytes = await readFile(path)
    let text: string | undefined
    return {
      file: displayPath(path, options.cwd),
      bytes,
      get text() {
        return (text ??= bytes.toString('utf8'))
      },
    }
  })
}

export async function loadProjectGlossary(config: ResolvedConfig, languages: readonly string[]): Promise<ProjectGlossary> {
  const files = await readGlossaryFiles(config.paths.glossary, { cwd: config.root })
  const compiled = compiledGlossary(files, await glossaryCache(config.root, files))
  return { ...compiled, ...(await loadLanguageFormats(config.paths.locales, languages)) }
}

/**
 * The glossary of the files, its matcher, target forms and lint: from the cache between runs when
 * there is one (see `glossary-cache.ts`), else compiled (and stored). The same as without a cache.
 */
function compiledGlossary(files: ReadonlyArray<{ file: string; text: string }>, cache: GlossaryCache | undefined): Omit<ProjectGlossary, keyof LanguageFormats> {
  let glossary: Glossary
  let matcher: TermMatcher
  const stored = cache?.read('matcher')
  if (stored) {
    const meta = stored.meta as { glossary: Omit<Glossary, 'entries'>; size: number; patterns?: number; entries: number }
    const [candidates, offsets, ...automaton] = stored.arrays as [Int32Array, Int32Array, ...CacheRecord['arrays']]
    let fresh: Glossary | undefined
    const damaged = (index: number): GlossaryEntry => {
      // A damaged part: the entry as the files give it (as stored: without its hash and places), and the file written again.
      if (!fresh) {
        fresh = glossaryFromFiles(files)
        cache!.write('matcher', matcherRecord(fresh, compileMatcher(fresh).data()))
      }
      return JSON.parse(JSON.stringify(storedEntry(fresh.entries[index]!))) as GlossaryEntry
    }
    glossary = { ...meta.glossary, entries: entriesWhenUsed(meta.entries, stored, damaged) }
    matcher = useMatcherData(glossary, { size: meta.size, candidates, offsets, ...automatonOf(meta.patterns, automaton) })
  } else {
    glossary = glossaryFromFiles(files)
    matcher = compileMatcher(glossary)
    if (cache) {
      cache.write('matcher', matcherRecord(glossary, matcher.data()))
      cache.write('places', placesRecord(glossary))
    }
  }
  const prepared = new Set<string>()
  const lints = new Map<string, GlossaryMessage[]>()
  let compounds: CompoundIndex | undefined
  const result: Omit<ProjectGlossary, keyof LanguageFormats> = {
    glossary,
    matcher,
    prepareTargetForms(lang) {
      if (!cache || prepared.has(lang)) return
      prepared.add(lang)
      const name = `forms-${lang}`
      const record = cache.read(name)
      if (record) {
        // Grouped by key: a small job reads the groups of the words it has, not 5 MB of automaton.
        const keys = record.meta as string[]
        let damaged = false
        useTargetFormsIndex(glossary, lang, {
          keys,
          groups(indexes) {
            const read = record.readParts(indexes)
            if (read.some((bytes) => !bytes) && !damaged) {
              // A damaged part: the forms are compiled instead (findTargetForms does) and the file written again.
              damaged = true
              cache.write(name, formsRecord(glossary, lang))
            }
            return read.map((bytes) => (bytes ? (JSON.parse(bytes.toString()) as Array<[string, number[]]>) : undefined))
          },
        })
        return
      }
      // Compiled into one automaton for this run; stored grouped by key for the next.
      useTargetFormsData(glossary, lang, targetFormsData(glossary, lang))
      cache.write(name, formsRecord(glossary, lang))
    },
    compounds() {
      if (compounds) return compounds
      const record = cache?.read('compounds')
      if (record) {
        const { shortest, forms } = record.meta as { shortest: number | null; forms: number }
        const [formHashes, formEntries, lemmaHashes, lemmaEntries] = record.arrays as [Int32Array, Int32Array, Int32Array, Int32Array]
        let fresh: ReturnType<typeof compoundIndex> | undefined
        // A damaged part: the index made from the entries instead (the same), and the file written again.
        const made = () => {
          if (!fresh) {
            fresh = compoundIndex(glossary)
            cache!.write('compounds', compoundsRecord(glossary, fresh))
          }
          return fresh
        }
        return (compounds = {
          forms: hashedLookup(formHashes, formEntries, 0, record, glossary.entries, (key) => made().forms.get(key)),
          lemmas: hashedLookup(lemmaHashes, lemmaEntries, forms, record, glossary.entries, (key) => made().lemmas.get(key)),
          shortest: shortest ?? Number.POSITIVE_INFINITY,
        })
      }
      const index = compoundIndex(glossary)
      if (cache) cache.write('compounds', compoundsRecord(glossary, index))
      return (compounds = index)
    },
    lint(targets) {
      const name = `lint-${[...targets].join('-')}`
      let messages = lints.get(name)
      if (messages) return messages
      const record = cache?.read(name)
      if (!record && stored) {
        // Entries from the cache lack the places of their values, which the lint's messages name.
        const places = cache!.read('places')?.meta as Array<GlossaryEntry['places'] | null> | undefined
        if (places?.length === glossary.entries.length) glossary.entries.forEach((entry, index) => places[index] && (entry.places = places[index]!))
        else {
          glossary = glossaryFromFiles(files)
          cache!.write('places', placesRecord(glossary))
        }
      }
      messages = record ? (record.meta as GlossaryMessage[]) : lintGlossary(glossary, [...targets])
      if (cache && !record) cache.write(name, { meta: messages, arrays: [] } satisfies CacheRecord)
      lints.set(name, messages)
      return messages
    },
  }
  return result
}

/** Entries are stored in parts of this many, each part read when one of its entries is first used. */
const entriesPerPart = 8

/**
 * The matcher's record: the glossary without its entries, the matcher's tables, and the entries'
 * JSON in parts of `entriesPerPart` (a one-article job reads the few parts its hits are in, not
 * 3.4 MB for 10,000 entries; 40 hits spread over the glossary read 320 entries). Entry hashes are filled in when first needed; the places of single
 * values are only for the lint, whose messages are cached too, so they are a record of their own.
 */
function matcherRecord(glossary: Glossary, data: MatcherData): CacheRecord {
  const parts: Buffer[] = []
  for (let start = 0; start < glossary.entries.length; start += entriesPerPart) parts.push(Buffer.from(JSON.stringify(glossary.entries.slice(start, start + entriesPerPart).map(storedEntry))))
  const { entries: _entries, ...rest } = glossary
  return { meta: { glossary: rest, size: data.size, entries: glossary.entries.length, ...(data.automaton ? { patterns: data.automaton.patterns } : {}) }, arrays: [data.candidates, data.offsets, ...automatonArrays(data.automaton)], parts }
}

function storedEntry({ hash: _hash, places: _places, ...entry }: GlossaryEntry): Omit<GlossaryEntry, 'hash' | 'places'> {
  return entry
}

/**
 * The glossary's entries from their cached JSON, each part parsed when one of its entries is
 * first read (a one-article job touches the few entries its text hits, not all 10,000): an array
 * whose elements are made on access, the same object every time. An entry whose part is damaged
 * is `damaged(index)`.
 */
function entriesWhenUsed(count: number, record: StoredRecord, damaged: (index: number) => GlossaryEntry): GlossaryEntry[] {
  const entries: Array<GlossaryEntry | undefined> = new Array<GlossaryEntry | undefined>(count).fill(undefined)
  const at = (key: string | symbol): number => {
    if (typeof key !== 'string' || key === '') return -1
    const index = Number(key)
    return Number.isInteger(index) && index >= 0 && index < entries.length ? index : -1
  }
  const load = (index: number) => {
    const part = Math.floor(index / entriesPerPart)
    const [bytes] = record.readParts([part])
    const parsed = bytes ? (JSON.parse(bytes.toString()) as GlossaryEntry[]) : undefined
    for (let each = part * entriesPerPart; each < Math.min(count, (part + 1) * entriesPerPart); each++) entries[each] ??= parsed?.[each - part * entriesPerPart] ?? damaged(each)
    return entries[index]!
  }
  return new Proxy(entries as GlossaryEntry[], {
    get(target, key, receiver) {
      const index = at(key)
      if (index < 0) return Reflect.get(target, key, receiver) as unknown
      return target[index] ?? load(index)
    },
  })
}

function formsRecord(glossary: Glossary, lang: string): CacheRecord {
  const { keys, groups } = targetFormsIndexData(glossary, lang)
  return { meta: keys, arrays: [], parts: groups.map((group) => Buffer.from(JSON.stringify(group))) }
}

function placesRecord(glossary: Glossary): CacheRecord {
  return { meta: glossary.entries.map((entry) => entry.places ?? null), arrays: [] }
}

/** Keys of the compound index are stored in parts of this many, read when a look-up's hash is found. */
const keysPerPart = 64

/** FNV-1a over a key's code units: where a key is in a part, without reading the keys. */
function keyHash(key: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193)
  return hash | 0
}

/**
 * The compound index's record: per look-up (forms, then lemmas) its keys' hashes in order and their
 * entries' indexes (arrays), and the keys in that order, `keysPerPart` to a part. A look-up reads
 * 400 KB of hashes for 10,000 entries, not 1 MB of keys, and a part only when a hash is found.
 */
function compoundsRecord(glossary: Glossary, index: CompoundIndex & { forms: Map<string, GlossaryEntry>; lemmas: Map<string, GlossaryEntry> }): CacheRecord {
  const indexOf = new Map(glossary.entries.map((entry, at) => [entry, at]))
  const arrays: Int32Array[] = []
  const parts: Buffer[] = []
  for (const map of [index.forms, index.lemmas]) {
    const sorted = [...map].map(([key, entry]) => ({ key, hash: keyHash(key), entry: indexOf.get(entry)! })).sort((a, b) => a.hash - b.hash || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    arrays.push(Int32Array.from(sorted, ({ hash }) => hash), Int32Array.from(sorted, ({ entry }) => entry))
    for (let start = 0; start < sorted.length; start += keysPerPart) parts.push(Buffer.from(JSON.stringify(sorted.slice(start, start + keysPerPart).map(({ key }) => key))))
  }
  return { meta: { shortest: Number.isFinite(index.shortest) ? index.shortest : null, forms: Math.ceil(index.forms.size / keysPerPart) }, arrays, parts }
}

/**
 * A look-up by the keys' sorted hashes (bisection), reading the part of keys a found hash is in
 * to compare the key itself: nothing to build for the few words of a small job. `firstPart` is
 * where this look-up's parts start; `damaged` answers when a part cannot be read.
 */
function hashedLookup(hashes: Int32Array, indexes: Int32Array, firstPart: number, record: StoredRecord, entries: readonly GlossaryEntry[], damaged: (key: string) => GlossaryEntry | undefined): CompoundLookup {
  const parts = new Map<number, string[] | undefined>()
  const keysOf = (part: number) => {
    if (!parts.has(part)) {
      const [bytes] = record.readParts([firstPart + part])
      parts.set(part, bytes ? (JSON.parse(bytes.toString()) as string[]) : undefined)
    }
    return parts.get(part)
  }
  const find = (key: string): GlossaryEntry | undefined => {
    const hash = keyHash(key)
    for (let at = firstAtLeast(hashes, hash); at < hashes.length && hashes[at] === hash; at++) {
      const keys = keysOf(Math.floor(at / keysPerPart))
      if (!keys) return damaged(key)
      if (keys[at % keysPerPart] === key) return entries[indexes[at]!]
    }
    return undefined
  }
  return { size: hashes.length, get: find, has: (key) => find(key) !== undefined }
}

function automatonArrays(data: AutomatonData | undefined): CacheRecord['arrays'] {
  return data ? [data.first, data.via, data.output, data.fail, data.report, data.lengths] : []
}

function automatonOf(patterns: number | undefined, arrays: CacheRecord['arrays']): { automaton?: AutomatonData } {
  if (patterns === undefined) return {}
  const [first, via, output, fail, report, lengths] = arrays as [Int32Array, Uint16Array, Int32Array, Int32Array, Int32Array, Uint16Array | Int32Array]
  return { automaton: { patterns, first, via, output, fail, report, lengths } }
}

/** Each language's genitive patterns and number formats, from `locales/<lng>/tolk.json` read once for all of them. */
export async function loadLanguageFormats(localesDir: string, languages: readonly string[]): Promise<LanguageFormats> {
  const { i18n } = await createI18n(localesDir, languages)
  const resource = (lang: string, key: string) => i18n.getResource(lang, namespace, key) as unknown
  return {
    patterns: new Map(languages.map((lang) => [lang, genitivePatterns(resource, lang)])),
    numbers: new Map(languages.map((lang) => [lang, numberFormatsOf(resource, lang)])),
  }
}

/** Each language's genitive patterns. */
export async function loadGenitivePatterns(localesDir: string, languages: readonly string[]): Promise<Map<string, GenitivePatterns>> {
  return (await loadLanguageFormats(localesDir, languages)).patterns
}

/** The project glossary's term protection, with every target language's genitive patterns. */
export async function loadProtector(config: ResolvedConfig): Promise<TermProtector | undefined> {
  return protectorOf(await loadProjectGlossary(config, Object.keys(config.targets)))
}

/** Term protection for the engines, or undefined when the glossary is empty. */
export function protectorOf(project: ProjectGlossary): TermProtector | undefined {
  if (project.glossary.entries.length === 0) return undefined
  return createTermProtector(project.glossary, project.matcher, Object.fromEntries(project.patterns))
}
