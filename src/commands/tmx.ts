import { basename, resolve } from 'node:path'
import { displayPath } from '../config/load.ts'
import { loadConfig } from './config.ts'
import { writeFileAtomic } from '../fs/atomic.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { lookup, readCatalog } from '../catalog/store.ts'
import { toInline } from '../interchange/inline.ts'
import { readTmx, writeTmx, type TmxUnit } from '../interchange/tmx.ts'
import { configuredTarget, primaryLang } from '../interchange/languages.ts'
import { readXmlFile } from '../interchange/xml.ts'
import { addToMemory, readMemory, writeMemory, type Memory } from '../catalog/memory.ts'
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
  for (const article of [...articles].sort((a, b) => a.file.localeCompare(b.file))) {
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

export interface TmxImportOptions {
  config?: string
  cwd?: string
  /** The TMX file (1.1 to 1.4, sentence-level, from any tool). */
  file: string
}

export interface TmxImportResult {
  file: string
  /** Per target language: pairs added to its memory, and pairs it already had. */
  languages: Record<string, { added: number; known: number }>
  /** Units whose source language is not the project's. */
  otherSource: number
  /** Languages of the file that are not targets of the config, with how many variants each. */
  otherLanguages: Record<string, number>
  units: number
}

/**
 * Seed the translation memory (`locales/<lng>/memory.json`) from a TMX file: each unit whose
 * source is in the project's language gives one pair per target language of the config
 * (`fr-CA` counts as `fr` unless `fr-ca` is a target itself). A variant's `x-tolk-status` says
 * whether a person reviewed it; from other tools a translation counts as reviewed.
 */
export async function tmxImport(options: TmxImportOptions): Promise<TmxImportResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const path = resolve(cwd, options.file)
  const shown = displayPath(path, cwd)
  const tmx = readTmx(await readXmlFile(path, shown))
  const targets = Object.keys(config.targets)
  const result: TmxImportResult = { file: shown, languages: {}, otherSource: 0, otherLanguages: {}, units: tmx.units.length }
  const memories = new Map<string, Memory>()
  const origin = `tmx:${basename(path)}`
  for (const unit of tmx.units) {
    if (primaryLang(unit.srcLang) !== primaryLang(config.source)) {
      result.otherSource++
      continue
    }
    for (const target of unit.targets) {
      const lang = configuredTarget(targets, target.lang)
      if (!lang) {
        result.otherLanguages[target.lang] = (result.otherLanguages[target.lang] ?? 0) + 1
        continue
      }
      let memory = memories.get(lang)
      if (!memory) memories.set(lang, (memory = await readMemory(config.paths.locales, lang)))
      const counts = (result.languages[lang] ??= { added: 0, known: 0 })
      const status = target.status === 'machine' || target.status === 'needs-review' ? 'machine' : 'reviewed'
      if (unit.source.trim() === '' || target.text.trim() === '') continue
      if (addToMemory(memory, { source: unit.source.trim(), target: target.text.trim(), status, origin })) counts.added++
      else counts.known++
    }
  }
  await mapInParallel([...memories.values()], (memory) => writeMemory(config.paths.locales, memory))
  return result
}
