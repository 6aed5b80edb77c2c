import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { loadConfig } from './config.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { InputError } from '../errors.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { loadSource, type SourceArticle } from '../check/documents.ts'
import { catalogPaths, lookup, readCatalog, type Catalog, type LockEntry, type Suggestion, type UnitState } from '../catalog/store.ts'
import type { TermProtector } from '../glossary/protection.ts'
import { loadProtector } from './build.ts'
import { findArticles, selectTargets, slugFromPath, toPosix } from '../project/articles.ts'

/**
 * `tolk status`: per article and target language, how many units are missing, machine drafts,
 * waiting for review, reviewed; and the units waiting for review with their source, current
 * translation and suggestion. Reads sources, glossary and catalogs; writes nothing.
 */

/** Version of the `--json` shape; raised on any change that could break a reader. */
export const statusSchemaVersion = 1

export interface StatusOptions {
  config?: string
  cwd?: string
  locales?: string[]
  articles?: string[]
}

export interface StateCounts {
  missing: number
  machine: number
  needsReview: number
  reviewed: number
}

export interface UnitStatus {
  key: string
  /** Where the unit starts in the source article. */
  line: number
  column: number
  /** Source text, with placeholders (`<g id="1">…</g>`, `<x id="2"/>`). */
  source: string
  /** The catalog's translation, with the same placeholders; absent when missing. */
  translation?: string
  status: UnitState
  /** The engine (or `human`, `memory`) that wrote the translation. */
  engine?: string
  /** For `needs-review`: `source-changed` or `glossary-changed`. */
  reason?: LockEntry['reason']
  suggestion?: Suggestion
  reviewer?: string
  reviewedAt?: string
}

export interface LanguageStatus {
  lang: string
  /** The catalog file, relative to the config's folder. */
  catalog: string
  counts: StateCounts
  /** The units waiting for review, in source order. */
  needsReview: UnitStatus[]
}

export interface ArticleStatus {
  /** The article, relative to the config's folder. */
  source: string
  slug: string
  languages: LanguageStatus[]
}

export interface StatusReport {
  schemaVersion: typeof statusSchemaVersion
  articles: ArticleStatus[]
  /** Per language, summed over the articles. */
  totals: Record<string, StateCounts>
}

export interface StatusProject {
  config: ResolvedConfig
  targets: string[]
  articles: SourceArticle[]
  /** Absolute path of each article, by slug. */
  paths: Map<string, string>
  protect?: TermProtector
}

/** Config, target languages, the articles parsed and segmented as the build does it, and the glossary's term protection. */
export async function loadStatusProject(options: StatusOptions): Promise<StatusProject> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const targets = selectTargets(config, options.locales)
  const paths = await findArticles(config, options.articles, cwd)
  const articles = await mapInParallel(paths, async (path) => {
    const file = toPosix(relative(config.root, path))
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch (error) {
      throw new InputError(`Cannot read article: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file }, { code: 'article' })
    }
    return loadSource(bytes, file, slugFromPath(path, config.source), config)
  })
  return { config, targets, articles, paths: new Map(articles.map((article, index) => [article.slug, paths[index]!])), protect: await loadProtector(config) }
}

export async function status(options: StatusOptions = {}): Promise<StatusReport> {
  const project = await loadStatusProject(options)
  const totals: Record<string, StateCounts> = Object.fromEntries(project.targets.map((lang) => [lang, emptyCounts()]))
  const articles = await mapInParallel(project.articles, async (article) => {
    const languages: LanguageStatus[] = []
    for (const lang of project.targets) {
      const catalog = await readCatalog(project.config.paths.locales, lang, article.slug)
      const units = unitStatuses(project, article, lang, catalog)
      const counts = countStates(units)
      for (const state of Object.keys(counts) as Array<keyof StateCounts>) totals[lang]![state] += counts[state]
      languages.push({ lang, catalog: toPosix(relative(project.config.root, catalogPaths(project.config.paths.locales, lang, article.slug).entries)), counts, needsReview: units.filter((unit) => unit.status === 'needs-review') })
    }
    return { source: article.file, slug: article.slug, languages }
  })
  return { schemaVersion: statusSchemaVersion, articles, totals }
}

/**
 * Every unit of an article in one language, once each, in source order, with its state. A
 * reviewed unit whose glossary terms changed since the review (and that the next build will send
 * back) is shown as `needs-review` already, its text as the suggestion.
 */
export function unitStatuses(project: Pick<StatusProject, 'protect'>, article: SourceArticle, lang: string, catalog: Catalog): UnitStatus[] {
  const seen = new Set<string>()
  const units: UnitStatus[] = []
  for (const unit of article.segmentation.units) {
    if (seen.has(unit.key)) continue
    seen.add(unit.key)
    const answer = lookup(catalog, unit.key)
    const lock = catalog.lock[unit.key]
    const entry: UnitStatus = { key: unit.key, line: unit.line, column: unit.column, source: unit.text, status: answer?.status ?? 'missing' }
    if (answer) {
      entry.translation = answer.text
      entry.engine = answer.engine
    }
    if (lock?.reason) entry.reason = lock.reason
    if (lock?.suggestion) entry.suggestion = lock.suggestion
    if (lock?.reviewer) entry.reviewer = lock.reviewer
    if (lock?.reviewedAt) entry.reviewedAt = lock.reviewedAt
    if (answer?.status === 'reviewed' && lock?.reviewedAt && (lock.glossary ?? undefined) !== project.protect?.(unit.text, lang).glossaryHash) {
      entry.status = 'needs-review'
      entry.reason = 'glossary-changed'
      entry.suggestion = { text: answer.text, similarity: 1, source: unit.text, status: 'reviewed', origin: `article:${article.slug}`, ...(lock.reviewer ? { reviewer: lock.reviewer } : {}), reviewedAt: lock.reviewedAt }
    }
    units.push(entry)
  }
  return units
}

export function countStates(units: readonly Pick<UnitStatus, 'status'>[]): StateCounts {
  const counts = emptyCounts()
  for (const unit of units) {
    if (unit.status === 'needs-review') counts.needsReview++
    else counts[unit.status]++
  }
  return counts
}

function emptyCounts(): StateCounts {
  return { missing: 0, machine: 0, needsReview: 0, reviewed: 0 }
}
