import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import PQueue from 'p-queue'
import type { ResolvedConfig } from '../config/schema.ts'
import { unavailableReason, type EngineDescriptor, type EngineServices, type QueueOptions } from '../engines/descriptor.ts'
import { builtinEngines } from '../engines/index.ts'
import type { Translator } from '../engines/types.ts'
import { placeInConfig } from '../config/load.ts'
import { InputError } from '../errors.ts'
import { defaultPolicy, type EngineSlot } from './request.ts'

export type { EngineServices } from '../engines/descriptor.ts'

export interface EngineSet {
  slots: Map<string, EngineSlot | undefined>
  /** Why an engine named in a chain has no slot. */
  missing: Map<string, string>
}

/** Queue defaults for an engine whose descriptor has none: a few HTTP requests at once. */
const defaultConcurrency = 4

/**
 * One engine instance and one p-queue per engine id used in any chain: built-ins from their
 * descriptors, custom engines (`engines.<id>.module`) from their modules' default export
 * `create(options, services)`. A custom module that cannot be loaded or exports no such function is
 * a config error (exit 2) that names it.
 */
export async function createEngines(config: ResolvedConfig, ids: Iterable<string>, given: EngineServices = {}, descriptors: readonly EngineDescriptor[] = builtinEngines): Promise<EngineSet> {
  const services: EngineServices = { env: process.env, placeInConfig: (path) => placeInConfig(config, path), ...given }
  const slots = new Map<string, EngineSlot | undefined>()
  const missing = new Map<string, string>()
  const secrets = configuredSecrets(config, services, descriptors)
  for (const id of new Set(ids)) {
    if (id === 'catalog') continue
    const entry = (config.engines as Record<string, (QueueOptions & { module?: string; [key: string]: unknown }) | undefined>)[id]
    const descriptor = descriptors.find((candidate) => candidate.id === id)
    let translator: Translator
    let defaults: EngineDescriptor['defaults'] = {}
    if (entry?.module !== undefined) {
      const { module, ...options } = entry
      translator = await customEngine(config, id, module, options, services)
    } else if (descriptor) {
      translator = descriptor.create(descriptor.options.parse(entry ?? {}) as never, services)
      defaults = descriptor.defaults ?? {}
    } else {
      missing.set(id, `unknown engine \`${id}\``)
      slots.set(id, undefined)
      continue
    }
    const unavailable = unavailableReason(translator)
    if (unavailable) {
      missing.set(id, unavailable)
      slots.set(id, undefined)
      continue
    }
    const options = entry ?? {}
    const queue = new PQueue({
      concurrency: options.concurrency ?? defaults.concurrency ?? defaultConcurrency,
      // Strict: a sliding window, so no `interval` ever sees more than `intervalCap` requests start. p-queue
      // measures in whole milliseconds (Date.now()); one more keeps a window of exactly `interval` safe.
      ...(options.interval && options.intervalCap ? { interval: options.interval + 1, intervalCap: options.intervalCap, strict: true } : {}),
    })
    const policy = {
      timeout: options.timeout ?? defaults.timeout ?? defaultPolicy.timeout,
      retries: options.retries ?? defaultPolicy.retries,
      retryDelay: options.retryDelay ?? defaultPolicy.retryDelay,
    }
    slots.set(id, { translator, queue, policy, secrets })
  }
  return { slots, missing }
}

/**
 * The keys the config names that are set in the environment (every `…Env` option of every engine,
 * a built-in's defaults included): what no answer or message may show.
 */
function configuredSecrets(config: ResolvedConfig, services: EngineServices, descriptors: readonly EngineDescriptor[]): string[] {
  const env = services.env ?? process.env
  const entries = config.engines as Record<string, Record<string, unknown> | undefined>
  const names = new Set<string>()
  const collect = (options: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(options)) if (key.endsWith('Env') && typeof value === 'string') names.add(value)
  }
  for (const descriptor of descriptors) collect(descriptor.options.parse(entries[descriptor.id] ?? {}) as Record<string, unknown>)
  for (const [id, entry] of Object.entries(entries)) if (entry && !descriptors.some((descriptor) => descriptor.id === id)) collect(entry)
  return [...names].flatMap((name) => (env[name] ? [env[name]] : []))
}

/** Load a custom engine's module (a path relative to the config file, or a package) and call its default export. */
async function customEngine(config: ResolvedConfig, id: string, module: string, options: Record<string, unknown>, services: EngineServices): Promise<Translator> {
  const place = () => placeInConfig(config, ['engines', id, 'module'])
  const shown = `\`${module}\` (engines.${id}.module)`
  let loaded: Record<string, unknown>
  try {
    const isPath = module.startsWith('.') || isAbsolute(module)
    const url = isPath ? pathToFileURL(resolve(config.root, module)).href : pathToFileURL(createRequire(join(config.root, 'package.json')).resolve(module)).href
    loaded = (await import(url)) as Record<string, unknown>
  } catch (error) {
    throw new InputError(`Cannot load engine module ${shown}: ${(error as Error).message.split('\n')[0]}`, await place(), { code: 'config' })
  }
  const create = loaded.default
  if (typeof create !== 'function') {
    const exports = Object.keys(loaded).sort().map((name) => `\`${name}\`${name === 'default' ? ` (a ${typeof create})` : ''}`)
    throw new InputError(`Engine module ${shown} exports no engine, expected a default export \`create(options, services)\` returning a Translator; it exports ${exports.length > 0 ? exports.join(', ') : 'nothing'}`, await place(), { code: 'config' })
  }
  const translator = (await (create as (options: unknown, services: EngineServices) => unknown)(options, services)) as Translator | undefined
  if (!translator || typeof translator.translate !== 'function') {
    throw new InputError(`Engine module ${shown}: \`create\` returned no Translator, expected an object with \`translate(batch, context)\``, await place(), { code: 'config' })
  }
  return translator
}
