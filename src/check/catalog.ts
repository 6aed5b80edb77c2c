import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { ResolvedConfig } from '../config/schema.ts'
import type { Unit } from '../document/segment.ts'
import { InputError } from '../errors.ts'
import type { Article } from '../project/article.ts'
import { catalogTerms } from './translation.ts'
import { jsonKeyPlaces } from './json-places.ts'
import { readCatalog } from '../catalog/store.ts'
import type { CheckRule, RuleMessage, Subject } from './types.ts'

export const catalogRule: CheckRule = {
  id: 'catalog',
  defaultSeverity: 'error',
  async check(context) {
    const glossary = await context.glossary()
    const result = await checkCatalogs({ config: context.config, articles: context.articles, languages: [context.config.source, ...context.targets], complete: context.complete && context.projectWide, elsewhere: context.elsewhere, terms: catalogTerms(glossary) })
    for (const subject of result.subjects) context.checked(subject)
    return result.messages
  },
}

/** A glossary check of one catalog translation: messages without a place, or an empty list. */
export type CatalogTermCheck = (unit: Pick<Unit, 'text'>, translation: string, lang: string) => string[]

/**
 * catalog: every key of `locales/<lng>/articles/<slug>.json` is a unit of the article as it is now
 * (else it is orphaned: the source changed), and every translation in it obeys the glossary.
 */
export async function checkCatalogs(options: {
  config: ResolvedConfig
  articles: readonly Article[]
  languages: readonly string[]
  /** True when every article was checked, so a catalog without an article is an orphan. */
  complete: boolean
  /** Slugs of articles another shard checks: their catalogs are neither orphans nor checked here. */
  elsewhere?: ReadonlySet<string>
  terms?: CatalogTermCheck
}): Promise<{ messages: RuleMessage[]; subjects: Array<Omit<Subject, 'rules'>> }> {
  const { config } = options
  const messages: RuleMessage[] = []
  const subjects: Array<Omit<Subject, 'rules'>> = []
  const bySlug = new Map(options.articles.map((article) => [article.slug, article]))
  for (const lang of options.languages) {
    const folder = join(config.paths.locales, lang, 'articles')
    let names: string[]
    try {
      names = await readdir(folder)
    } catch {
      continue
    }
    for (const name of names.filter((entry) => entry.endsWith('.json') && !entry.endsWith('.lock.json')).sort()) {
      const slug = name.slice(0, -'.json'.length)
      const article = bySlug.get(slug)
      if (!article && (!options.complete || options.elsewhere?.has(slug))) continue
      const path = join(folder, name)
      const file = relative(config.root, path).split(sep).join('/')
      subjects.push({ file, kind: 'catalog', lang })
      if (!article) {
        messages.push({ file, line: 1, column: 1, message: `Orphaned catalog: no article has the slug \`${slug}\`, expected ${config.articles}/${slug}.${config.source}.md` })
        continue
      }
      const text = await readFile(path, 'utf8')
      const entries = parseCatalog(text, file)
      let places: ReturnType<typeof jsonKeyPlaces> | undefined // only needed for a finding, and not cheap
      const placeOf = (key: string) => (places ??= jsonKeyPlaces(text)).get(key) ?? { line: 1, column: 1 }
      if (lang !== config.source) for (const message of await lockWithoutTranslation(config, lang, slug, file)) messages.push(message)
      const units = new Map(article.segmentation.units.map((unit) => [unit.key, unit]))
      for (const [key, translation] of Object.entries(entries)) {
        const unit = units.get(key)
        if (!unit) {
          messages.push({ file, ...placeOf(key), message: `Orphaned key \`${key}\`: not a unit of ${article.file} any more, expected only keys of its current sentences` })
          continue
        }
        if (lang === config.source || !options.terms || typeof translation !== 'string') continue
        for (const message of options.terms(unit, translation, lang)) {
          messages.push({ file, ...placeOf(key), message, source: { file: article.file, line: unit.line, column: unit.column } })
        }
      }
    }
  }
  return { messages, subjects }
}

function parseCatalog(text: string, file: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object of key → text')
    return value as Record<string, unknown>
  } catch (error) {
    throw new InputError(`Invalid catalog: ${(error as Error).message}`, { file, line: 1, column: 1 }, { code: 'catalog' })
  }
}

/**
 * A lock entry is provenance of a translation: one for a key its catalog does not have (as tolk
 * reads it, journal included) means the pair disagrees.
 */
async function lockWithoutTranslation(config: ResolvedConfig, lang: string, slug: string, catalogFile: string): Promise<RuleMessage[]> {
  const lockPath = join(config.paths.locales, lang, 'articles', `${slug}.lock.json`)
  const lockText = await readFile(lockPath, 'utf8').catch(() => undefined)
  if (lockText === undefined) return []
  const catalog = await readCatalog(config.paths.locales, lang, slug)
  const lockFile = relative(config.root, lockPath).split(sep).join('/')
  const stray = Object.keys(catalog.lock).filter((key) => typeof catalog.entries[key] !== 'string')
  if (stray.length === 0) return []
  const places = jsonKeyPlaces(lockText)
  return stray.map((key) => ({ file: lockFile, ...(places.get(key) ?? { line: 1, column: 1 }), message: `Lock entry \`${key}\` has no translation in ${catalogFile}, expected the lock file to describe its catalog` }))
}
