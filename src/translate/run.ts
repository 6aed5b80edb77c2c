import PQueue from 'p-queue'
import { parsePlaceholders, type Slot } from '../document/placeholders.ts'
import type { TranslationRequest, Translator } from '../engines/types.ts'
import { EngineStoppedError } from '../engines/types.ts'
import { restoreTerms, type TermHitRecord, type TermProtector } from './protect.ts'

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
  status: 'machine' | 'reviewed'
  /** True when the answer came from a catalog rather than an engine call in this build. */
  cached?: boolean
  /** Term hits applied while translating (machine answers only). */
  terms?: TermHitRecord[]
  glossaryHash?: string
  unknownWords?: string[]
}

export interface EngineSlot {
  translator: Translator
  queue: PQueue
}

export interface ChainOutcome {
  answers: Map<string, Answer>
  /** Engines of the chain that were not used, and why. */
  skipped: Array<{ engine: string; reason: string }>
  /** Why each engine failed on a unit (a unit may fail in several engines before one succeeds). */
  failures: Array<{ key: string; engine: string; problem: string }>
  /** Source characters sent, per engine. */
  characters: Record<string, number>
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
  /** Called after each finished batch, so its results can be saved at once. */
  onBatch?: (answers: ReadonlyMap<string, Answer>) => Promise<void>
  onProgress?: (event: { engine: string; done: number; total: number }) => void
  signal?: AbortSignal
}

/** Engine marks that must never reach an edition. */
const leftoverMark = /(^|[\s(>])[*#@](?=[\p{L}\p{N}])/u

/**
 * Run one language's units through its chain: the catalog first, then each machine engine with
 * what is still untranslated. An answer is accepted only when every placeholder is back exactly
 * once and no engine mark is left; anything else falls through to the next engine.
 */
export async function translateChain(options: ChainOptions): Promise<ChainOutcome> {
  const answers = new Map<string, Answer>()
  const skipped: ChainOutcome['skipped'] = []
  const failures: ChainOutcome['failures'] = []
  const characters: Record<string, number> = {}
  let pending = [...options.units]

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
    const slot = options.engines.get(engineId)
    if (!slot) {
      skipped.push({ engine: engineId, reason: options.missing?.get(engineId) ?? 'not configured' })
      continue
    }
    const reason = await slot.translator.unavailable(options.target)
    if (reason) {
      skipped.push({ engine: engineId, reason })
      continue
    }

    const prepared = pending.map((unit) => {
      const protectedText = options.protect?.(unit.text, options.target)
      return { unit, protectedText, request: { key: unit.key, text: protectedText?.text ?? unit.text, context: unit.context } satisfies TranslationRequest }
    })
    const byKey = new Map(prepared.map((entry) => [entry.unit.key, entry]))
    const size = Math.max(1, Math.min(slot.translator.maxBatch ?? 50, prepared.length))
    const batches: (typeof prepared)[] = []
    for (let index = 0; index < prepared.length; index += size) batches.push(prepared.slice(index, index + size))

    let done = 0
    let stopped: string | undefined
    const solved = new Set<string>()
    await Promise.all(
      batches.map((batch) =>
        slot.queue.add(
          async ({ signal }) => {
            if (stopped) return
            const requests = batch.map((entry) => entry.request)
            const cost = slot.translator.estimate?.(requests).characters ?? requests.reduce((sum, request) => sum + [...request.text].length, 0)
            let results
            try {
              results = await slot.translator.translate(requests, { source: options.source, target: options.target, signal: anySignal(signal, options.signal) })
              characters[engineId] = (characters[engineId] ?? 0) + cost
            } catch (error) {
              if (options.signal?.aborted) throw error
              if (error instanceof EngineStoppedError) stopped = error.message
              for (const entry of batch) failures.push({ key: entry.unit.key, engine: engineId, problem: (error as Error).message })
              return
            }
            const fresh = new Map<string, Answer>()
            for (const result of results) {
              const entry = byKey.get(result.key)
              if (!entry || solved.has(result.key)) continue
              const problem = result.error ?? validate(result.text, entry.unit, entry.protectedText?.terms)
              if (problem) {
                failures.push({ key: entry.unit.key, engine: engineId, problem })
                continue
              }
              const text = restoreTerms(result.text!.trim(), entry.protectedText?.terms ?? new Map())
              const answer: Answer = { text, engine: engineId, status: 'machine', terms: entry.protectedText?.hits, glossaryHash: entry.protectedText?.glossaryHash, unknownWords: result.unknownWords }
              solved.add(result.key)
              answers.set(result.key, answer)
              fresh.set(result.key, answer)
            }
            for (const entry of batch) if (!solved.has(entry.unit.key) && !failures.some((failure) => failure.key === entry.unit.key && failure.engine === engineId)) failures.push({ key: entry.unit.key, engine: engineId, problem: 'no result returned' })
            done += batch.length
            options.onProgress?.({ engine: engineId, done, total: prepared.length })
            if (fresh.size > 0) await options.onBatch?.(fresh)
          },
          { signal: options.signal },
        ),
      ),
    )
    if (stopped) skipped.push({ engine: engineId, reason: stopped })
    pending = pending.filter((unit) => !solved.has(unit.key))
  }
  return { answers, skipped, failures, characters }
}

/** Why an engine's answer is unusable, or undefined when it is fine. */
export function validate(text: string | undefined, unit: UnitJob, terms?: ReadonlyMap<number, string>): string | undefined {
  if (text === undefined || text.trim() === '') return 'empty translation'
  const expected = new Map<number, Pick<Slot, 'kind'>>(unit.slots)
  for (const id of terms?.keys() ?? []) expected.set(id, { kind: 'x' })
  const { problems } = parsePlaceholders(text, expected)
  if (problems.length > 0) return `placeholders: ${problems.join('; ')}`
  if (leftoverMark.test(text.replace(/<[^>]+>/g, ' ')) && !leftoverMark.test(unit.text.replace(/<[^>]+>/g, ' '))) return 'engine mark (`*`, `#`, `@`) left in the translation'
  return undefined
}

function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined)
  if (present.length <= 1) return present[0]
  return AbortSignal.any(present)
}
