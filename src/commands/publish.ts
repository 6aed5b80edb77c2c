import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { Organization } from 'schema-dts'
import type { TFunction } from 'i18next'
import { loadConfig } from './config.ts'
import { publishSchema, type ResolvedConfig } from '../config/schema.ts'
import type { ParsedArticle } from '../document/parse.ts'
import { parseDocument } from '../project/article.ts'
import { readCatalog, readJsonObject } from '../catalog/store.ts'
import { createI18n, translatorFor } from '../i18n/index.ts'
import { InputError, UsageError, stripControl } from '../errors.ts'
import { stableJson, writeFileAtomic } from '../fs/atomic.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { flagLabel, footnotePrefix } from '../quotes/flag.ts'
import { normalizeBaseUrl, pageFile, pageUrl, urlPatternFor } from '../publish/urls.ts'
import { quoteParts } from '../publish/quotes.ts'
import { renderPage, summaryOf, type PageAlternate } from '../publish/page.ts'
import { newsArticle } from '../publish/jsonld.ts'
import { provenance, reviewState } from '../publish/provenance.ts'
import { firstPublished, type Manifest, type ManifestArticle, type ManifestPage, type TranslationState } from '../publish/manifest.ts'
import { sitemapXml } from '../publish/sitemap.ts'
import { markdownPage } from '../publish/markdown.ts'
import { loadArticle, type LoadedArticle, type Problem } from './build.ts'
import { findArticles, selectTargets, toPosix } from '../project/articles.ts'

export type PublishFormat = 'html' | 'hugo' | 'astro'

export interface PublishOptions {
  /** Config file. Default: `tolk.config.yaml` in `cwd`. */
  config?: string
  cwd?: string
  /** Output folder, overriding `publish.out` (default `dist/site`). */
  out?: string
  /** The site's address, overriding `publish.baseUrl`. */
  baseUrl?: string
  /** Overrides `publish.format`. */
  format?: PublishFormat
  /** Target languages to publish besides the original. Default: every target of the config. */
  locales?: string[]
  /** Articles to publish. Default: every article; pages of others stay listed in the manifest. */
  articles?: string[]
  log?: (line: string) => void
}

export interface PublishResult {
  /** 0 every page written; 1 some configured edition does not exist (its page is not written); 2 bad input. */
  exitCode: 0 | 1 | 2
  manifest: Manifest
  manifestPath: string
  /** Only for `html`. */
  sitemapPath?: string
  /** The pages written this run. */
  pages: Array<{ slug: string; lang: string; url: string; path: string }>
  problems: Problem[]
}

interface Edition {
  lang: string
  parsed: ParsedArticle
  /** The source hash the edition names in its front matter. */
  sourceHash: string
}

/** Publish the articles and their editions as a site: pages, `manifest.json` and (for HTML) `sitemap.xml`. */
export async function publish(options: PublishOptions = {}): Promise<PublishResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const settings = config.publish ?? publishSchema.parse({})
  const log = options.log ?? (() => {})
  const rawBaseUrl = options.baseUrl ?? settings.baseUrl
  if (!rawBaseUrl) throw new UsageError('No base URL, expected `publish.baseUrl` in the config or `--base-url URL`')
  const baseUrl = normalizeBaseUrl(rawBaseUrl)
  const format = options.format ?? settings.format
  const outDir = options.out ? resolve(cwd, options.out) : resolve(config.root, settings.out)
  const targets = selectTargets(config, options.locales).filter((lang) => lang !== config.source)
  const languages = [config.source, ...targets]
  const { i18n } = await createI18n(config.paths.locales, languages)
  const manifestPath = join(outDir, 'manifest.json')
  const previous = await readManifest(manifestPath, config)
  const commit = await gitCommit(config.root)
  const problems: Problem[] = []
  const report = (problem: Problem) => {
    problems.push(problem)
    log(`${problem.file}${problem.line ? `:${problem.line}:${problem.column ?? 1}` : ''}: ${problem.severity === 'warning' ? 'warning: ' : ''}${stripControl(problem.message)}`)
  }

  const articlePaths = await findArticles(config, options.articles, cwd)
  const loaded = await mapInParallel(articlePaths, async (path) => {
    const display = toPosix(relative(config.root, path))
    try {
      const article = await loadArticle(path, display, config)
      return { article, editions: await readEditions(article, targets, config, report) }
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      for (const problem of [error, ...error.problems]) report({ file: problem.place?.file ?? display, line: problem.place?.line, column: problem.place?.column, message: problem.message, ruleId: problem.code, severity: 'error' })
      return undefined
    }
  })

  const pages: PublishResult['pages'] = []
  const articles: Record<string, ManifestArticle> = {}
  const modified: Record<string, string | undefined> = {}
  await mapInParallel(
    loaded.filter((entry) => entry !== undefined),
    async ({ article, editions }) => {
      const published = await publishArticle({ article, editions, config, settings, baseUrl, format, outDir, i18n: (lang) => translatorFor(i18n, lang), previous, commit })
      articles[article.slug] = published.manifest
      modified[article.slug] = published.modified
      for (const page of published.pages) pages.push(page)
    },
    4,
  )

  // Publishing some articles keeps the others' entries, so the manifest and sitemap stay whole.
  const kept = options.articles?.length && previous && previous.baseUrl === baseUrl && previous.format === format ? previous.articles : {}
  const manifest: Manifest = {
    baseUrl,
    format,
    ...(settings.siteName ? { siteName: settings.siteName } : {}),
    ...(commit ? { commit } : {}),
    articles: Object.fromEntries(Object.entries({ ...kept, ...articles }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  }
  await writeFileAtomic(manifestPath, stableJson(manifest))
  let sitemapPath: string | undefined
  if (format === 'html') {
    sitemapPath = join(outDir, 'sitemap.xml')
    await writeFileAtomic(sitemapPath, sitemapXml(manifest, (slug) => modified[slug] ?? kept[slug]?.modified))
  }
  pages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const exitCode = problems.some((problem) => problem.severity === 'error') ? 2 : problems.some((problem) => problem.ruleId === 'edition-missing') ? 1 : 0
  return { exitCode, manifest, manifestPath, sitemapPath, pages, problems }
}

async function readEditions(article: LoadedArticle, targets: readonly string[], config: ResolvedConfig, report: (problem: Problem) => void): Promise<Edition[]> {
  const editions: Edition[] = []
  for (const lang of targets) {
    const path = join(config.paths.out, lang, `${article.slug}.md`)
    const display = toPosix(relative(config.root, path))
    let markdown: string
    try {
      markdown = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      report({ file: display, message: `No ${lang} edition of ${article.display}, expected one built by \`tolk build\`; its page is not published`, ruleId: 'edition-missing', severity: 'warning' })
      continue
    }
    const parsed = parseDocument(markdown, display)
    const named = parsed.frontmatter.source_sha256
    editions.push({ lang, parsed, sourceHash: typeof named === 'string' ? named : '' })
  }
  return editions
}

interface ArticleJob {
  article: LoadedArticle
  editions: Edition[]
  config: ResolvedConfig
  settings: ReturnType<typeof publishSchema.parse>
  baseUrl: string
  format: PublishFormat
  outDir: string
  i18n: (lang: string) => TFunction
  previous: Manifest | undefined
  commit: string | undefined
}

async function publishArticle(job: ArticleJob): Promise<{ manifest: ManifestArticle; modified?: string; pages: PublishResult['pages'] }> {
  const { article, config, settings, baseUrl } = job
  const source = config.source
  const original: Edition = { lang: source, parsed: article.parsed, sourceHash: article.sha256 }
  const all = [original, ...job.editions]
  const urlOf = (lang: string) => pageUrl(baseUrl, urlPatternFor(settings.urls, lang), { lang, slug: article.slug })
  const alternates: PageAlternate[] = all.map((page) => ({ lang: page.lang, url: urlOf(page.lang), name: languageName(page.lang) }))
  const originalTitle = titleOf(article.parsed, article.slug)
  const parts = quoteParts(article.segmentation)
  const prefix = footnotePrefix(article.parsed.tree)
  const flagged = config.quotes.flag === 'footnote'
  const keys = article.segmentation.units.map((unit) => unit.key)
  const extension = job.format === 'html' ? 'html' : 'md'
  const pages: PublishResult['pages'] = []
  const manifestPages: ManifestPage[] = []
  const dates = { published: dateOf(article.parsed.frontmatter.date), modified: dateOf(article.parsed.frontmatter.modified ?? article.parsed.frontmatter.updated) }

  for (const page of all) {
    const t = job.i18n(page.lang)
    const isOriginal = page === original
    const url = urlOf(page.lang)
    const file = pageFile({ lang: page.lang, slug: article.slug }, extension)
    const first = firstPublished(job.previous, article.slug, page.lang, page.sourceHash)
    const sourceChanged = first !== article.sha256
    const current = page.sourceHash === article.sha256
    let translation: TranslationState = 'original'
    let engines: string[] = []
    let reviewedShare = 1
    const notices: Array<{ kind: string; text: string }> = []
    if (!isOriginal) {
      const made = provenance(keys, await readCatalog(config.paths.locales, page.lang, article.slug))
      translation = reviewState(made.reviewedShare)
      engines = made.engines
      reviewedShare = made.reviewedShare
      const percent = new Intl.NumberFormat(page.lang, { style: 'percent', maximumFractionDigits: 0 }).format(made.reviewedShare)
      notices.push({ kind: 'translation', text: t(`publish.notice_${translation.replace('-', '_')}`, { percent }) })
      if (sourceChanged) notices.push({ kind: current ? 'updated' : 'outdated', text: t(current ? 'publish.updated' : 'publish.outdated') })
    } else if (sourceChanged) notices.push({ kind: 'updated', text: t('publish.corrected') })

    const title = titleOf(page.parsed, originalTitle)
    const description = textValue(page.parsed.frontmatter.description) ?? summaryOf(page.parsed.tree)
    let output: string
    if (job.format === 'html') {
      const translators: Organization[] = [
        ...engines.map((engine): Organization => ({ '@type': 'Organization', name: engineName(engine, config), description: 'machine translation' })),
        ...(reviewedShare > 0 ? [{ '@type': 'Organization', name: settings.desk ?? settings.siteName ?? 'Newsroom' } satisfies Organization] : []),
      ]
      output = renderPage({
        lang: page.lang,
        tree: page.parsed.tree,
        title,
        description,
        url,
        alternates,
        xDefault: urlOf(source),
        siteName: settings.siteName,
        notices,
        date: dates.published ? { iso: dates.published, text: formatDate(dates.published, page.lang) } : undefined,
        jsonLd: newsArticle({
          url,
          lang: page.lang,
          headline: title,
          description,
          datePublished: dates.published,
          dateModified: dates.modified,
          siteName: settings.siteName,
          ...(isOriginal ? {} : { original: { url: urlOf(source), lang: source, headline: originalTitle }, translators }),
        }),
        strings: { footnotes: t('publish.footnotes'), backToReference: (number) => t('publish.back', { number }), languages: t('publish.languages') },
        quotes: { parts, lang: source, footnote: flagged ? (index) => flagLabel(prefix, index) : undefined },
      })
    } else {
      output = markdownPage({
        format: job.format,
        lang: page.lang,
        slug: article.slug,
        title,
        description,
        date: dates.published,
        modified: dates.modified,
        url,
        tree: page.parsed.tree,
        notices: notices.map((notice) => notice.text),
        translation,
        ...(isOriginal ? {} : { original: urlOf(source) }),
      })
    }
    await writeFileAtomic(join(job.outDir, file), output)
    pages.push({ slug: article.slug, lang: page.lang, url, path: join(job.outDir, file) })
    manifestPages.push({
      lang: page.lang,
      url,
      path: file,
      sourceHash: page.sourceHash,
      firstPublishedSourceHash: first,
      sourceChanged,
      current,
      translation,
      engines,
      reviewedShare: Math.round(reviewedShare * 10000) / 10000,
      ...(job.commit ? { commit: job.commit } : {}),
    })
  }
  const modified = dates.modified ?? dates.published
  return {
    manifest: { source: article.display, sourceHash: article.sha256, translationKey: article.slug, ...(modified ? { modified } : {}), pages: manifestPages },
    modified,
    pages,
  }
}

/** The page's title: its front-matter `title`, else its first heading, else the fallback. */
function titleOf(parsed: ParsedArticle, fallback: string): string {
  const fromFrontmatter = textValue(parsed.frontmatter.title)
  if (fromFrontmatter) return fromFrontmatter
  const heading = parsed.tree.children.find((node) => node.type === 'heading')
  const text = heading ? summaryOf({ type: 'root', children: [{ type: 'paragraph', children: heading.children }] }, 200) : undefined
  return text ?? fallback
}

function textValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = stripControl(value).trim()
  return text || undefined
}

/** A front-matter date as `YYYY-MM-DD` (or a full ISO 8601 date-time), else undefined. */
function dateOf(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10)
  if (typeof value !== 'string') return undefined
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined
}

function formatDate(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso))
}

/** A language's name in itself (`svenska` → `Svenska`), for the language links. */
function languageName(lang: string): string {
  let name: string | undefined
  try {
    name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang)
  } catch {
    name = undefined
  }
  const shown = name ?? lang
  return shown.charAt(0).toLocaleUpperCase(lang) + shown.slice(1)
}

/** How an engine is named as a translator in the JSON-LD. */
function engineName(engine: string, config: ResolvedConfig): string {
  const names: Record<string, string> = { apertium: 'Apertium', deepl: 'DeepL', identity: 'tolk (identity)', pseudo: 'tolk (pseudo-localization)' }
  if (engine === 'openai') return (config.engines.openai?.model as string | undefined) ?? 'OpenAI-compatible model'
  return names[engine] ?? engine
}

/** The previous run's manifest, so first-publication hashes carry over; a broken one is bad input. */
async function readManifest(path: string, config: ResolvedConfig): Promise<Manifest | undefined> {
  const value = await readJsonObject<unknown>(path, 'manifest', 'a JSON object with `articles`')
  if (Object.keys(value).length === 0) return undefined
  const articles = value.articles
  if (articles === null || typeof articles !== 'object' || Array.isArray(articles)) {
    throw new InputError('Invalid manifest: expected `articles` to be an object; delete the file to publish afresh', { file: toPosix(relative(config.root, path)) || path }, { code: 'manifest' })
  }
  return value as unknown as Manifest
}

/** The commit of the project's git work tree, or undefined outside one (or without git). */
async function gitCommit(root: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root, timeout: 10_000 })
    const commit = stdout.trim()
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined
  } catch {
    return undefined
  }
}

