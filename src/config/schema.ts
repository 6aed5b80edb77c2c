import { z } from 'zod'
import { languageCode } from './language-code.ts'

/** Options every queued engine accepts; p-queue and p-retry are configured from them. */
export const queueOptions = {
  /** Requests in flight at once. Default: 4 (apertium: 1). */
  concurrency: z.number().int().min(1).optional(),
  /** Rate limit window in milliseconds, with `intervalCap` requests per window. Default: no limit. */
  interval: z.number().int().min(0).optional(),
  intervalCap: z.number().int().min(1).optional(),
  /** Milliseconds before one request is abandoned (and retried). Default: 60 000 (apertium: 600 000, a whole language per call). */
  timeout: z.number().int().min(1).optional(),
  /** Attempts after the first on 429, 5xx or no answer in time. Default: 4. */
  retries: z.number().int().min(0).optional(),
  /** Milliseconds before the first retry; each further retry waits twice as long, and a 429's `Retry-After` pauses the whole engine. Default: 1 000. */
  retryDelay: z.number().int().min(0).optional(),
}

/**
 * The only source language tolk reads: its sentence splitting, quotation finding and glossary
 * morphology are Swedish. A config naming another `source:` is refused, not half-honoured.
 */
export const sourceLanguage = 'sv'

/** What the config schema is derived from: the engines (each with the zod schema of its options) and the check rules' ids. */
export interface ConfigRegistry {
  engines: ReadonlyArray<{ id: string; options: z.ZodObject }>
  rules: readonly string[]
}

/** The built-in engines' defaults for a project without a config. */
const defaultTargets = { en: { engines: ['catalog', 'deepl', 'openai'] }, da: { engines: ['catalog', 'apertium'] }, nb: { engines: ['catalog', 'apertium'] } }

/**
 * The schema of `tolk.config.yaml`, derived from the registry: `engines.<id>` takes each built-in
 * engine's own options plus the queue options; any other key under `engines:` is a custom engine
 * (`module:` and its options, passed through). Which ids a chain may name is checked by
 * `parseConfig` with the document at hand (built-ins, `catalog`, and the custom engines).
 */
export function createConfigSchema(registry: ConfigRegistry) {
  const builtin = Object.fromEntries(registry.engines.map((engine) => [engine.id, engine.options.extend(queueOptions).strict().optional()]))
  const expected = `expected one of ${['catalog', ...registry.engines.map((engine) => engine.id)].map((id) => `\`${id}\``).join(', ')}`
  const custom = z.looseObject({
    /** A custom engine: a file (relative to the config file) or a package whose default export is `create(options, services)`. */
    module: z.string({ error: `Unknown engine, ${expected}, or \`module:\` naming a custom engine` }).min(1),
    ...queueOptions,
  })
  return z.strictObject({
    /** Language of the articles. Default: `sv`. */
    source: z.literal(sourceLanguage, { error: (issue) => `Unsupported source language \`${String(issue.input)}\`, expected \`${sourceLanguage}\`: segmentation, quotations and the glossary's morphology are Swedish` }).default(sourceLanguage),
    /** Folder of `<slug>.sv.md` articles. Default: `articles`. */
    articles: z.string().min(1).default('articles'),
    /** Folder of glossary `*.yaml` files. Default: `glossary`. */
    glossary: z.string().min(1).default('glossary'),
    /** Folder of i18next resources and catalogs. Default: `locales`. */
    locales: z.string().min(1).default('locales'),
    /** Folder the editions and `report.json` are written to. Default: `dist/editions`. */
    out: z.string().min(1).default('dist/editions'),
    /** Target languages and the chain of engines each one uses, in order. */
    targets: z.record(languageCode, z.strictObject({ engines: z.array(z.string().min(1)).min(1) })).default(defaultTargets),
    /** Options per engine, by id. */
    engines: z.object(builtin).catchall(custom).default({}),
    quotes: z
      .strictObject({
        /** `verbatim`: quotations stay in the source language; `translate`: they are translated like other text. */
        policy: z.enum(['verbatim', 'translate']).default('verbatim'),
        /** `footnote`: a GFM footnote tells the reader the quotation is kept in the original. */
        flag: z.enum(['footnote', 'none']).default('footnote'),
        /** Quotations with fewer words than this are scare quotes and are translated. Default: 3. */
        minWords: z.number().int().min(1).default(3),
        /** Add an unofficial machine translation of each kept quotation to its footnote. Default: false. */
        courtesy: z.boolean().default(false),
      })
      .default({ policy: 'verbatim', flag: 'footnote', minWords: 3, courtesy: false }),
    check: z
      .strictObject({
        /** Severity per rule id: `off`, `warn` or `error`. */
        rules: z.partialRecord(z.enum(registry.rules as [string, ...string[]]), z.enum(['off', 'warn', 'error'])).default({}),
      })
      .default({ rules: {} }),
  })
}

export type ConfigSchema = ReturnType<typeof createConfigSchema>
export type ConfigInput = z.input<ConfigSchema>

export type Config = z.output<ConfigSchema>

/** A loaded config: the schema's output with its folders made absolute. */
export interface ResolvedConfig extends Config {
  /** The config file, or undefined when defaults were used. */
  file?: string
  /** Folder paths are resolved against. */
  root: string
  paths: { articles: string; glossary: string; locales: string; out: string }
}
