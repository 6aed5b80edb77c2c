import { resolve } from 'node:path'
import { displayPath } from '../config/load.ts'
import { writeFileAtomic } from '../fs/atomic.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { lookup, readCatalog } from '../catalog/store.ts'
import { toInline } from '../interchange/inline.ts'
import { writeTmx, type TmxUnit } from '../interchange/tmx.ts'
import { openProject } from './xliff.ts'

export interface TmxExportOptions {
  config?: string
  cwd?: string
  /** File to write. Default: none, the TMX is returned (the CLI prints it). */
  to?: string
  /** Only translations a person reviewed. */
  reviewedOnly?: boolean
  /** Target languages. Default: every target of the config. */
  locales?: string[]
}

export interface TmxExportResult {
  text: string
  path?: string
  units: number
  translations: number
}

/**
 * The project's translations as TMX 1.4: every sentence of every article (once, in article and
 * document order) with each language's catalog translation and its state.
 */
export async function tmxExport(options: TmxExportOptions = {}): Promise<TmxExportResult> {
  const { config, cwd, targets, articles } = await openProject({ config: options.config, cwd: options.cwd, locales: options.locales })
  const catalogs = new Map(await mapInParallel(targets.flatMap((lang) => articles.map((article) => ({ lang, article }))), async ({ lang, article }) => [`${lang}\u0000${article.slug}`, await readCatalog(config.paths.locales, lang, article.slug)] as const))
  const units = new Map<string, TmxUnit>()
  let translations = 0
  for (const article of [...articles].sort((a, b) => a.display.localeCompare(b.display))) {
    const source = article.parsed.file.value.toString()
    for (const unit of article.segmentation.units) {
      const existing = units.get(unit.key)
      if (existing) {
        if (!existing.articles.includes(article.slug)) existing.articles.push(article.slug)
        continue
      }
      const entry: TmxUnit = { key: unit.key, articles: [article.slug], variants: [{ lang: config.source, content: toInline(unit.text, unit.slots, source) }] }
      for (const lang of targets) {
        const answer = lookup(catalogs.get(`${lang}\u0000${article.slug}`)!, unit.key)
        if (!answer || (options.reviewedOnly && answer.status !== 'reviewed')) continue
        let content
        try {
          content = toInline(answer.text, unit.slots, source)
        } catch {
          continue // placeholders that do not fit the unit: the build would not use it either
        }
        entry.variants.push({ lang, content, status: answer.status, engine: answer.engine })
        translations++
      }
      if (entry.variants.length > 1) units.set(unit.key, entry)
    }
  }
  const text = writeTmx([...units.values()], { srcLang: config.source, version: '0.1.0' })
  if (!options.to) return { text, units: units.size, translations }
  const path = resolve(cwd, options.to)
  await writeFileAtomic(path, text)
  return { text, path: displayPath(path, cwd), units: units.size, translations }
}
