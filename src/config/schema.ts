import * as z from 'zod'
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
 * The default source language. `source:` is honoured everywhere (article names, the source
 * catalogs, what engines are told, the lexicon that decides names); the glossary's morphology and
 * the Swedish-word rule are Swedish and apply as far as the source is.
 */
export const sourceLanguage = 'sv'

/** `{lang}` and `{slug}` stand for the page's language and the article's slug. */
const urlPattern = z
  .string()
  .regex(/^[^\s?#]*\{slug\}[^\s?#]*$/, 'Expected a URL path with `{slug}`, such as `{lang}/{slug}.html`')
  .refine((pattern) => !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(pattern), 'Expected a path relative to `baseUrl`, not a URL of its own')

/** Options of `tolk publish`. */
export const publishSchema = z.strictObject({
  /** The site's address; every URL in the pages, the sitemap and the manifest is absolute under it. `--base-url` overrides it. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'Expected an http or https URL such as `https://example.com/`' }).optional(),
  /** The site's name, in titles and in the JSON-LD publisher. Default: no name. */
  siteName: z.string().min(1).optional(),
  /** Who reviews translations, named as `translator` in the JSON-LD when a person reviewed. Default: the site name, else `Newsroom`. */
  desk: z.string().min(1).optional(),
  /** Folder the site is written to. Default: `dist/site`. */
  out: z.string().min(1).default('dist/site'),
  /** URL path of a page under `baseUrl`, per language; `*` for every language not named. Default: `{lang}/{slug}.html`. */
  urls: z.record(z.union([languageCode, z.literal('*')]), urlPattern).default({}),
  /** `html` pages, or Markdown with the front matter of `hugo` or `astro`. Default: `html`. */
  format: z.enum(['html', 'hugo', 'astro']).default('html'),
})


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
    source: languageCode.default(sourceLanguage),
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
    limits: z
      .strictObject({
        /** Largest article read, in bytes; a larger one is refused (exit 2). Default: 33 554 432 (32 MiB). */
        articleBytes: z.number().int().min(1).default(32 * 1024 * 1024),
        /** Deepest nesting of blockquotes and lists in an article; a deeper one is refused (exit 2). Default: 100. */
        nesting: z.number().int().min(1).max(1000).default(100),
      })
      .default({ articleBytes: 32 * 1024 * 1024, nesting: 100 }),
    /** `tolk publish`: the site the pages are published on (docs/publish.md). */
    publish: publishSchema.optional(),
    check: z
      .strictObject({
        /** Severity per rule id: `off`, `warn` or `error`. */
        rules: z.partialRecord(z.enum(registry.rules as [string, ...string[]]), z.enum(['off', 'warn', 'error'])).default({}),
        /** Every unit must be reviewed by a person: each one that is not is an error (rule `reviewed`). Default: false (a warning with a count per catalog). */
        requireReviewed: z.boolean().default(false),
      })
      .default({ rules: {}, requireReviewed: false }),
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
