import type { ConfigInput, ResolvedConfig } from '../../src/config/schema.ts'
import { configSchema } from '../../src/commands/config.ts'
import { parsePlaceholders, type Slot } from '../../src/document/placeholders.ts'
import { createEngines } from '../../src/translate/engines.ts'
import { translateChain, type ChainOptions, type UnitJob } from '../../src/translate/run.ts'
import type { TranslationResult } from '../../src/engines/types.ts'

/** A config as `loadConfig` would give it, from the engines section alone. */
export function configWith(engines: ConfigInput['engines'], targets: ConfigInput['targets'] = { en: { engines: ['catalog', 'deepl'] } }): ResolvedConfig {
  const parsed = configSchema.parse({ engines, targets })
  return { ...parsed, root: '/', paths: { articles: '/articles', glossary: '/glossary', locales: '/locales', out: '/out' } }
}

/** A unit job whose placeholder slots are read from its own text, as segmentation would give them. */
export function unit(key: string, text: string, context?: string): UnitJob {
  const slots = new Map<number, Pick<Slot, 'kind'>>()
  const walk = (pieces: ReturnType<typeof parsePlaceholders>['pieces']) => {
    for (const piece of pieces) {
      if (piece.type === 'text') continue
      slots.set(piece.id, { kind: piece.type })
      if (piece.type === 'g') walk(piece.children)
    }
  }
  walk(parsePlaceholders(text, new Map()).pieces)
  return { key, text, slots, ...(context ? { context } : {}) }
}

/** Run units through a chain of real engines made by the registry from `config`. */
export async function runChain(config: ResolvedConfig, chain: string[], units: UnitJob[], options: { env?: NodeJS.ProcessEnv; target?: string } & Partial<ChainOptions> = {}) {
  const engines = await createEngines(config, chain, { env: options.env ?? {} })
  const saved: string[][] = []
  const outcome = await translateChain({
    source: 'sv',
    target: options.target ?? 'en',
    units,
    chain,
    engines: engines.slots,
    missing: engines.missing,
    lookup: () => undefined,
    onBatch: async (fresh) => void saved.push([...fresh.keys()]),
    ...options,
  })
  return { outcome, saved, engines }
}

/** The translation of a result, or undefined when the engine gave an error. */
export function textOf(result: TranslationResult): string | undefined {
  return 'text' in result ? result.text : undefined
}

/** The translation of a result, or its error. */
export function answerOf(result: TranslationResult): string {
  return 'text' in result ? result.text : result.error
}
