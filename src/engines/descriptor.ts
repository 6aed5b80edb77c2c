import type * as z from 'zod'
import type { ApertiumOptions } from './apertium.ts'
import type { Place } from '../errors.ts'
import type { Translator } from './types.ts'

/** What tolk passes every engine's `create`, built-in or custom: services, not imports. */
export interface EngineServices {
  /** Environment to read keys from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv
  /** How the local Apertium is run (the binary, its environment, a hook per process). */
  apertium?: Pick<ApertiumOptions, 'onSpawn' | 'command' | 'env'>
  /** Where a key of the config is written (`['engines', 'apertium', 'pairs', 'de']`), for a config error an engine finds (an Apertium pair that is not installed). */
  placeInConfig?: (path: Array<string | number>) => Promise<Place>
}

/** Options every engine's queue takes (`concurrency`, `interval`, `intervalCap`, `timeout`, `retries`, `retryDelay`; see `config/schema.ts`). */
export interface QueueOptions {
  concurrency?: number
  interval?: number
  intervalCap?: number
  timeout?: number
  retries?: number
  retryDelay?: number
}

/**
 * A built-in engine: its id (the name in `targets.<lng>.engines` and under `engines:`), the zod
 * schema of its own options under `engines.<id>` (the config adds the queue options), its queue
 * defaults, and `create`, which makes the `Translator` from the validated options. An engine that
 * cannot run here (no key) still returns one, whose `unavailable` says why.
 */
export interface EngineDescriptor<Schema extends z.ZodObject = z.ZodObject> {
  readonly id: string
  readonly options: Schema
  /** Queue defaults for this engine, over tolk's (`concurrency` 4, `timeout` 60 000 ms). */
  readonly defaults?: Pick<QueueOptions, 'concurrency' | 'timeout'>
  create(options: z.output<Schema> & QueueOptions, services: EngineServices): Translator
}

/** A descriptor with its options' type inferred from the schema. */
export function defineEngine<Schema extends z.ZodObject>(descriptor: EngineDescriptor<Schema>): EngineDescriptor<Schema> {
  return descriptor
}

const reasons = new WeakMap<Translator, string>()

/** An engine that cannot be used here (not configured, no key), and why: the chain skips it and the report says so. */
export function unavailableEngine(id: string, reason: string): Translator {
  const translator: Translator = {
    id,
    unavailable: () => reason,
    translate: () => Promise.reject(new Error(`${id} is unavailable: ${reason}`)),
  }
  reasons.set(translator, reason)
  return translator
}

/** Why a translator is one `unavailableEngine` made, or undefined. */
export function unavailableReason(translator: Translator): string | undefined {
  return reasons.get(translator)
}
