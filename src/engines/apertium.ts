import { spawn } from 'node:child_process'
import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import * as z from 'zod'
import { defineEngine } from './descriptor.ts'
import { putStandIns, takeStandIns } from './apertium-stand-ins.ts'
import { languageCode } from '../config/language-code.ts'
import { InputError, type Place } from '../errors.ts'
import type { TranslationRequest, TranslationResult, Translator } from './types.ts'

/** Apertium modes per target language for Swedish sources (Debian's apertium-swe-dan and apertium-swe-nor). */
export const defaultApertiumPairs: Readonly<Record<string, string>> = { da: 'swe-dan', nb: 'swe-nob', nn: 'swe-nno' }

export interface ApertiumOptions {
  /** Mode per target language. Default: {@link defaultApertiumPairs}. */
  pairs?: Record<string, string>
  /** An APy server (`http://host:2737`) to use instead of the local binary. */
  url?: string
  /** The binary. Default: `apertium` on PATH. */
  command?: string
  /** Called once per spawned process, for accounting and tests. */
  onSpawn?: (mode: string) => void
  /** Environment of the process. Default: this process's. */
  env?: NodeJS.ProcessEnv
  /** Where a key of the config is written, for the place of a pair that is not installed. */
  placeInConfig?: (path: Array<string | number>) => Promise<Place>
}

/**
 * Apertium, the rule-based engine. Locally, a whole batch goes through one `apertium` process in
 * HTML mode: markup placeholders are tags Apertium carries through, the placeholders of terms,
 * names and numbers go as words (`apertium-stand-ins.ts`), and units are separated by `<hr>`
 * markers, so output maps back to units one to one. Unknown-word marks are stripped and reported.
 */
export function apertiumEngine(options: ApertiumOptions = {}): Translator {
  const pairs = { ...defaultApertiumPairs, ...options.pairs }
  const command = options.command ?? 'apertium'
  let installed: Promise<string[] | undefined> | undefined
  const installedPairs = () => (installed ??= options.url ? apyPairs(options.url) : localPairs(command, options.env))
  return {
    id: 'apertium',
    // One process per batch: the orchestration sends everything of a language at once.
    maxBatch: Number.POSITIVE_INFINITY,
    async unavailable(target) {
      const mode = pairs[target]
      if (!mode) return `no Apertium pair configured for \`${target}\` (engines.apertium.pairs)`
      if (!options.url && !(await onPath(command))) return `\`${command}\` is not installed (Debian: apt-get install apertium apertium-swe-dan apertium-swe-nor apertium-recursive)`
      // A pair that is not installed is the config's problem, not a failure of the engine: said once, with its place.
      const modes = await installedPairs()
      if (modes && !modes.includes(mode)) {
        const configured = options.pairs?.[target] !== undefined
        const where = options.url ? ` on the APy server at ${options.url}` : ''
        const message = `Apertium pair \`${mode}\` for \`${target}\` is not installed${where}, expected one of the installed pairs: ${modes.length > 0 ? modes.join(', ') : '(none)'}${configured ? '' : ` (set engines.apertium.pairs.${target})`}`
        throw new InputError(message, await options.placeInConfig?.(configured ? ['engines', 'apertium', 'pairs', target] : ['targets', target, 'engines']), { code: 'config' })
      }
      return undefined
    },
    async translate(batch, context) {
      const mode = pairs[context.target]!
      if (options.url) return translateViaApy(options.url, mode, batch, context.signal)
      return translateLocally(batch, mode, context.signal)
    },
  }

  async function translateLocally(batch: readonly TranslationRequest[], mode: string, signal?: AbortSignal): Promise<TranslationResult[]> {
    options.onSpawn?.(mode)
    const sent = batch.map((request) => putStandIns(request.text, request.protectedSpans))
    // A unit that ends no sentence is sent with a full stop, taken off again: a marker is a blank to
    // the transfer, and swe-nob's reads a phrase across it (`… 2026` and `Stormen Hilde …` came
    // back as `… 2026.Stormen` and `Hilde …`).
    const stopped = sent.map((unit) => !endsSentence.test(unit.text))
    const input = sent.map((unit, index) => `${unit.text}${stopped[index] ? '.' : ''}\n<hr data-tolk="${index}">\n`).join('')
    const { stdout, stderr, code } = await runOnFile(command, ['-f', 'html-noent', mode], input, signal, options.env)
    if (code !== 0 || (stdout.trim() === '' && input.trim() !== '')) {
      const reason = stderr.trim().split('\n')[0] || `exit code ${code}`
      throw new Error(`apertium ${mode} gave no translation: ${reason}`)
    }
    // Text and separator numbers alternate; the numbers must come back 0, 1, 2 … in order.
    const pieces = stdout.split(/\s*<hr data-tolk="(\d+)">\s*/)
    const aligned = pieces.length === batch.length * 2 + 1 && batch.every((_, index) => pieces[index * 2 + 1] === String(index))
    if (aligned) return batch.map((request, index) => cleanResult(request, takeStandIns(request.text, stopped[index] ? pieces[index * 2]!.replace(addedStop, '') : pieces[index * 2]!, sent[index]!.standIns)))
    if (batch.length === 1) return [{ key: batch[0]!.key, error: `apertium ${mode} lost the unit's boundary marker` }]
    // Something in this batch upset the markers: halve it, so one odd unit cannot fail the rest.
    const middle = Math.ceil(batch.length / 2)
    return [...(await translateLocally(batch.slice(0, middle), mode, signal)), ...(await translateLocally(batch.slice(middle), mode, signal))]
  }
}

/** A unit's text that ends a sentence, markup after the punctuation or not. */
const endsSentence = /[.!?…]\s*(?:<[^>]*>\s*)*$/
/** The full stop at the end of a piece of Apertium's output, markup after it or not. */
const addedStop = /\.(?=(?:\s|<[^>]*>)*$)/

/**
 * Strip Apertium's unknown-word marks (`*word`, `@word`, `#word`) wherever they stand, inside a
 * word too (`ned#dragning`), unless the source itself had them (a hashtag, an address); each
 * marked word, without its marks, is listed as unknown.
 */
export function stripUnknownMarks(source: string, output: string): { text: string; unknownWords: string[] } {
  const unknownWords: string[] = []
  const text = output.replace(/(?<!&)[\p{L}\p{N}*#@'’:-]*[*#@][\p{L}\p{N}][\p{L}\p{N}*#@'’:-]*/gu, (token) => {
    if (/^#x?[0-9a-f]+$/i.test(token) && output.includes(`&${token};`)) return token // a character reference
    if (source.includes(token)) return token
    const word = token.replace(/[*#@]/g, '')
    const listed = word.replace(/^[-:'’]+|[-:'’]+$/g, '')
    if (listed && !unknownWords.includes(listed)) unknownWords.push(listed)
    return word
  })
  return { text, unknownWords }
}

function cleanResult(request: TranslationRequest, raw: string): TranslationResult {
  const { text, unknownWords } = stripUnknownMarks(request.text, raw.trim())
  if (!text) return { key: request.key, error: 'empty translation' }
  return { key: request.key, text: restorePlaceholderSpacing(request.text, text), unknownWords }
}

/**
 * Apertium treats a standalone placeholder as format and moves blanks around it: `en <x id="5"/>`
 * comes back as `en<x id="5"></x>`, `<x id="3"/>-annonser` as `<x id="3"></x>- annoncer`, and
 * swe-nob writes a score `<x id="1"/>-<x id="2"/>` as `<x id="1"/> - <x id="2"/>`. Where the source
 * had a blank before a placeholder, or a hyphen glued to it, put that back.
 */
export function restorePlaceholderSpacing(source: string, output: string): string {
  const spaced = new Set<string>()
  const hyphened = new Set<string>()
  for (const match of source.matchAll(/(\s?)<x\s+id="(\d+)"\s*\/>(-(?=\S))?/g)) {
    if (match[1]) spaced.add(match[2]!)
    if (match[3]) hyphened.add(match[2]!)
  }
  return output.replace(/([\p{L}\p{N}]?)(<x\s+id="(\d+)"\s*(?:\/>|><\/x\s*>))([ \t]*-[ \t]*)?/gu, (whole, before: string, tag: string, id: string, hyphen: string | undefined) => {
    const head = before && spaced.has(id) ? `${before} ` : before
    const tail = hyphen && hyphened.has(id) ? '-' : (hyphen ?? '')
    return `${head}${tag}${tail}`
  })
}

async function translateViaApy(url: string, mode: string, batch: readonly TranslationRequest[], signal?: AbortSignal): Promise<TranslationResult[]> {
  const langpair = mode.replace('-', '|')
  const results: TranslationResult[] = []
  for (const request of batch) {
    const sent = putStandIns(request.text, request.protectedSpans)
    const body = new URLSearchParams({ langpair, q: sent.text, format: 'html', markUnknown: 'yes' })
    const response = await fetch(new URL('translate', url.endsWith('/') ? url : `${url}/`), { method: 'POST', body, signal })
    const payload = (await response.json().catch(() => undefined)) as { responseData?: { translatedText?: string }; message?: string; explanation?: string } | undefined
    if (!response.ok || typeof payload?.responseData?.translatedText !== 'string') {
      results.push({ key: request.key, error: `APy ${response.status}: ${payload?.explanation ?? payload?.message ?? 'unexpected answer'}` })
      continue
    }
    results.push(cleanResult(request, takeStandIns(request.text, payload.responseData.translatedText, sent.standIns)))
  }
  return results
}

/** The modes the local Apertium has (`apertium -l`), or undefined when it cannot say. */
async function localPairs(command: string, env?: NodeJS.ProcessEnv): Promise<string[] | undefined> {
  const listed = await run(command, ['-l'], undefined, env).catch(() => undefined)
  if (!listed || listed.code !== 0) return undefined
  return [...new Set(listed.stdout.split('\n').map((line) => line.trim()).filter((line) => /^[a-z]{2,3}-[a-z]{2,3}/.test(line)))].sort()
}

/** The pairs an APy server has (`/listPairs`, as `swe-dan`), or undefined when it does not answer that. */
async function apyPairs(url: string): Promise<string[] | undefined> {
  try {
    const response = await fetch(new URL('listPairs', url.endsWith('/') ? url : `${url}/`), { signal: AbortSignal.timeout(10_000) })
    if (!response.ok) return undefined
    const payload = (await response.json()) as { responseData?: Array<{ sourceLanguage?: unknown; targetLanguage?: unknown }> }
    if (!Array.isArray(payload.responseData)) return undefined
    const pairs = payload.responseData.flatMap((pair) => (typeof pair.sourceLanguage === 'string' && typeof pair.targetLanguage === 'string' ? [`${pair.sourceLanguage}-${pair.targetLanguage}`] : []))
    return [...new Set(pairs)].sort()
  } catch {
    return undefined
  }
}

async function onPath(command: string): Promise<boolean> {
  const candidates = command.includes('/') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((folder) => join(folder, command))
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK)
      return true
    } catch {}
  }
  return false
}

/**
 * Run apertium on its input written to a temporary file: with Transfuse installed, Debian's
 * `apertium -f html` reads through `tf-extract`, which aborts on a socket as standard input.
 */
async function runOnFile(command: string, args: string[], input: string, signal?: AbortSignal, env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const folder = await mkdtemp(join(tmpdir(), 'tolk-apertium-'))
  const file = join(folder, 'input.html')
  try {
    await writeFile(file, input)
    return await run(command, [...args, file], signal, env)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

function run(command: string, args: string[], signal?: AbortSignal, env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, env: env ?? process.env })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), code }))
  })
}

export const apertium = defineEngine({
  id: 'apertium',
  options: z.object({
    /** Apertium mode per target language. Default: `da` → `swe-dan`, `nb` → `swe-nob`, `nn` → `swe-nno`. */
    pairs: z.record(languageCode, z.string().regex(/^[a-z]{2,3}-[a-z]{2,3}(_[a-z]+)?$/, 'Expected an Apertium mode such as `swe-dan`')).optional(),
    /** An Apertium APy server to use instead of the local `apertium` binary. */
    url: z.url().optional(),
  }),
  // A whole language goes through one process in one call (so it gets longer than one HTTP
  // request); languages built at once each run their own, as many as there are cores.
  defaults: { concurrency: Math.max(1, availableParallelism()), timeout: 600_000 },
  create: (options, services) => apertiumEngine({ pairs: options.pairs, url: options.url, placeInConfig: services.placeInConfig, ...services.apertium }),
})
