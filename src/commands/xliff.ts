import { isAbsolute, join, relative, resolve } from 'node:path'
import { displayPath } from '../config/load.ts'
import { loadConfig } from './config.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { InputError, UsageError, formatPlace, type Place } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { readCatalog, sourceHash, writeCatalog } from '../catalog/store.ts'
import { putReviewed, reviewerName } from '../catalog/review.ts'
import { loadGlossaryContext, type GlossaryContext } from '../check/glossary-terms.ts'
import { translationProblems } from '../check/translation.ts'
import type { TermProtector } from '../glossary/protection.ts'
import { exchangeBlocks, type ExchangeSegment, type StateFilter } from '../interchange/exchange.ts'
import { writeXliff21 } from '../interchange/xliff21.ts'
import { writeXliff12 } from '../interchange/xliff12.ts'
import { readXliff, type ReadFile, type XliffVersion } from '../interchange/xliff-read.ts'
import { targetToUnitText, type TargetProblem } from '../interchange/target.ts'
import { readXmlFile } from '../interchange/xml.ts'
import { configuredTarget, primaryLang } from '../interchange/languages.ts'
import { findArticles, selectTargets, toPosix } from '../project/articles.ts'
import { readArticle, type Article as LoadedArticle } from '../project/article.ts'
import { loadProtector } from '../project/glossary.ts'

export interface XliffExportOptions {
  /** Config file. Default: `tolk.config.yaml` in `cwd`. */
  config?: string
  cwd?: string
  /** Target languages. Default: every target of the config. */
  locales?: string[]
  /** Folder to write `<lng>/<slug>.xlf` into. Default: `xliff` next to the config. */
  to?: string
  /** Which units: `machine` (drafts and missing), `needs-review`, or `all` (default; reviewed ones too, as context). */
  state?: StateFilter
  /** `2.1` (default) or `1.2`. */
  version?: XliffVersion
  /** Articles. Default: every article of the project. */
  articles?: string[]
}

export interface XliffExportResult {
  files: Array<{ path: string; lang: string; slug: string; units: number; segments: number }>
  /** Articles with nothing to export for a language under the state filter. */
  empty: Array<{ lang: string; slug: string }>
}

/** The project as the interchange commands see it: config, articles, glossary protection. */
export async function openProject(options: { config?: string; cwd?: string; articles?: string[]; locales?: string[] }): Promise<{ config: ResolvedConfig; cwd: string; targets: string[]; articles: LoadedArticle[]; protect?: TermProtector }> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const targets = selectTargets(config, options.locales)
  const paths = await findArticles(config, options.articles, cwd)
  const articles = await mapInParallel(paths, (path) => readArticle(path, toPosix(relative(config.root, path)), config))
  return { config, cwd, targets, articles, protect: await loadProtector(config) }
}

export async function xliffExport(options: XliffExportOptions = {}): Promise<XliffExportResult> {
  const version = options.version ?? '2.1'
  if (version !== '2.1' && version !== '1.2') throw new UsageError(`Unknown XLIFF version \`${String(version)}\`, expected \`2.1\` or \`1.2\``)
  const filter = options.state ?? 'all'
  if (!['machine', 'needs-review', 'all'].includes(filter)) throw new UsageError(`Unknown state \`${String(filter)}\`, expected \`machine\`, \`needs-review\` or \`all\``)
  const { config, cwd, targets, articles, protect } = await openProject(options)
  const to = options.to ? resolve(cwd, options.to) : join(config.root, 'xliff')
  const result: XliffExportResult = { files: [], empty: [] }
  for (const lang of targets) {
    await mapInParallel(articles, async (article) => {
      const catalog = await readCatalog(config.paths.locales, lang, article.slug)
      const blocks = exchangeBlocks({ segmentation: article.segmentation, source: article.parsed.file.value.toString(), catalog, lang, protect, filter })
      if (blocks.length === 0) {
        result.empty.push({ lang, slug: article.slug })
        return
      }
      const file = { srcLang: config.source, trgLang: lang, id: article.slug, original: article.file, blocks }
      const path = join(to, lang, `${article.slug}.xlf`)
      await writeFileAtomic(path, version === '1.2' ? writeXliff12(file) : writeXliff21(file))
      const segments = blocks.reduce((sum, block) => sum + block.parts.filter((part) => part.kind === 'segment').length, 0)
      result.files.push({ path: displayPath(path, cwd), lang, slug: article.slug, units: blocks.length, segments })
    })
  }
  result.files.sort((a, b) => a.path.localeCompare(b.path))
  result.empty.sort((a, b) => a.lang.localeCompare(b.lang) || a.slug.localeCompare(b.slug))
  return result
}

export interface XliffImportOptions {
  config?: string
  cwd?: string
  /** XLIFF files (2.x or 1.2) exported by `tolk xliff export` and edited by translators. */
  files: string[]
  /** Who reviewed the translations, recorded in the lock. Default: `git config user.name`. */
  reviewer?: string
}

export interface ImportedFile {
  file: string
  lang?: string
  slug?: string
  /** Targets merged into the catalog: reviewed, or waiting for review. */
  reviewed: number
  needsReview: number
  /** Targets the catalog already has, in the same state. */
  unchanged: number
  /** Segments not applied, with why: the sentence is no longer in the article, or a reviewed translation would give way to an unreviewed one. */
  notApplied: Array<{ key: string; place: Place; reason: string }>
  /** Problems of invalid targets; when there is any, nothing was written for this file. */
  problems: TargetProblem[]
  /** How many targets were invalid. */
  invalid: number
  written: boolean
}

export interface XliffImportResult {
  exitCode: 0 | 2
  files: ImportedFile[]
}

/**
 * Merge translators' targets into catalogs and locks. Each file is checked as a whole first:
 * any invalid target and nothing is written for that file (the others still are); exit 2.
 */
export async function xliffImport(options: XliffImportOptions): Promise<XliffImportResult> {
  if (options.files.length === 0) throw new UsageError('Expected at least one XLIFF file to import')
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const protect = await loadProtector(config)
  const glossary = await loadGlossaryContext(config, Object.keys(config.targets))
  const articles = new Map<string, Promise<LoadedArticle>>()
  const articleAt = (path: string) => {
    let loaded = articles.get(path)
    if (!loaded) articles.set(path, (loaded = readArticle(path, toPosix(relative(config.root, path)), config)))
    return loaded
  }
  const reviewer = await reviewerName(cwd, options.reviewer)
  const reviewedAt = new Date().toISOString()
  // Every file is read and parsed first: one that is not XLIFF stops the import before anything is written.
  const documents = await mapInParallel(options.files, async (name) => {
    const shown = displayPath(resolve(cwd, name), cwd)
    const document = await readXmlFile(resolve(cwd, name), shown)
    return { shown, document, ...readXliff(document) }
  })
  // Files are applied in parallel, but two that carry the same catalog one after the other.
  const queues = new Map<string, Promise<unknown>>()
  const serialized = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(key) ?? Promise.resolve()).then(work, work)
    queues.set(key, next)
    return next
  }
  const jobs = documents.flatMap(({ shown, document, files: contents, dialect }) => contents.map((content) => ({ shown, document, content, dialect })))
  const files = await mapInParallel(jobs, ({ shown, document, content, dialect }) =>
    serialized(`${configuredTarget(Object.keys(config.targets), content.trgLang) ?? content.trgLang}\u0000${resolve(config.root, content.original)}`, async () => {
      try {
        return await importFile(content, shown, { config, protect, glossary, articleAt, dialect, document, reviewer, reviewedAt })
      } catch (error) {
        // A file that names no article or language of the project is refused on its own; the others are applied.
        if (!(error instanceof InputError)) throw error
        return { file: shown, reviewed: 0, needsReview: 0, unchanged: 0, notApplied: [], problems: [{ message: error.message, place: error.place ?? content.place }], invalid: 1, written: false }
      }
    }),
  )
  return { exitCode: files.some((file) => file.problems.length > 0) ? 2 : 0, files }
}

async function importFile(
  content: ReadFile,
  shown: string,
  context: { config: ResolvedConfig; protect?: TermProtector; glossary: GlossaryContext; articleAt: (path: string) => Promise<LoadedArticle>; dialect: Parameters<typeof targetToUnitText>[0]['dialect']; document: Parameters<typeof targetToUnitText>[0]['document']; reviewer?: string; reviewedAt: string },
): Promise<ImportedFile> {
  const { config } = context
  const imported: ImportedFile = { file: shown, reviewed: 0, needsReview: 0, unchanged: 0, notApplied: [], problems: [], invalid: 0, written: false }
  const lang = configuredTarget(Object.keys(config.targets), content.trgLang)
  if (!lang) throw new InputError(`Unknown target language \`${content.trgLang}\`, expected one of the config's targets: ${Object.keys(config.targets).join(', ')}`, content.place, { code: 'xliff' })
  if (primaryLang(content.srcLang) !== primaryLang(config.source)) throw new InputError(`Unexpected source language \`${content.srcLang}\`, expected \`${config.source}\``, content.place, { code: 'xliff' })
  const path = resolve(config.root, content.original)
  const inside = relative(config.paths.articles, path)
  if (inside.startsWith('..') || isAbsolute(inside) || !path.endsWith(`.${config.source}.md`)) throw new InputError(`Unexpected \`original="${content.original}"\`, expected an article of the project (\`${config.articles}/<name>.${config.source}.md\`)`, content.place, { code: 'xliff' })
  const article = await context.articleAt(path)
  imported.lang = lang
  imported.slug = article.slug
  const source = article.parsed.file.value.toString()
  const catalog = await readCatalog(config.paths.locales, lang, article.slug)
  const segments = new Map<string, ExchangeSegment>()
  // Without term marks: the import compares codes and quotations, and checks terms on the plain text.
  for (const block of exchangeBlocks({ segmentation: article.segmentation, source, catalog, lang })) {
    for (const part of block.parts) if (part.kind === 'segment' && !segments.has(part.segment.key)) segments.set(part.segment.key, part.segment)
  }
  const show = content.version === '1.2' ? show12 : show2
  const updates = new Map<string, { text: string; status: 'reviewed' | 'needs-review'; place: Place }>()
  for (const read of content.segments) {
    if (read.state === 'initial' || !read.target) continue
    const segment = segments.get(read.key)
    if (!segment) {
      imported.notApplied.push({ key: read.key, place: read.place, reason: 'the sentence is no longer in the article (its source changed since the export)' })
      continue
    }
    const { text, problems } = targetToUnitText({ target: read.target, source: segment.source, slots: segment.unit.slots, dialect: context.dialect, ordinal: read.ordinal, document: context.document, show: (kind, id) => show(kind, id, read.ordinal) })
    if (text === '') continue
    const status = read.state === 'reviewed' || read.state === 'final' ? 'reviewed' : 'needs-review'
    const current = catalog.entries[segment.key]
    const currentStatus = current === undefined ? undefined : (catalog.lock[segment.key]?.status ?? 'reviewed')
    if (current === text && (currentStatus === status || currentStatus === 'reviewed' || (status === 'needs-review' && currentStatus === 'machine'))) {
      imported.unchanged++
      continue
    }
    // What the check would refuse in the catalog: terms not in their approved form (or forbidden ones), numbers changed.
    if (problems.length === 0) for (const message of translationProblems(segment.unit, text, lang, context.glossary)) problems.push({ message, place: read.place })
    if (problems.length > 0) {
      for (const problem of problems) imported.problems.push(problem)
      imported.invalid++
      continue
    }
    if (status === 'needs-review' && currentStatus === 'reviewed') {
      imported.notApplied.push({ key: read.key, place: read.place, reason: 'the catalog has a reviewed translation; a target in state `translated` does not replace it (mark it reviewed to)' })
      continue
    }
    const earlier = updates.get(segment.key)
    if (earlier && earlier.text !== text) {
      imported.problems.push({ message: `Conflicting target for a sentence translated differently at ${formatPlace(earlier.place)}, expected the same translation for the same sentence`, place: read.place })
      imported.invalid++
      continue
    }
    updates.set(segment.key, { text, status, place: read.place })
  }
  if (imported.problems.length > 0 || updates.size === 0) return imported
  for (const [key, update] of updates) {
    const unit = segments.get(key)!.unit
    const glossaryHash = context.protect?.(unit.text, lang).glossaryHash
    const previous = catalog.lock[key]
    // An approved draft keeps its engine: the lock says who wrote the text, the review who approved it.
    const engine = catalog.entries[key] === update.text ? (previous?.engine ?? 'human') : 'human'
    if (update.status === 'reviewed') {
      putReviewed(catalog, key, update.text, { source: unit.text, engine, reviewedAt: context.reviewedAt, ...(context.reviewer ? { reviewer: context.reviewer } : {}), ...(glossaryHash ? { glossary: glossaryHash } : {}) })
      imported.reviewed++
      continue
    }
    catalog.entries[key] = update.text
    catalog.lock[key] = { engine, status: 'needs-review', source: sourceHash(unit.text), ...(glossaryHash ? { glossary: glossaryHash } : {}), ...(previous?.suggestion ? { suggestion: previous.suggestion } : {}) }
    imported.needsReview++
  }
  await writeCatalog(config.paths.locales, catalog)
  imported.written = true
  return imported
}

function show2(kind: 'pair' | 'ph' | 'quote', id: number, ordinal: string): string {
  return kind === 'pair' ? `<pc id="${ordinal}.${id}">` : kind === 'ph' ? `<ph id="${ordinal}.${id}"/>` : `<mrk id="${ordinal}.${id}" translate="no">`
}

function show12(kind: 'pair' | 'ph' | 'quote', id: number): string {
  return kind === 'pair' ? `<g id="${id}">` : kind === 'ph' ? `<x id="${id}"/>` : '<mrk mtype="protected">'
}
