import type PQueue from 'p-queue'
import pRetry from 'p-retry'
import { RetryableEngineError } from '../engines/faults.ts'
import { EngineStoppedError, type TranslateContext, type TranslationRequest, type TranslationResult, type Translator } from '../engines/types.ts'

/** How one request to an engine is timed and retried. */
export interface RequestPolicy {
  /** Milliseconds before one request is abandoned (and retried). Default: 60 000. */
  timeout: number
  /** Attempts after the first on 429, 5xx or no answer. Default: 4. */
  retries: number
  /** Milliseconds before the first retry; each further retry waits twice as long. Default: 1 000. */
  retryDelay: number
}

export const defaultPolicy: RequestPolicy = { timeout: 60_000, retries: 4, retryDelay: 1000 }

/** One engine as the orchestration drives it: its adapter, its queue and the state every request to it shares. */
export interface EngineSlot {
  translator: Translator
  /** Concurrency and rate limit of this engine; every attempt, retries included, goes through it. */
  queue: PQueue
  policy?: RequestPolicy
  /** Set once the engine must not be called again in this build (quota exhausted, key refused): why. */
  stopped?: string
  /** Keys this build holds (every engine's): no piece of one may leave in an answer or a message. */
  secrets?: readonly string[]
  /** The pause every request to this engine shares; made on first use. */
  pause?: EnginePause
}

/**
 * One pause per engine: a 429 stops the engine's queue from starting anything — new batches and
 * retries alike — until `Retry-After` has passed, instead of each request backing off on its own
 * and the rest running into the same limit.
 */
export class EnginePause {
  readonly #queue: PQueue
  #until = 0
  #timer: NodeJS.Timeout | undefined

  constructor(queue: PQueue) {
    this.#queue = queue
  }

  /** Pause for `ms` from now, unless already paused longer. */
  hold(ms: number, signal?: AbortSignal): void {
    const until = Date.now() + ms
    if (until <= this.#until || signal?.aborted) return
    this.#until = until
    this.#queue.pause()
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.release(), ms)
    signal?.addEventListener('abort', () => this.release(), { once: true })
  }

  release(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#until = 0
    this.#queue.start()
  }
}

/**
 * Send one batch to an engine: through its queue, with a timeout per attempt, retried with
 * exponential backoff on transient failures (p-retry), pausing the whole engine on a 429.
 * Throws `EngineStoppedError` when the engine is (or becomes) stopped, the signal's reason when
 * the build is interrupted, and the last error when the retries are used up.
 */
export async function sendBatch(slot: EngineSlot, batch: readonly TranslationRequest[], context: TranslateContext, hooks: { beforeSend?: () => Promise<void> } = {}): Promise<TranslationResult[]> {
  const policy = slot.policy ?? defaultPolicy
  const pause = (slot.pause ??= new EnginePause(slot.queue))
  const interrupt = context.signal
  return pRetry(
    (attempt) =>
      slot.queue.add(
        async () => {
          // Holding the engine's slot: what waits here (answers to save first) holds back the next request.
          await hooks.beforeSend?.()
          if (slot.stopped) throw new EngineStoppedError(slot.stopped)
          const timeout = AbortSignal.timeout(policy.timeout)
          const signal = interrupt ? AbortSignal.any([interrupt, timeout]) : timeout
          try {
            return await untilAborted(slot.translator.translate(batch, { ...context, signal }), signal)
          } catch (error) {
            if (interrupt?.aborted) throw interrupt.reason
            if (timeout.aborted) throw new RetryableEngineError(`no answer within ${policy.timeout} ms`)
            if (error instanceof EngineStoppedError) slot.stopped ??= error.message
            // Pause before this task settles: the queue starts its next task the moment this one ends.
            if (error instanceof RetryableEngineError) {
              if (error.retryAfterMs !== undefined) pause.hold(error.retryAfterMs, interrupt)
              else if (error.status === 429) pause.hold(policy.retryDelay * 2 ** (attempt - 1), interrupt)
            }
            throw error
          }
        },
        { signal: interrupt },
      ),
    {
      retries: policy.retries,
      minTimeout: policy.retryDelay,
      factor: 2,
      signal: interrupt,
      shouldRetry: ({ error }) => error instanceof RetryableEngineError && !interrupt?.aborted,
    },
  )
}

/** The promise's outcome, or the signal's reason as soon as it aborts: an adapter that ignores its signal cannot hold the build. */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted()
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([promise, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort!)
    promise.catch(() => {})
  }
}
