import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { access, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { cacheFolder, codeIdentity, readCacheFile, writeCacheFile, type CacheFolder } from '../fs/cache.ts'

/**
 * Word lexicons from Apertium's morphological analysers (`lt-proc` on a pair's `.automorf.bin`):
 * the Swedish one says whether a capitalised word is a common word or a name (`<np>`) and which
 * parts a closed compound has; the Danish and Norwegian ones say whether a word of an edition is
 * a word of that language. A language's lexicon is every installed analyser of it at once (each
 * pair has its own, and they know different words: Nynorsk `integrering` only in dan-nor's,
 * Swedish `märkning` only in swe-dan's), so a word is known when one of them knows it. Lookups are
 * batched: one `lt-proc` process per analyser and batch, as many words as there are, each word
 * analysed once per lexicon (cached). With a project (`root`), the answers are also kept between
 * runs in the project's cache folder, keyed by the analysers' files and the code that reads them,
 * so a small job asks `lt-proc` only about words no earlier run asked about.
 */

export interface WordAnalysis {
  /** The analyser knows the word (as anything). */
  known: boolean
  /** Known as a common word (any analysis that is not a proper noun). */
  common: boolean
  /** Known as a proper noun (`<np>`). */
  proper: boolean
  /** The lemma when the word is the genitive of a proper noun (`Karins` → `Karin`). */
  genitiveOf?: string
  /** A closed compound of known words, its parts' lemmas in order (`statsministerkandidater` → `statsminister`, `kandidat`). */
  parts?: string[]
}

export interface Lexicon {
  readonly lang: string
  /** The analysers' files. */
  readonly files: readonly string[]
  /** Analyse the words not analysed yet, in one process. */
  load(words: Iterable<string>): Promise<void>
  /** A word's analysis; undefined when it was not loaded. */
  get(word: string): WordAnalysis | undefined
}

/** Where Debian's Apertium packages put their data. */
export const apertiumDataDir = '/usr/share/apertium'

/** The analysers of each language, every one installed is asked. */
const analysers: Record<string, string[]> = {
  // Not swe-nno's: it knows no word swe-nob's does not (apertium-swe-nor builds both from one Swedish dictionary).
  sv: ['apertium-swe-nor/swe-nob.automorf.bin', 'apertium-swe-dan/swe-dan.automorf.bin'],
  da: ['apertium-dan-nor/dan-nob.automorf.bin', 'apertium-swe-dan/dan-swe.automorf.bin'],
  nb: ['apertium-swe-nor/nob-swe.automorf.bin', 'apertium-dan-nor/nob-dan.automorf.bin'],
  nn: ['apertium-swe-nor/nno-swe.automorf.bin', 'apertium-dan-nor/nno-dan.automorf.bin'],
  en: ['apertium-eng-spa/eng-spa.automorf.bin'],
}

export interface LexiconOptions {
  /** Apertium's data folder. Default: {@link apertiumDataDir}. */
  dataDir?: string
  /** The analyser program. Default: `lt-proc` on PATH. */
  command?: string
  /** The project whose cache folder keeps the answers between runs (see `fs/cache.ts`). Default: none, answers are kept for the process only. */
  root?: string
}

const opened = new Map<string, Promise<Lexicon | undefined>>()

/**
 * The lexicon of a language, or undefined when no analyser for it is installed. One instance per
 * language and data folder in a process, so its cache serves every build and check that runs in it.
 */
export function lexiconFor(lang: string, options: LexiconOptions = {}): Promise<Lexicon | undefined> {
  const base = lang.toLowerCase().split('-')[0]!
  const dataDir = options.dataDir ?? apertiumDataDir
  const command = options.command ?? 'lt-proc'
  const folder = options.root === undefined ? undefined : cacheFolder(options.root)
  const key = `${base}\u0000${dataDir}\u0000${command}\u0000${folder?.dir ?? ''}`
  let lexicon = opened.get(key)
  if (!lexicon) {
    lexicon = open(base, dataDir, command, folder)
    opened.set(key, lexicon)
  }
  return lexicon
}

async function open(lang: string, dataDir: string, command: string, folder: CacheFolder | undefined): Promise<Lexicon | undefined> {
  const installed = await Promise.all(
    (analysers[lang] ?? []).map((candidate) =>
      access(join(dataDir, candidate)).then(
        () => join(dataDir, candidate),
        () => undefined,
      ),
    ),
  )
  const files = installed.filter((file): file is string => file !== undefined)
  if (files.length === 0) return undefined
  const store = folder && (await answerStore(lang, files, command, folder))
  return createLexicon(lang, files, command, store)
}

/** Answers kept between runs: one JSON file per language, analysers and code. */
interface AnswerStore {
  read(): Map<string, WordAnalysis>
  write(cache: ReadonlyMap<string, WordAnalysis>): void
}

const storeFormat = 'tolk-lexicon 1'

async function answerStore(lang: string, files: readonly string[], command: string, folder: CacheFolder): Promise<AnswerStore | undefined> {
  const code = codeIdentity(import.meta.url, ['apertium.ts'])
  if (!code) return undefined
  const hash = createHash('sha256').update(`${storeFormat}\n${code}\n${command}\n`)
  // An analyser that is installed again (another version of the pair) has another size or time.
  for (const file of files) {
    const info = await stat(file)
    hash.update(`${file}\u0000${info.size}\u0000${info.mtimeMs}\n`)
  }
  const key = hash.digest('hex')
  const prefix = `lexicon-${lang}-`
  const name = `${prefix}${key.slice(0, 32)}.json`
  return {
    read() {
      const bytes = readCacheFile(folder, name)
      if (!bytes) return new Map()
      try {
        const stored = JSON.parse(bytes.toString('utf8')) as { key?: unknown; words?: unknown }
        if (stored.key !== key || typeof stored.words !== 'object' || stored.words === null) return new Map()
        return new Map(Object.entries(stored.words as Record<string, WordAnalysis>).filter(([, analysis]) => isAnalysis(analysis)))
      } catch {
        return new Map() // a damaged file is written again
      }
    },
    write(cache) {
      const words: Record<string, WordAnalysis> = {}
      for (const word of [...cache.keys()].sort()) words[word] = cache.get(word)!
      writeCacheFile(folder, name, `${JSON.stringify({ key, words })}\n`, (other) => other.startsWith(prefix))
    },
  }
}

function isAnalysis(value: unknown): value is WordAnalysis {
  if (typeof value !== 'object' || value === null) return false
  const analysis = value as Record<string, unknown>
  return (
    typeof analysis.known === 'boolean' &&
    typeof analysis.common === 'boolean' &&
    typeof analysis.proper === 'boolean' &&
    (analysis.genitiveOf === undefined || typeof analysis.genitiveOf === 'string') &&
    (analysis.parts === undefined || (Array.isArray(analysis.parts) && analysis.parts.every((part) => typeof part === 'string')))
  )
}

function createLexicon(lang: string, files: readonly string[], command: string, store: AnswerStore | undefined): Lexicon {
  const cache = store?.read() ?? new Map<string, WordAnalysis>()
  let broken = false
  /** Words being analysed, and the batch still taking words (until the event loop's next turn). */
  const inflight = new Map<string, Promise<void>>()
  let collecting: { words: Set<string>; done: Promise<void> } | undefined

  async function analyseAll(fresh: readonly string[]): Promise<void> {
    if (broken || fresh.length === 0) return
    let outputs: string[]
    try {
      outputs = await Promise.all(files.map((file) => analyse(command, file, fresh)))
    } catch {
      // No analyser program: every later lookup answers "not loaded", and callers fall back.
      broken = true
      return
    }
    const lines = outputs.map((output) => output.split('\n'))
    fresh.forEach((word, index) => cache.set(word, mergeAnalyses(lines.map((output) => parseAnalysis(output[index] ?? '')))))
    store?.write(cache)
  }

  return {
    lang,
    files,
    // Loads asked for in the same turn of the event loop (a build's names and compounds) share one `lt-proc` per analyser.
    async load(words) {
      if (broken) return
      const waits = new Set<Promise<void>>()
      for (const word of words) {
        if (!lookupable.test(word) || cache.has(word)) continue
        const running = inflight.get(word)
        if (running) {
          waits.add(running)
          continue
        }
        if (!collecting) {
          const batch: { words: Set<string>; done: Promise<void> } = { words: new Set(), done: Promise.resolve() }
          batch.done = new Promise<void>((resolve) => setImmediate(resolve))
            .then(() => {
              if (collecting === batch) collecting = undefined
              return analyseAll([...batch.words])
            })
            .finally(() => {
              for (const fresh of batch.words) inflight.delete(fresh)
            })
          collecting = batch
        }
        collecting.words.add(word)
        inflight.set(word, collecting.done)
        waits.add(collecting.done)
      }
      await Promise.all(waits)
    },
    get: (word) => cache.get(word),
  }
}

/**
 * One analysis from several analysers': known, common or a name when one of them says so; a
 * compound only when none knows the word as a simple common word.
 */
export function mergeAnalyses(analyses: readonly WordAnalysis[]): WordAnalysis {
  const known = analyses.filter((analysis) => analysis.known)
  if (known.length <= 1) return known[0] ?? analyses[0] ?? { known: false, common: false, proper: false }
  const merged: WordAnalysis = { known: true, common: known.some((analysis) => analysis.common), proper: known.some((analysis) => analysis.proper) }
  const genitiveOf = known.find((analysis) => analysis.genitiveOf)?.genitiveOf
  if (genitiveOf) merged.genitiveOf = genitiveOf
  const simple = known.some((analysis) => analysis.common && !analysis.parts)
  const parts = known.find((analysis) => analysis.parts)?.parts
  if (parts && !simple) merged.parts = parts
  return merged
}

/** Words the analyser is asked about: letters only (a hyphen or an apostrophe would split the token). */
const lookupable = /^[\p{L}\p{M}]+$/u

/** One `lt-proc -w -e` over the words, one per line: `-w` keeps dictionary case, `-e` analyses closed compounds. */
function analyse(command: string, file: string, words: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, ['-w', '-e', file], { stdio: ['pipe', 'pipe', 'ignore'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', reject)
    child.stdin.on('error', () => {})
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`${command} exited with ${code}`))))
    child.stdin.end(`${words.join('\n')}\n`)
  })
}

/** Read one line of `lt-proc` output: `^surface/analysis/analysis$`. */
export function parseAnalysis(line: string): WordAnalysis {
  const token = /\^([^$]*)\$/.exec(line)?.[1]
  const readings = token ? splitReadings(token).slice(1) : []
  if (readings.length === 0 || readings[0]!.startsWith('*')) return { known: false, common: false, proper: false }
  const analysis: WordAnalysis = { known: true, common: false, proper: false }
  let bestParts: string[] | undefined
  for (const reading of readings) {
    const pieces = reading.split('+')
    const last = pieces[pieces.length - 1]!
    const proper = last.includes('<np>')
    if (proper) {
      analysis.proper = true
      if (last.includes('<gen>') && pieces.length === 1) analysis.genitiveOf = lemmaOf(last)
    } else analysis.common = true
    if (pieces.length > 1 && !proper && (!bestParts || pieces.length < bestParts.length)) bestParts = pieces.map(lemmaOf)
  }
  // A word that is also a simple word is not a compound for our purposes (`kommunfullmäktige`).
  if (bestParts && !readings.some((reading) => !reading.includes('+') && !reading.includes('<np>') && !reading.includes('<compound-only-L>'))) analysis.parts = bestParts
  return analysis
}

function splitReadings(token: string): string[] {
  // `/` separates readings; a backslash escapes one inside a surface form.
  const readings: string[] = []
  let current = ''
  for (let index = 0; index < token.length; index++) {
    const char = token[index]!
    if (char === '\\' && index + 1 < token.length) current += token[++index]
    else if (char === '/') {
      readings.push(current)
      current = ''
    } else current += char
  }
  readings.push(current)
  return readings
}

function lemmaOf(reading: string): string {
  const at = reading.indexOf('<')
  return at === -1 ? reading : reading.slice(0, at)
}

/** Norwegian has two written standards: a word of one is no Swedish word left in an edition in the other. */
const standards: Record<string, string[]> = { nb: ['nb', 'nn'], nn: ['nn', 'nb'], no: ['nb', 'nn'] }

/** The lexicons whose words are words of an edition in `lang`: its own, and for Norwegian both standards'; empty when none is installed. */
export async function editionLexicons(lang: string, options: LexiconOptions = {}): Promise<Lexicon[]> {
  const base = lang.toLowerCase().split('-')[0]!
  const lexicons = await Promise.all((standards[base] ?? [base]).map((standard) => lexiconFor(standard, options)))
  return lexicons.filter((lexicon): lexicon is Lexicon => lexicon !== undefined)
}
