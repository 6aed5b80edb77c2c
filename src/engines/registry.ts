import PQueue from 'p-queue'
import type { ResolvedConfig } from '../config/schema.ts'
import type { EngineSlot } from '../translate/run.ts'
import { apertiumEngine, type ApertiumOptions } from './apertium.ts'
import { identityEngine } from './identity.ts'
import { pseudoEngine } from './pseudo.ts'
import type { Translator } from './types.ts'

export interface EngineServices {
  /** Environment to read keys from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv
  apertium?: Pick<ApertiumOptions, 'onSpawn' | 'command'>
}

export interface EngineSet {
  slots: Map<string, EngineSlot | undefined>
  /** Why an engine named in a chain has no slot. */
  missing: Map<string, string>
}

type Factory = (config: ResolvedConfig, services: EngineServices) => Translator | string

/** The closed registry of machine engines. A factory returns the engine, or why it cannot be used here. */
const factories: Record<string, Factory> = {
  identity: () => identityEngine(),
  pseudo: () => pseudoEngine(),
  apertium: (config, services) => apertiumEngine({ ...config.engines.apertium, ...services.apertium }),
  deepl: (config, services) => {
    const name = config.engines.deepl?.authKeyEnv ?? 'DEEPL_AUTH_KEY'
    return (services.env ?? process.env)[name] ? 'the DeepL adapter is not available in this version' : `no key: environment variable ${name} is not set`
  },
  openai: (config) => (config.engines.openai?.baseUrl && config.engines.openai.model ? 'the OpenAI adapter is not available in this version' : 'not configured: engines.openai needs `baseUrl` and `model`'),
}

/** Defaults for each engine's queue: Apertium is one process at a time; HTTP engines run a few requests at once. */
const defaultConcurrency: Record<string, number> = { apertium: 1, identity: 1, pseudo: 1 }

/** One engine instance and one p-queue per engine id used in any chain. */
export function createEngines(config: ResolvedConfig, ids: Iterable<string>, services: EngineServices = {}): EngineSet {
  const slots = new Map<string, EngineSlot | undefined>()
  const missing = new Map<string, string>()
  for (const id of new Set(ids)) {
    if (id === 'catalog') continue
    const factory = factories[id]
    const made = factory ? factory(config, services) : `unknown engine \`${id}\``
    if (typeof made === 'string') {
      missing.set(id, made)
      slots.set(id, undefined)
      continue
    }
    const options = (config.engines as Record<string, { concurrency?: number; interval?: number; intervalCap?: number; timeout?: number } | undefined>)[id] ?? {}
    const queue = new PQueue({
      concurrency: options.concurrency ?? defaultConcurrency[id] ?? 4,
      ...(options.interval && options.intervalCap ? { interval: options.interval, intervalCap: options.intervalCap } : {}),
    })
    slots.set(id, { translator: made, queue })
  }
  return { slots, missing }
}
