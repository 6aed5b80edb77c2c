import PQueue from 'p-queue'
import type { ResolvedConfig } from '../config/schema.ts'
import { defaultPolicy, type EngineSlot } from '../translate/request.ts'
import { apertiumEngine, type ApertiumOptions } from './apertium.ts'
import { deeplEngine } from './deepl.ts'
import { identityEngine } from './identity.ts'
import { openaiEngine } from './openai.ts'
import { pseudoEngine } from './pseudo.ts'
import type { Translator } from './types.ts'

export interface EngineServices {
  /** Environment to read keys from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv
  apertium?: Pick<ApertiumOptions, 'onSpawn' | 'command' | 'env'>
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
    const options = config.engines.deepl
    const name = options?.authKeyEnv ?? 'DEEPL_AUTH_KEY'
    const authKey = (services.env ?? process.env)[name]
    if (!authKey) return `no key: environment variable ${name} is not set`
    return deeplEngine({ authKey, serverUrl: options?.serverUrl, formality: options?.formality, targetLangs: options?.targetLangs, timeout: options?.timeout, batchSize: options?.batchSize })
  },
  openai: (config, services) => {
    const options = config.engines.openai
    if (!options?.baseUrl || !options.model) return 'not configured: engines.openai needs `baseUrl` and `model`'
    const apiKey = options.apiKeyEnv ? (services.env ?? process.env)[options.apiKeyEnv] : undefined
    if (options.apiKeyEnv && !apiKey) return `no key: environment variable ${options.apiKeyEnv} is not set`
    return openaiEngine({ baseUrl: options.baseUrl, model: options.model, apiKey, batchSize: options.batchSize, timeout: options.timeout, responseFormat: options.responseFormat })
  },
}

/** Defaults for each engine's queue: Apertium is one process at a time; HTTP engines run a few requests at once. */
const defaultConcurrency: Record<string, number> = { apertium: 1, identity: 1, pseudo: 1 }

/** A whole language goes through Apertium in one call, so it gets longer than one HTTP request. */
const defaultTimeout: Record<string, number> = { apertium: 600_000 }

interface QueueOptions {
  concurrency?: number
  interval?: number
  intervalCap?: number
  timeout?: number
  retries?: number
  retryDelay?: number
}

/** One engine instance and one p-queue per engine id used in any chain. */
export function createEngines(config: ResolvedConfig, ids: Iterable<string>, services: EngineServices = {}): EngineSet {
  const slots = new Map<string, EngineSlot | undefined>()
  const missing = new Map<string, string>()
  const secrets = configuredSecrets(config, services)
  for (const id of new Set(ids)) {
    if (id === 'catalog') continue
    const factory = factories[id]
    const made = factory ? factory(config, services) : `unknown engine \`${id}\``
    if (typeof made === 'string') {
      missing.set(id, made)
      slots.set(id, undefined)
      continue
    }
    const options = (config.engines as Record<string, QueueOptions | undefined>)[id] ?? {}
    const queue = new PQueue({
      concurrency: options.concurrency ?? defaultConcurrency[id] ?? 4,
      // Strict: a sliding window, so no `interval` ever sees more than `intervalCap` requests start. p-queue
      // measures in whole milliseconds (Date.now()); one more keeps a window of exactly `interval` safe.
      ...(options.interval && options.intervalCap ? { interval: options.interval + 1, intervalCap: options.intervalCap, strict: true } : {}),
    })
    const policy = {
      timeout: options.timeout ?? defaultTimeout[id] ?? defaultPolicy.timeout,
      retries: options.retries ?? defaultPolicy.retries,
      retryDelay: options.retryDelay ?? defaultPolicy.retryDelay,
    }
    slots.set(id, { translator: made, queue, policy, secrets })
  }
  return { slots, missing }
}

/** The keys the config names that are set in the environment: what no answer or message may show. */
function configuredSecrets(config: ResolvedConfig, services: EngineServices): string[] {
  const env = services.env ?? process.env
  const names = [config.engines.deepl?.authKeyEnv ?? 'DEEPL_AUTH_KEY', config.engines.openai?.apiKeyEnv]
  return names.flatMap((name) => (name && env[name] ? [env[name]] : []))
}
