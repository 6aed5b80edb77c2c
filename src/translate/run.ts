import { parsePlaceholders, plainText, type Slot } from '../document/placeholders.ts'
import type { ProtectedPlaceholder, TranslationRequest, TranslationResult, Translator } from '../engines/types.ts'
import { EngineStoppedError } from '../engines/types.ts'
import { containsSecret, redact } from '../engines/faults.ts'
import { batchUnits } from './batch.ts'
import { protectNumbers, restoreTerms, type ProtectedText, type TermHitRecord, type TermProtector } from '../glossary/protection.ts'
import { sendBatch, type EngineSlot } from './request.ts'
import { numberFormatsFor, type NumberFormats } from '../glossary/numbers.ts'
import { agreeWithTerms } from '../glossary/agreement.ts'
import { unsafeContent } from './unsafe.ts'

export type { EngineSlot } from './request.ts'

/** A unit to translate, once per language however many articles share it. */
export interface UnitJob {
  key: string
  text: string
  context?: string
  slots: ReadonlyMap<number, Pick<Slot, 'kind'>>
}

export interface Answer {
  text: string
  engine: string
  status: 'machine' | 'needs-review' | 'reviewed'
  /** True when the answer came from a catalog rather than an engine call in this build. */
  cached?: boolean
  /** Term hits applied while translating (machine answers only). */
  terms?: TermHitRecord[]
  glossaryHash?: string
  unknownWords?: string[]
}

/** What a dry run would send to an engine. */
export interface PlannedWork {
  engine: string
  units: number
  /** Source characters (what DeepL bills). */
  characters: number
  /** Estimated tokens, for engines that bill by token. */
  tokens?: number
  requests: number
}

export interface ChainOutcome {
  answers: Map<string, Answer>
  /** Engines of the chain that were not used, and why. */
  skipped: Array<{ engine: string; reason: string }>
  /** Why each engine failed on a unit (a unit may fail in several engines before one succeeds). */
  failures: Array<{ key: string; engine: string; problem: string }>
  /** Source characters sent, per engine. */
  characters: Record<string, number>
  /** Dry run only: what would be sent, per engine. */
  planned: PlannedWork[]
}

export interface ProgressEvent {
  engine: string
  /** Units this engine has finished (translated or failed). */
  done: number
  total: number
}

export interface ChainOptions {
  source: string
  target: string
  units: readonly UnitJob[]
  /** Engine ids in order; `catalog` answers from `lookup`. */
  chain: readonly string[]
  engines: ReadonlyMap<string, EngineSlot | undefined>
  /** Why an engine id has no slot (not configured, unknown). */
  missing?: ReadonlyMap<string, string>
  lookup: (key: string) => Omit<Answer, 'terms'> | undefined
  protect?: TermProtector
  /**
   * Called with the answers of each finished batch, one call at a time, so they are saved before
   * the next ones; the answers of batches that finish while a call is running come together in the
   * next call (a slow save is not paid once per batch).
   */
  onBatch?: (answers: ReadonlyMap<string, Answer>) => Promise<void>
  onProgress?: (event: ProgressEvent) => void
  signal?: AbortSignal
  /** Call no engine: the catalog answers what it can, the first usable engine is planned for the rest. */
  dryRun?: boolean
  /** How the target writes numbers. Default: the language's defaults (`glossary/numbers.ts`). */
  numberFormats?: NumberFormats
  /** False: `protect` has put the numbers in placeholders already (the build's does: `glossary/protection.ts`), or they go to the engines as written. Default: true. */
  protectNumbers?: boolean
}

/** Engine marks that must never reach an edition. */
const leftoverMark = /(^|[\s(>])[*#@](?=[\p{L}\p{N}])/u

interface Prepared {
  unit: UnitJob
  protectedText?: ReturnType<TermProtector>
  request: TranslationRequest
}

/**
 * Run one language's units through its chain: the catalog first, then each machine engine with
 * what is still untranslated. An answer is accepted only when every placeholder is back exactly
 * once and no engine mark is left; anything else falls through to the next engine. Each finished
 * batch is handed to `onBatch` at once, so an interrupted build keeps — and never pays for again —
 * what was already translated. On interruption it waits for the batches in flight to settle and
 * then throws the signal's reason.
 */
export async function translateChain(options: ChainOptions): Promise<ChainOutcome> {
  const answers = new Map<string, Answer>()
  const skipped: ChainOutcome['skipped'] = []
  const failures: ChainOutcome['failures'] = []
  const characters: Record<string, number> = {}
  const planned: PlannedWork[] = []
  let pending = [...options.units]
  let saving: Promise<void> = Promise.resolve()
  /** Batches whose answers are not on disk yet (being saved, or waiting for the next save). */
  let unsaved = 0
  // Answers of the batches that finished while a save was running: the next save takes them all at once.
  let waiting: { answers: Map<string, Answer>; batches: number; saved: Promise<void> } | undefined
  // Why answers could not be saved (a full disk): from then on no request starts, since what it paid for could not be kept.
  let unsavable: { error: unknown } | undefined
  const save = (fresh: ReadonlyMap<string, Answer>): Promise<void> => {
    unsaved++
    if (waiting) {
      for (const [key, answer] of fresh) waiting.answers.set(key, answer)
      waiting.batches++
      return waiting.saved
    }
    const group = { answers: new Map(fresh), batches: 1, saved: Promise.resolve() }
    group.saved = saving
      .then(() => {
        // From here on, answers that come in go to the save after this one.
        if (waiting === group) waiting = undefined
        return options.onBatch?.(group.answers)
      })
      .finally(() => (unsaved -= group.batches))
    waiting = group
    saving = group.saved.catch((error: unknown) => void (unsavable ??= { error }))
    return group.saved
  }
  // Answers not yet saved are lost if the process is killed: no new request starts while more
  // than a couple of batches wait to be saved, so a slow disk holds back the engine, not the other way.
  const saved = async () => {
    while (unsaved > 2) await saving
    if (unsavable) throw unsavable.error
  }

  const formats = options.numberFormats ?? numberFormatsFor(options.target)
  const protectUnit = (unit: UnitJob): ProtectedText => {
    const protectedText: ProtectedText = options.protect?.(unit.text, options.target) ?? { text: unit.text, terms: new Map(), hits: [] }
    return options.protectNumbers === false ? protectedText : protectNumbers(protectedText, formats)
  }
  let termsOnlyDone = false

  for (const engineId of options.chain) {
    if (pending.length === 0) break
    options.signal?.throwIfAborted()
    if (engineId === 'catalog') {
      pending = pending.filter((unit) => {
        const answer = options.lookup(unit.key)
        if (answer) answers.set(unit.key, { ...answer, cached: true })
        return !answer
      })
      continue
    }
    if (!termsOnlyDone) {
      // A unit made only of protected terms and numbers (a table cell `Spotify`, a heading `ICE`)
      // needs no engine: the glossary answers it. Nothing is billed, and it builds offline.
      termsOnlyDone = true
      const fresh = new Map<string, Answer>()
      pending = pending.filter((unit) => {
        const protectedText = protectUnit(unit)
        if (protectedText.terms.size === 0 || /\p{L}/u.test(plainText(protectedText.text))) return true
        const answer: Answer = { text: restoreTerms(protectedText.text, protectedText.terms), engine: 'glossary', status: 'machine', terms: protectedText.hits, glossaryHash: protectedText.glossaryHash }
        answers.set(unit.key, answer)
        fresh.set(unit.key, answer)
        return false
      })
      if (fresh.size > 0 && !options.dryRun) await save(fresh)
      if (pending.length === 0) break
    }
    const slot = options.engines.get(engineId)
    if (!slot) {
      skipped.push({ engine: engineId, reason: options.missing?.get(engineId) ?? 'not configured' })
      continue
    }
    const reason = slot.stopped ?? (await slot.translator.unavailable?.(options.target))
    if (reason) {
      skipped.push({ engine: engineId, reason })
      continue
    }

    const prepared: Prepared[] = pending.map((unit) => {
      const protectedText = protectUnit(unit)
      const spans = protectedSpansOf(protectedText)
      return { unit, protectedText, request: { key: unit.key, text: protectedText.text, ...(unit.context ? { context: unit.context } : {}), ...(spans.length > 0 ? { protectedSpans: spans } : {}) } }
    })
    const batches = batchUnits(prepared, slot.translator, (entry) => entry.request)

    if (options.dryRun) {
      planned.push(plan(engineId, slot.translator, batches.map((batch) => batch.map((entry) => entry.request))))
      pending = []
      break
    }

    const secrets = slot.secrets ?? []
    const solved = new Set<string>()
    let done = 0
    options.onProgress?.({ engine: engineId, done, total: prepared.length })

    /** Send a batch; units with an invalid answer go once more (if the engine can correct itself), then fail. */
    const run = async (batch: readonly Prepared[], retry: boolean): Promise<void> => {
      const requests = batch.map((entry) => entry.request)
      let results: TranslationResult[]
      try {
        results = await sendBatch(slot, requests, { source: options.source, target: options.target, signal: options.signal }, { beforeSend: saved })
      } catch (error) {
        if (options.signal?.aborted) throw error
        if (unsavable) throw unsavable.error
        for (const entry of batch) failures.push({ key: entry.unit.key, engine: engineId, problem: redact((error as Error).message, secrets) })
        return
      }
      // The queue has started the engine's next request by now: let it go out before this batch's answers are checked and saved, so that work runs while the engine works.
      await new Promise<void>((resolve) => setImmediate(resolve))
      const cost = slot.translator.estimate?.(requests).characters ?? requests.reduce((sum, request) => sum + [...request.text].length, 0)
      characters[engineId] = (characters[engineId] ?? 0) + cost

      const byKey = new Map(batch.map((entry) => [entry.unit.key, entry]))
      const fresh = new Map<string, Answer>()
      const invalid: Array<{ entry: Prepared; problem: string; text?: string }> = []
      for (const result of results) {
        const entry = byKey.get(result.key)
        if (!entry) continue
        byKey.delete(result.key)
        if ('error' in result) {
          invalid.push({ entry, problem: redact(result.error, secrets) })
          continue
        }
        const problem = containsSecret(result.text, secrets) ? 'the answer contains part of an API key' : validate(result.text, entry.unit, entry.protectedText?.terms, entry.protectedText)
        if (problem) {
          invalid.push({ entry, problem, text: result.text })
          continue
        }
        const text = restoreTerms(agreeWithTerms(result.text.trim(), options.target, entry.protectedText?.agreement), entry.protectedText?.terms ?? new Map())
        const answer: Answer = { text, engine: engineId, status: 'machine', terms: entry.protectedText?.hits, glossaryHash: entry.protectedText?.glossaryHash, unknownWords: result.unknownWords }
        solved.add(result.key)
        answers.set(result.key, answer)
        fresh.set(result.key, answer)
      }
      for (const entry of byKey.values()) invalid.push({ entry, problem: 'no result returned' })
      if (fresh.size > 0) await save(fresh)

      if (retry && invalid.length > 0 && slot.translator.retryInvalid) {
        const again = invalid.map(({ entry, problem, text }) => ({ ...entry, request: { ...entry.request, problem: text === undefined ? problem : `${problem}; your answer was: ${redact(text, secrets)}` } }))
        done += batch.length - invalid.length
        options.onProgress?.({ engine: engineId, done, total: prepared.length })
        for (const part of batchUnits(again, slot.translator, (entry) => entry.request)) await run(part, false)
        return
      }
      for (const { entry, problem } of invalid) failures.push({ key: entry.unit.key, engine: engineId, problem })
      done += batch.length
      options.onProgress?.({ engine: engineId, done, total: prepared.length })
    }

    const settled = await Promise.allSettled(batches.map((batch) => run(batch, true)))
    options.signal?.throwIfAborted()
    const broken = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    if (broken) throw broken.reason
    if (slot.stopped) skipped.push({ engine: engineId, reason: slot.stopped })
    pending = pending.filter((unit) => !solved.has(unit.key))
  }
  return { answers, skipped, failures, characters, planned }
}

function plan(engine: string, translator: Translator, batches: ReadonlyArray<readonly TranslationRequest[]>): PlannedWork {
  const work: PlannedWork = { engine, units: 0, characters: 0, requests: batches.length }
  for (const batch of batches) {
    const estimate = translator.estimate?.(batch) ?? { characters: batch.reduce((sum, request) => sum + [...request.text].length, 0) }
    work.units += batch.length
    work.characters += estimate.characters
    if (estimate.tokens !== undefined) work.tokens = (work.tokens ?? 0) + estimate.tokens
  }
  return work
}

/** What each of a protected unit's placeholders stands for: every id of `terms` is a term, a name or a number (`numbers`, whole ones in `counts`). */
function protectedSpansOf(protectedText: ProtectedText): ProtectedPlaceholder[] {
  if (protectedText.terms.size === 0) return []
  const numbers = new Set(protectedText.numbers)
  const counts = new Set(protectedText.counts)
  return [...protectedText.terms].map(([id, text]): ProtectedPlaceholder => ({ id, kind: counts.has(id) ? 'count' : numbers.has(id) ? 'number' : 'word', text }))
}

/** Why an engine's answer is unusable, or undefined when it is fine. */
export function validate(text: string | undefined, unit: UnitJob, terms?: ReadonlyMap<number, string>, sent?: Pick<ProtectedText, 'text' | 'numbers'>): string | undefined {
  if (text === undefined || text.trim() === '') return 'empty translation'
  const expected = new Map<number, Pick<Slot, 'kind'>>(unit.slots)
  for (const id of terms?.keys() ?? []) expected.set(id, { kind: 'x' })
  const { problems } = parsePlaceholders(text, expected)
  if (problems.length > 0) return `placeholders: ${problems.join('; ')}`
  if (leftoverMark.test(text.replace(/<[^>]+>/g, ' ')) && !leftoverMark.test(unit.text.replace(/<[^>]+>/g, ' '))) return 'engine mark (`*`, `#`, `@`) left in the translation'
  return unsafeContent(text, unit.text) ?? numberProblem(text, sent ?? unit)
}

/**
 * An engine may not add, drop or change a number, nor put a full stop after one (`38. røster`):
 * the numbers it was sent (those left in the text, and the placeholders that stand for numbers)
 * must come back as they were.
 */
function numberProblem(text: string, sent: Pick<ProtectedText, 'text' | 'numbers'>): string | undefined {
  const digits = (xml: string) => (xml.replace(/<[^>]*>/g, ' ').match(/\d+/g) ?? []).sort()
  const before = digits(sent.text)
  const after = digits(text)
  if (before.join(' ') !== after.join(' ')) return `numbers changed: sent ${before.length ? before.join(', ') : 'none'}, got ${after.length ? after.join(', ') : 'none'}`
  // Inside a sentence (`38. røster`), or at the end of a unit that has no full stop of its own (`Budsjett 2026.`).
  // A full stop after a number's placeholder follows its `>` at once: without one there is nothing to look for.
  if (!text.includes('>.')) return undefined
  const endsSentence = /[.!?…:]\s*(?:<[^>]*>\s*)*$/.test(sent.text)
  for (const id of sent.numbers ?? []) {
    const tag = `<x\\s+id="${id}"\\s*(?:/>|></x\\s*>)`
    if (new RegExp(`${tag}\\.`).test(sent.text)) continue
    if (new RegExp(`${tag}\\.\\s+\\p{Ll}`, 'u').test(text) || (!endsSentence && new RegExp(`${tag}\\.\\s*(?:<[^>]*>\\s*)*$`).test(text))) return 'a full stop added after a number'
  }
  return undefined
}

export { EngineStoppedError }
