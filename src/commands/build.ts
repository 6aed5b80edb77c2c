import { createHash } from 'node:crypto'
import { join, relative, resolve } from 'node:path'
import { loadConfig } from '../config/load.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { decodeUtf8, parseArticle, type ParsedArticle } from '../document/parse.ts'
import { segment, type Segmentation } from '../document/segment.ts'
import { renderEdition } from '../document/render.ts'
import { courtesyKey } from '../quotes/courtesy.ts'
import { courtesyTranslations, type CourtesyTranslation } from '../catalog/courtesy.ts'
import { plainText } from '../document/placeholders.ts'
import { createEngines, type EngineServices } from '../engines/registry.ts'
import { InputError, formatPlace, type Place } from '../errors.ts'
import { stableJson, writeFileAtomic } from '../fs/atomic.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { LineIndex } from '../document/lines.ts'
import { createI18n, translatorFor } from '../i18n/index.ts'
import { emptyCatalog, hasJournal, journalMachine, lookup, putMachine, readCatalog, readLanguageCatalogs, sourceHash, writeCatalog, writeSourceCatalog, type Catalog } from '../catalog/store.ts'
import { putReviewed } from '../catalog/review.ts'
import { prepareReview, type ReviewStep } from '../translate/review.ts'
import { translationProblems } from '../check/translation.ts'
import { loadGlossaryContext } from '../check/glossary-terms.ts'
import { translateChain, type Answer, type PlannedWork, type UnitJob } from '../translate/run.ts'
import type { TermHitRecord, TermProtector } from '../translate/protect.ts'
import type { Glossary } from '../glossary/index.ts'
import { unitProtection } from './build/protection.ts'
import { unknownWordsOf, type UnknownWord } from './unknown-words.ts'
import { compileMatcher, createTermProtector, loadGenitivePatterns, loadGlossary, type GenitivePatterns } from '../glossary/index.ts'
import { selectTargets, findArticles, slugFromPath, toPosix, readArticle, checkFileSlug, frontmatterKeyPlace } from './articles.ts'
import { guardProject } from '../fs/project-guard.ts'
import { withWorkspaceLock } from '../fs/workspace-lock.ts'
import { inShard, shardReportName, type Shard } from './shard.ts'
import { comparePaths } from './order.ts'

export interface BuildOptions {
  /** Config file. Default: `tolk.config.yaml` in `cwd`, or built-in defaults when there is none. */
  config?: string
  cwd?: string
  /** Output folder, overriding the config's `out`. */
  out?: string
  /** Target languages to build. Default: every target of the config. */
  locales?: string[]
  /** Articles to build. Default: every `*.<source>.md` in the articles folder. */
  articles?: string[]
  /** Call no engine; report what would be sent. */
  dryRun?: boolean
  signal?: AbortSignal
  /** Progress lines, for a terminal or a log. */
  log?: (line: string) => void
  /** Units finished per language and engine; when given, progress is reported here instead of as log lines. */
  onProgress?: (event: BuildProgress) => void
  services?: EngineServices
  /** Glossary term protection; the build loads the project glossary when this is not given. */
  protect?: TermProtector
  /** False: write nothing (no catalogs, editions or report); the editions come back in the result. Default: true. */
  write?: boolean
  /** Answer from the committed catalogs only, calling no engine (what `check` uses to spot stale editions). */
  catalogOnly?: boolean
  /** Build only the articles of this shard (by a stable hash of their path); the report goes to `report-<i>-of-<n>.json`. */
  shard?: Shard
}

export interface BuildProgress {
  lang: string
  engine: string
  done: number
  total: number
}

export interface Problem {
  file: string
  line?: number
  column?: number
  message: string
  ruleId: string
  severity: 'error' | 'warning'
}

export interface EditionReport {
  lang: string
  path: string
  written: boolean
  units: { total: number; catalog: number; machine: number; untranslated: number }
  /** Units a person has reviewed, and the others (machine drafts, and drafts waiting for review). */
  review: { reviewed: number; machine: number }
  engines: string[]
  untranslated: Array<{ key: string; line: number; column: number; text: string; problems: string[] }>
  /** Kept quotations: source line and column, the line in the edition, the flag's footnote label, a courtesy translation when one was made. */
  quotes: Array<{ text: string; line: number; column: number; editionLine?: number; flag?: string; courtesy?: string; status: 'verbatim' }>
  terms: Array<TermHitRecord & { line: number; column: number }>
  unknownWords: string[]
}

export interface ArticleReport {
  source: string
  slug: string
  editions: EditionReport[]
  problems: Problem[]
}

export interface BuildReport {
  articles: ArticleReport[]
  /** Per language, the engines of the chain that were skipped and why. */
  skipped: Record<string, Array<{ engine: string; reason: string }>>
  /** Source characters sent per engine (what DeepL bills). */
  characters: Record<string, number>
  /** Dry run only: per language, what each engine would be sent (units the catalogs answer are not counted). */
  plan?: Record<string, PlannedWork[]>
  /** Per language, the words its engines did not know in this build: counted, with the first place each stands in the sources. */
  unknownWords?: Record<string, UnknownWord[]>
  /** Per language with units no engine of its chain could take (every machine engine skipped): what to do about it. */
  noEngine?: Record<string, string>
  problems: Problem[]
  /** Set when the build covered one shard of the articles; `tolk report merge` combines the shards' reports. */
  shard?: Shard
}

export interface BuildResult {
  exitCode: 0 | 1 | 2
  report: BuildReport
  /** Where the report was written. */
  reportPath: string
  /** Every edition produced, with its Markdown (also when nothing was written). */
  editions: Array<{ lang: string; slug: string; source: string; path: string; markdown: string }>
}

export interface LoadedArticle {
  path: string
  display: string
  slug: string
  sha256: string
  parsed: ParsedArticle
  segmentation: Segmentation
  /** Where the slug comes from: the front matter's `slug:` line, or the file. */
  slugPlace: Place
  report: ArticleReport
}

/**
 * Build the editions: parse, segment, translate through each language's chain, render, write.
 * A build that writes holds the workspace lock (`.tolk.lock`), so a second one waits for it.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  if (options.write === false || options.dryRun) return buildLocked(options, config)
  return withWorkspaceLock(config.root, { command: 'build', log: options.log, signal: options.signal }, () => buildLocked(options, config))
}

async function buildLocked(options: BuildOptions, config: ResolvedConfig): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const log = options.log ?? (() => {})
  const outDir = options.out ? resolve(cwd, options.out) : config.paths.out
  const targets = selectTargets(config, options.locales)
  await guardProject(config, targets, options.out ? outDir : undefined)
  const report: BuildReport = { articles: [], skipped: {}, characters: {}, problems: [], ...(options.shard ? { shard: options.shard } : {}) }
  const write = options.write !== false && !options.dryRun
  const editions: BuildResult['editions'] = []

  const { i18n, missing: missingLocales } = await createI18n(config.paths.locales, targets)
  for (const lang of missingLocales.filter((lang) => targets.includes(lang))) {
    // The edition is still built, but its notice and quotation flags would be in English.
    const file = toPosix(relative(config.root, join(config.paths.locales, lang, 'tolk.json')))
    const message = `No such file, expected tolk's own strings in \`${lang}\`; the ${lang} editions use the English ones`
    report.problems.push({ file, message, ruleId: 'locale', severity: 'warning' })
    log(`${file}: ${message}`)
  }
  const articlePaths = inShard(await findArticles(config, options.articles, cwd), (path) => toPosix(relative(config.root, path)), options.shard)
  const loadedGlossary = options.protect ? undefined : await loadGlossaryProtection(config)
  const glossaryProtector = options.protect ?? loadedGlossary?.protect

  const loaded = await mapInParallel(articlePaths, async (path) => {
    const display = toPosix(relative(config.root, path))
    try {
      return await loadArticle(path, display, config)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      return { path, display, error }
    }
  })
  // Two articles with one slug would share catalogs and editions: both are refused, the rest build.
  const bySlug = new Map<string, LoadedArticle[]>()
  for (const entry of loaded) if (!('error' in entry)) bySlug.set(entry.slug, [...(bySlug.get(entry.slug) ?? []), entry])
  for (const [index, entry] of loaded.entries()) {
    if ('error' in entry) continue
    const others = bySlug.get(entry.slug)!.filter((other) => other !== entry)
    if (others.length === 0) continue
    const also = others.map((other) => formatPlace(other.slugPlace)).join(', ')
    loaded[index] = { path: entry.path, display: entry.display, error: new InputError(`Duplicate slug \`${entry.slug}\`, expected each article to have its own (also used by ${also})`, entry.slugPlace, { code: 'slug' }) }
  }
  const articles: LoadedArticle[] = []
  for (const entry of loaded) {
    if (!('error' in entry)) {
      articles.push(entry)
      for (const problem of entry.report.problems) log(`${formatPlace({ file: problem.file, line: problem.line, column: problem.column })}: warning: ${problem.message} (${problem.ruleId})`)
      continue
    }
    const problems = [entry.error, ...entry.error.problems].map((problem) => toProblem(problem, entry.display))
    report.articles.push({ source: entry.display, slug: slugFromPath(entry.path, config.source), editions: [], problems })
    for (const problem of problems) log(`${formatPlace({ file: problem.file, line: problem.line, column: problem.column })}: ${problem.message}`)
  }
  const protect = await unitProtection(config, targets, glossaryProtector, articles.map((article) => article.segmentation), loadedGlossary?.glossary)

  // The source texts the previous build saw, so entries whose source changed can be remembered.
  const previousSources = new Map<string, Record<string, string>>()
  if (write && !options.catalogOnly) {
    await mapInParallel(articles, async (article) => {
      previousSources.set(article.slug, (await readCatalog(config.paths.locales, config.source, article.slug)).entries)
    })
  }
  if (write) {
    await mapInParallel(articles, async (article) => {
      const entries = Object.fromEntries(article.segmentation.units.map((unit) => [unit.key, unit.text]))
      await writeSourceCatalog(config.paths.locales, config.source, article.slug, entries)
    })
  }

  let dryRunUntranslated = false
  const engineIds = targets.flatMap((lang) => config.targets[lang]!.engines)
  const engines = createEngines(config, engineIds, options.services)

  for (const lang of targets) {
    const chain = options.catalogOnly ? ['catalog'] : config.targets[lang]!.engines
    const catalogs = new Map<string, Catalog>()
    // Every catalog of the language is read once: this build's articles own theirs, the others can lend a unit.
    const all = new Map((await readLanguageCatalogs(config.paths.locales, lang)).map((catalog) => [catalog.slug, catalog]))
    for (const article of articles) catalogs.set(article.slug, all.get(article.slug) ?? emptyCatalog(lang, article.slug))
    const others = [...all.values()].filter((catalog) => !catalogs.has(catalog.slug))

    // The review loop: retired entries into the memory, reviews whose terms changed sent back, memory answers and suggestions.
    const review: ReviewStep | undefined = options.catalogOnly
      ? undefined
      : await prepareReview({
          localesDir: config.paths.locales,
          lang,
          write,
          glossaryHash: (text) => protect?.(text, lang).glossaryHash,
          articles: articles.map((article) => ({ slug: article.slug, units: article.segmentation.units, catalog: catalogs.get(article.slug)!, previous: previousSources.get(article.slug) ?? {} })),
        })
    const glossaryContext = review && review.memory.entries.size > 0 ? await loadGlossaryContext(config, [lang]) : undefined
    const fromMemory = new Map<string, NonNullable<ReturnType<ReviewStep['exact']>>>()

    const jobs = new Map<string, UnitJob>()
    const owners = new Map<string, LoadedArticle[]>()
    for (const article of articles) {
      for (const unit of article.segmentation.units) {
        if (!jobs.has(unit.key)) {
          const context = unit.block.parts.flatMap((part) => (part.kind === 'unit' ? [part.unit.text] : [])).join(' ')
          jobs.set(unit.key, { key: unit.key, text: unit.text, context, slots: unit.slots })
        }
        // Articles come one after the other: an article already listed for this unit is the last one (no scan of the list).
        const list = owners.get(unit.key)
        if (!list) owners.set(unit.key, [article])
        else if (list[list.length - 1] !== article) list.push(article)
      }
    }

    log(`${lang}: ${jobs.size} units through ${chain.join(' → ')}${options.dryRun ? ' (dry run: no engine called)' : ''}`)

    // Machine answers go to each catalog's journal batch by batch; each catalog this language
    // changed is written once, at the end (also when the build is interrupted or fails).
    const touched = new Set([...catalogs.values()].filter(hasJournal))
    for (const catalog of review?.changed ?? []) touched.add(catalog)
    let outcome: Awaited<ReturnType<typeof translateChain>>
    try {
      outcome = await translateChain({
        source: config.source,
        target: lang,
        units: [...jobs.values()],
        chain,
        engines: engines.slots,
        missing: engines.missing,
        protect,
        signal: options.signal,
        dryRun: options.dryRun,
        lookup: (key) => {
          // A machine translation made under other glossary entries than the unit's terms have now
          // (its lock records their hash) is stale: it goes to the engines again. Reviewed ones stay.
          const glossaryHash = protect?.(jobs.get(key)!.text, lang).glossaryHash
          const current = (catalog: Catalog, status: string) => !glossaryProtector || status === 'reviewed' || catalog.lock[key]?.glossary === glossaryHash
          // A sentence a person reviewed in another article is taken as it is into the others, with provenance `memory`.
          const reviewedIn = (catalog: Catalog, answer: Omit<Answer, 'terms'>) => {
            const lock = catalog.lock[key]
            fromMemory.set(key, { text: answer.text, mark: { engine: 'memory', ...(lock?.reviewer ? { reviewer: lock.reviewer } : {}), ...(lock?.reviewedAt ? { reviewedAt: lock.reviewedAt } : {}) } })
            return answer
          }
          for (const article of owners.get(key) ?? []) {
            const catalog = catalogs.get(article.slug)!
            const answer = lookup(catalog, key)
            if (answer && current(catalog, answer.status)) return answer.status === 'reviewed' ? reviewedIn(catalog, answer) : answer
          }
          for (const catalog of others) {
            const answer = lookup(catalog, key)
            if (!answer || !current(catalog, answer.status)) continue
            if (answer.status !== 'reviewed') return { ...answer, status: 'machine' }
            return reviewedIn(catalog, { text: answer.text, engine: 'memory', status: 'reviewed' })
          }
          const job = jobs.get(key)!
          // A unit sent back to review (its terms changed) is drafted again, not answered by the review it had.
          if ((owners.get(key) ?? []).some((article) => catalogs.get(article.slug)!.lock[key]?.status === 'needs-review')) return undefined
          const remembered = review?.exact(job, (text) => translationProblems(job, text, lang, glossaryContext).length === 0)
          if (remembered) {
            fromMemory.set(key, remembered)
            return { text: remembered.text, engine: 'memory', status: 'reviewed' }
          }
          return undefined
        },
        onBatch: async (fresh) => {
          if (!write) return
          const lines = new Map<Catalog, Parameters<typeof journalMachine>[2][number][]>()
          for (const [key, answer] of fresh) {
            const { status, ...draft } = review?.draft(jobs.get(key)!) ?? { status: 'machine' as const }
            for (const article of owners.get(key) ?? []) {
              const catalog = catalogs.get(article.slug)!
              const list = lines.get(catalog) ?? []
              list.push({ key, text: answer.text, lock: { engine: answer.engine, source: sourceHash(jobs.get(key)!.text), ...(answer.glossaryHash ? { glossary: answer.glossaryHash } : {}), ...(answer.unknownWords?.length ? { unknown: answer.unknownWords } : {}), ...draft }, ...(status === 'needs-review' ? { status } : {}) })
              lines.set(catalog, list)
            }
          }
          // The memory is on disk before any catalog stops holding what it took.
          await review?.save()
          await mapInParallel([...lines], async ([catalog, list]) => {
            if ((await journalMachine(config.paths.locales, catalog, list)).length > 0) touched.add(catalog)
          })
        },
        onProgress: (event) => (options.onProgress ? options.onProgress({ lang, ...event }) : log(`${lang}: ${event.engine} ${event.done}/${event.total}`)),
      })
      if (!options.dryRun) {
        // A catalog answer that came from another article's catalog is copied into this one, so each catalog is complete.
        for (const article of articles) {
          const catalog = catalogs.get(article.slug)!
          for (const unit of article.segmentation.units) {
            const answer = outcome.answers.get(unit.key)
            const glossary = protect?.(unit.text, lang).glossaryHash
            if (!answer || lookup(catalog, unit.key)) continue
            const remembered = fromMemory.get(unit.key)
            if (remembered) putReviewed(catalog, unit.key, remembered.text, { ...remembered.mark, source: unit.text, ...(glossary ? { glossary } : {}) })
            else if (!putMachine(catalog, unit.key, answer.text, { engine: answer.engine, source: sourceHash(unit.text), ...(glossary ? { glossary } : {}), ...(answer.unknownWords?.length ? { unknown: answer.unknownWords } : {}) })) continue
            touched.add(catalog)
          }
        }
      }
    } finally {
      if (write) await mapInParallel([...touched], (catalog) => writeCatalog(config.paths.locales, catalog))
    }
    if (options.dryRun) {
      report.skipped[lang] = outcome.skipped
      for (const skipped of outcome.skipped) log(`${lang}: ${skipped.engine} skipped: ${skipped.reason}`)
      const fromCatalog = [...outcome.answers.values()].filter((answer) => answer.cached).length
      log(`${lang}: catalog answers ${fromCatalog} units`)
      for (const work of outcome.planned) log(`${lang}: ${work.engine} would be sent ${work.units} units, ${work.characters} characters in ${work.requests} request${work.requests === 1 ? '' : 's'}${work.tokens !== undefined ? `, about ${work.tokens} tokens` : ''}`)
      const unplanned = jobs.size - fromCatalog - outcome.planned.reduce((sum, work) => sum + work.units, 0)
      if (unplanned > 0) {
        log(`${lang}: ${unplanned} units have no engine that could translate them`)
        noEngineHint(lang, outcome.skipped, config, report, log)
        dryRunUntranslated = true
      }
      ;(report.plan ??= {})[lang] = outcome.planned
      continue
    }
    report.skipped[lang] = outcome.skipped
    for (const skipped of outcome.skipped) log(`${lang}: ${skipped.engine} skipped: ${skipped.reason}`)
    if (outcome.answers.size < jobs.size && !options.catalogOnly && outcome.failures.length === 0) noEngineHint(lang, outcome.skipped, config, report, log)
    for (const [engine, count] of Object.entries(outcome.characters)) report.characters[engine] = (report.characters[engine] ?? 0) + count

    // quotes.courtesy: each kept quotation is also translated for its footnote, as extra units through
    // the same chain, stored in locales/<lng>/quotes/. They never join an edition's units or catalog.
    const courtesy = config.quotes.courtesy
      ? await courtesyTranslations({
          localesDir: config.paths.locales,
          lang,
          articles: articles.map((article) => ({ slug: article.slug, quotes: article.segmentation.quotes })),
          write,
          translate: options.catalogOnly
            ? undefined
            : async (units) => {
                const result = await translateChain({ source: config.source, target: lang, units, chain, engines: engines.slots, missing: engines.missing, protect, signal: options.signal, lookup: () => undefined })
                for (const [engine, count] of Object.entries(result.characters)) report.characters[engine] = (report.characters[engine] ?? 0) + count
                return new Map([...result.answers].map(([key, answer]) => [key, { text: plainText(answer.text), engine: answer.engine }]))
              },
        })
      : undefined

    const unknown = unknownWordsOf(articles.map((article) => ({ file: article.display, source: article.parsed.file.value.toString(), units: article.segmentation.units })), outcome.answers)
    if (unknown.length > 0) (report.unknownWords ??= {})[lang] = unknown

    const t = translatorFor(i18n, lang)
    await mapInParallel(articles, async (article) => {
      const { edition, markdown } = await writeEdition(article, lang, outcome.answers, outcome.failures, config, outDir, t, write, courtesy, protect, log)
      article.report.editions.push(edition)
      if (markdown !== undefined) editions.push({ lang, slug: article.slug, source: article.display, path: edition.path, markdown })
    })
  }

  for (const article of articles) report.articles.push(article.report)
  report.articles.sort((a, b) => comparePaths(a.source, b.source))
  editions.sort((a, b) => comparePaths(a.path, b.path))
  const reportPath = join(outDir, shardReportName(options.shard))
  if (write) await writeFileAtomic(reportPath, stableJson(report))

  const badInput = report.articles.some((article) => article.problems.some((problem) => problem.severity === 'error'))
  const untranslated = report.articles.some((article) => article.editions.some((edition) => edition.units.untranslated > 0))
  return { exitCode: badInput ? 2 : untranslated || dryRunUntranslated ? 1 : 0, report, reportPath, editions }
}

/**
 * A language whose units reached no engine at all (every machine engine skipped: no key, no pair,
 * no server): said once, with the ways to get one, instead of once per unit.
 */
function noEngineHint(lang: string, skipped: ReadonlyArray<{ engine: string; reason: string }>, config: ResolvedConfig, report: BuildReport, log: (line: string) => void): void {
  const catalog = toPosix(relative(config.root, join(config.paths.locales, lang, 'articles')))
  const why = skipped.length > 0 ? skipped.map((entry) => `${entry.engine}: ${entry.reason}`).join('; ') : 'its chain has only the catalog'
  const message = `no engine can translate into ${lang} here (${why}). Three ways to get one: a reviewed catalog (${catalog}/<slug>.json, keys from locales/${config.source}/articles/<slug>.json); DEEPL_AUTH_KEY set for deepl; or engines.openai pointed at a local OpenAI-compatible server (baseUrl and model, see docs/engines.md)`
  ;(report.noEngine ??= {})[lang] = message
  log(`${lang}: ${message}`)
}

async function writeEdition(
  article: LoadedArticle,
  lang: string,
  answers: ReadonlyMap<string, Answer>,
  failures: ReadonlyArray<{ key: string; engine: string; problem: string }>,
  config: ResolvedConfig,
  outDir: string,
  t: (key: string, options?: Record<string, unknown>) => string,
  write: boolean,
  courtesy?: ReadonlyMap<string, CourtesyTranslation>,
  protect?: TermProtector,
  log?: (line: string) => void,
): Promise<{ edition: EditionReport; markdown?: string }> {
  const path = join(outDir, lang, `${article.slug}.md`)
  const units = article.segmentation.units
  const edition: EditionReport = {
    lang,
    path: toPosix(relative(config.root, path)),
    written: false,
    units: { total: units.length, catalog: 0, machine: 0, untranslated: 0 },
    review: { reviewed: 0, machine: 0 },
    engines: [],
    untranslated: [],
    quotes: [],
    terms: [],
    unknownWords: [],
  }
  const translations = new Map<string, string>()
  const sourceLines = new LineIndex(article.parsed.file.value.toString())
  const engines = new Set<string>()
  const unknown = new Set<string>()
  for (const unit of units) {
    const answer = answers.get(unit.key)
    if (!answer) {
      if (!edition.untranslated.some((entry) => entry.key === unit.key)) {
        const problems = failures.filter((failure) => failure.key === unit.key).map((failure) => `${failure.engine}: ${failure.problem}`)
        // `…` stands where a kept quotation, inline code or an image was.
        edition.untranslated.push({ key: unit.key, line: unit.line, column: unit.column, text: plainText(unit.text.replace(/<x\s+id="\d+"\s*\/>/g, '…')), problems })
      }
      edition.units.untranslated++
      continue
    }
    translations.set(unit.key, answer.text)
    engines.add(answer.status === 'reviewed' ? 'catalog' : answer.engine)
    if (answer.cached) edition.units.catalog++
    else edition.units.machine++
    if (answer.status === 'reviewed') edition.review.reviewed++
    else edition.review.machine++
    // Every hit of the unit's source is listed, whether the translation came from an engine now or
    // from the catalog, at its own place: found in the source from the unit's start on.
    let cursor = sourceLines.offsetOf(unit.line, unit.column)
    for (const hit of answer.terms ?? protect?.(unit.text, lang).hits ?? []) {
      const found = article.parsed.file.value.toString().indexOf(hit.source, cursor)
      const place = found >= 0 ? sourceLines.at(found) : { line: unit.line, column: unit.column }
      if (found >= 0) cursor = found + hit.source.length
      edition.terms.push({ ...hit, ...place })
      if (hit.compound && !plainText(answer.text).toLowerCase().includes(hit.target.toLowerCase())) {
        const message = `Closed compound \`${hit.source}\` of glossary term \`${hit.entry}\`: the ${lang} translation does not use the approved \`${hit.target}\`; a reviewer should look`
        article.report.problems.push({ file: article.display, ...place, message, ruleId: 'term-compound', severity: 'warning' })
        log?.(`${formatPlace({ file: article.display, ...place })}: warning: ${message} (term-compound)`)
      }
    }
    for (const word of answer.unknownWords ?? []) unknown.add(word)
  }
  edition.engines = [...engines].sort()
  edition.unknownWords = [...unknown].sort((a, b) => a.localeCompare(b, 'sv'))
  if (edition.units.untranslated > 0) return { edition }

  const flag = config.quotes.flag === 'footnote'
  const courtesyOf = (text: string): CourtesyTranslation[] => {
    const translation = courtesy?.get(courtesyKey(text))
    return translation ? [translation] : []
  }
  const frontmatter: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(article.parsed.frontmatter)) if (key !== 'tolk' && key !== 'lang') frontmatter[key] = value
  Object.assign(frontmatter, {
    lang,
    source: article.display,
    source_sha256: article.sha256,
    engines: edition.engines,
    quotes_flagged: flag ? article.segmentation.quotes.filter((quote) => quote.field === undefined).length : 0,
    // Counts only: who reviewed and when stay in the lock files, so editions stay byte-identical.
    units_reviewed: edition.review.reviewed,
    units_machine: edition.review.machine,
    notice: t('edition.notice'),
  })
  const rendered = renderEdition(article.parsed.tree, article.segmentation, {
    translations,
    frontmatter,
    quoteFlag: flag ? { text: (quote) => [t('quote.flag'), ...courtesyOf(quote.text).map(({ translation, reviewed }) => t(reviewed ? 'quote.courtesy_reviewed' : 'quote.courtesy', { translation }))] } : undefined,
  })
  edition.quotes = article.segmentation.quotes.map((quote) => ({
    text: quote.text,
    line: quote.line,
    column: quote.column,
    ...(rendered.lines.has(quote.index) ? { editionLine: rendered.lines.get(quote.index) } : {}),
    ...(rendered.flags.has(quote.index) ? { flag: rendered.flags.get(quote.index) } : {}),
    ...(flag ? courtesyOf(quote.text).map(({ translation }) => ({ courtesy: translation }))[0] : {}),
    status: 'verbatim' as const,
  }))
  if (write) await writeFileAtomic(path, rendered.markdown)
  edition.written = write
  return { edition, markdown: rendered.markdown }
}

/** Read, parse and segment one article; bad input is an `InputError` with its place. */
export async function loadArticle(path: string, display: string, config: ResolvedConfig): Promise<LoadedArticle> {
  const bytes = await readArticle(config, path, display)
  const text = decodeUtf8(bytes, display)
  const parsed = parseArticle(text, display, { maxNesting: config.limits.nesting })
  const slugValue = parsed.frontmatter.slug
  const slugPlace = slugValue === undefined ? { file: display } : frontmatterKeyPlace(parsed, 'slug', display)
  if (slugValue !== undefined && (typeof slugValue !== 'string' || !/^[a-z0-9][a-z0-9-_]*$/i.test(slugValue))) {
    throw new InputError(`Invalid front matter: expected \`slug\` to be letters, digits and dashes, got \`${String(slugValue)}\``, slugPlace, { code: 'frontmatter' })
  }
  if (slugValue === undefined) checkFileSlug(slugFromPath(path, config.source), display)
  const articlePolicy = (parsed.frontmatter.tolk as { quotes?: unknown } | undefined)?.quotes
  const quotes = articlePolicy === 'translate' || articlePolicy === 'verbatim' ? articlePolicy : config.quotes.policy
  const segmentation = segment(parsed.tree, { source: text, frontmatter: parsed.frontmatter, quotes, minQuoteWords: config.quotes.minWords })
  const problems: Problem[] = segmentation.warnings.map((warning) => ({ file: display, line: warning.line, column: warning.column, message: warning.message, ruleId: warning.ruleId, severity: 'warning' }))
  const slug = typeof slugValue === 'string' ? slugValue : slugFromPath(path, config.source)
  return {
    path,
    display,
    slug,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    parsed,
    segmentation,
    slugPlace,
    report: { source: display, slug, editions: [], problems },
  }
}

function toProblem(error: InputError, fallback: string): Problem {
  const place: Place = error.place ?? { file: fallback }
  return { file: place.file, line: place.line, column: place.column, message: error.message, ruleId: error.code, severity: 'error' }
}

/** The project glossary's term protection: `config.paths.glossary`, with each target language's genitive patterns. */
export async function loadProtector(config: ResolvedConfig): Promise<TermProtector | undefined> {
  return (await loadGlossaryProtection(config))?.protect
}

/** The project glossary and its term protection. */
async function loadGlossaryProtection(config: ResolvedConfig): Promise<{ protect: TermProtector; glossary: Glossary } | undefined> {
  const glossary = await loadGlossary(config.paths.glossary, { cwd: config.root })
  if (glossary.entries.length === 0) return undefined
  const patterns: Record<string, GenitivePatterns> = {}
  for (const lang of Object.keys(config.targets)) patterns[lang] = await loadGenitivePatterns(config.paths.locales, lang)
  return { protect: createTermProtector(glossary, compileMatcher(glossary), patterns), glossary }
}
