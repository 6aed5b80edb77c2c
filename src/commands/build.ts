import { readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { loadConfig } from './config.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { readCatalog, writeSourceCatalog } from '../catalog/store.ts'
import { prepareReview, type ReviewStep } from '../translate/review.ts'
import { translationProblems } from '../check/translation.ts'
import { glossaryContext as contextOf, loadGlossaryContext } from '../check/glossary-terms.ts'
import { guardProject } from '../project/project-guard.ts'
import { withWorkspaceLock } from '../fs/workspace-lock.ts'
import { createEngines, type EngineServices } from '../translate/engines.ts'
import { InputError, formatPlace, type Place } from '../errors.ts'
import { writeFileIfChanged, writeJsonAtomic } from '../fs/atomic.ts'
import { availableParallelism } from 'node:os'
import { fileConcurrency, mapInParallel } from '../fs/parallel.ts'
import { createI18n, translatorFor } from '../i18n/index.ts'
import { translateChain } from '../translate/run.ts'
import type { TermProtector } from '../glossary/protection.ts'
import { loadAgain, readArticle, releasePositions, unitsOnly, type Article, type ArticleUnits, type Problem } from '../project/article.ts'
import { selectTargets, findArticles, slugFromPath, toPosix } from '../project/articles.ts'
import { loadLanguageFormats, loadProjectGlossary, protectorOf } from '../project/glossary.ts'
import { unitProtection } from '../project/protection.ts'
import { unknownWordsOf } from '../project/unknown-words.ts'
import { LanguageCatalogs, writeCatalogs } from '../project/catalogs.ts'
import { courtesyFor } from '../project/courtesy.ts'
import { editionPath, produceEdition, rememberStrings, type EditionInput } from '../project/edition.ts'
import { dryRunPlan } from './build/plan.ts'
import { addCharacters, type ArticleReport, type BuildReport, type EditionReport } from '../project/report.ts'
import { eventsInOrder, stepReporter, type BuildEvent, type BuildProgress } from './build/events.ts'
import { noEngineHint } from './build/no-engine.ts'
import { boundHeapGrowth } from './build/heap.ts'
import { inShard, shardReportName, type Shard } from '../project/shard.ts'
import { comparePaths } from '../project/order.ts'
import { ReportSpool, outlineOf, type ArticleOutline, type SpooledJson } from '../project/report-spool.ts'

export type { ArticleReport, BuildReport, EditionReport, Problem } from '../project/report.ts'
export type { ArticleOutline, EditionOutline } from '../project/report-spool.ts'
export type { BuildEvent, BuildProgress } from './build/events.ts'
/** For the other commands: an article as the build loads it, and the project glossary's protection. */
export { readArticle as loadArticle, type Article as LoadedArticle } from '../project/article.ts'
export { loadProtector } from '../project/glossary.ts'

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
  /** What happens as the build runs (problems, languages, skipped engines, the dry-run plan), for a terminal or a log. */
  onEvent?: (event: BuildEvent) => void
  /** How far the build has come: articles read, units finished per language and engine, editions written. */
  onProgress?: (event: BuildProgress) => void
  services?: EngineServices
  /** Glossary term protection; the build loads the project glossary when this is not given. */
  protect?: TermProtector
  /** False: write nothing (no catalogs, editions or report); the editions come back in the result. Default: true. */
  write?: boolean
  /** Languages built at once. Default: the number of cores. The output is the same whatever it is. */
  languageConcurrency?: number
  /** Build only the articles of this shard (by a stable hash of their path); the report goes to `report-<i>-of-<n>.json`. */
  shard?: Shard
  /**
   * Bytes of articles up to which every parsed article is held until its editions are rendered.
   * Above it the build keeps only each article's units and quotations as it reads them (about two
   * fifths of the memory) and parses each article again to render all its editions (about a fifth
   * more CPU), so a build of tens of thousands of articles stays in bounded memory. The output is
   * the same either way. Default: 8,000,000 (about 2,700 articles of 3 KB).
   */
  holdBytes?: number
  /**
   * Internal, for `bench/drafts.ts`: false builds without the machine-draft protection (names
   * decided with the Swedish lexicon, numbers in each language's format, compounds of terms, the
   * unknown-word list), to measure what it costs. Default: true.
   */
  drafts?: boolean
}

export interface BuildResult {
  exitCode: 0 | 1 | 2
  /**
   * The report, as written to `reportPath`. A big build (articles over `holdBytes`) that writes
   * does not hold it: it is read from its file when asked for.
   */
  report: BuildReport
  /** The report without each edition's term, quotation and unknown-word records: what a terminal shows. Always held. */
  summary: BuildSummary
  /** Where the report was written. */
  reportPath: string
  /**
   * Every edition produced, with its Markdown: held in memory when nothing was written (`write:
   * false`), else read from the written file when `markdown` is asked for, so a big build does not
   * keep every edition's text.
   */
  editions: Array<{ lang: string; slug: string; source: string; path: string; markdown: string }>
}

/**
 * Build the editions: parse, segment, translate through each language's chain, render, write.
 * A build that writes holds the workspace lock (`.tolk.lock`), so a second one waits for it.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  // What a big build changed of the heap's settings is given back however it ends.
  const heap = { release: () => {} }
  try {
    if (options.write === false || options.dryRun) return await buildLocked(options, config, heap)
    const log = options.onEvent ? (line: string) => options.onEvent!({ type: 'note', text: line }) : undefined
    return await withWorkspaceLock(config.root, { command: 'build', log, signal: options.signal }, () => buildLocked(options, config, heap))
  } finally {
    heap.release()
  }
}

async function buildLocked(options: BuildOptions, config: ResolvedConfig, heap: { release: () => void }): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const emit = options.onEvent ?? (() => {})
  const problem = (entry: Problem) => emit({ type: 'problem', problem: entry })
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
    const entry: Problem = { file, message: `No such file, expected tolk's own strings in \`${lang}\`; the ${lang} editions use the English ones`, ruleId: 'locale', severity: 'warning' }
    report.problems.push(entry)
    problem(entry)
  }
  const articlePaths = inShard(await findArticles(config, options.articles, cwd), (path) => toPosix(relative(config.root, path)), options.shard)
  // A big build keeps only each article's units as it reads it, and parses each article again to render it.
  const reparse = articlePaths.reduce((sum, path) => sum + sizeOf(path), 0) > (options.holdBytes ?? 8_000_000)
  // …and collects its garbage sooner (`build/heap.ts`), until it ends.
  if (reparse) heap.release = boundHeapGrowth()

  // A caller's own protection stands for the glossary; names and numbers are protected either way.
  const project = options.protect ? undefined : await loadProjectGlossary(config, targets)
  const glossaryProtector = options.protect ?? (project && protectorOf(project))
  const formats = project ?? (await loadLanguageFormats(config.paths.locales, targets))

  const progress = stepReporter(options.onProgress)
  const { articles, refused } = await readArticles<Article | ArticleUnits>(config, articlePaths, reparse ? unitsOnly : releasePositions, options.signal, (done, total) => progress({ step: 'read', done, total }))
  for (const article of articles) for (const warning of article.warnings) problem(warning)
  for (const entry of refused) {
    report.articles.push(entry)
    for (const each of entry.problems) problem(each)
  }
  const drafts = options.drafts !== false
  const protect = !drafts ? glossaryProtector : await unitProtection({ source: config.source, root: config.root }, formats, glossaryProtector, articles.map((article) => article.segmentation), project?.glossary, project?.compounds)

  // The source texts the previous build saw of the units an article no longer has, so entries
  // whose source changed can be remembered (the review step asks only for those: a unit the
  // article still has is never looked up, so the rest is not held through the build).
  const previousSources = new Map<string, Record<string, string>>()
  if (write) {
    await mapInParallel(articles, async (article) => {
      const current = new Set(article.segmentation.units.map((unit) => unit.key))
      const retired = Object.entries((await readCatalog(config.paths.locales, config.source, article.slug)).entries).filter(([key]) => !current.has(key))
      if (retired.length > 0) previousSources.set(article.slug, Object.fromEntries(retired))
      const entries = Object.fromEntries(article.segmentation.units.map((unit) => [unit.key, unit.text]))
      await writeSourceCatalog(config.paths.locales, config.source, article.slug, entries)
    })
  }

  const reports: Array<ArticleReport | undefined> = articles.map((article): ArticleReport => ({ source: article.file, slug: article.slug, editions: [], problems: article.warnings }))
  type Edition = LanguageBuild['editions'][number]
  // Each article's record, once its editions are folded in: the record itself, or (a big build that
  // writes) where the spool holds it; and its outline, for the summary.
  const records: Array<ArticleReport | SpooledJson> = []
  const outlines: ArticleOutline[] = []
  let spool: ReportSpool | undefined
  /**
   * One article's editions, in target order, folded into its record. A big build that writes puts
   * the record in the spool at once, so the report is never held.
   */
  const foldArticle = (index: number, made: ReadonlyArray<{ lang: string; entry: Edition | undefined }>) => {
    const article = reports[index]!
    for (const { lang, entry } of made) {
      if (!entry) continue
      const { edition, warnings, produced, markdown } = entry
      article.problems.push(...warnings)
      article.editions.push(edition)
      if (!produced) continue
      if (markdown !== undefined) editions.push({ lang, slug: article.slug, source: article.source, path: edition.path, markdown })
      else editions.push(writtenEdition(lang, article.slug, article.source, edition.path, editionPath(outDir, lang, article.slug)))
    }
    outlines[index] = outlineOf(article)
    records[index] = spool ? spool.add(article) : article
    if (spool) reports[index] = undefined
  }

  const engines = await createEngines(config, targets.flatMap((lang) => config.targets[lang]!.engines), options.services)

  /**
   * One language's translation: catalogs, review, chain, courtesy. Returns what it found and, unless
   * this is a dry run, each article's answers for its edition; the catalogs are not needed after it.
   */
  const translateLanguage = async (lang: string, emit: (event: BuildEvent) => void): Promise<{ built: LanguageBuild; editions?: Omit<EditionInput, 'config' | 'outDir' | 'lang' | 'answers' | 't'> & { answers: Array<EditionInput['answers']> } }> => {
    const built: LanguageBuild = { characters: [], editions: [], dryRunUntranslated: false }
    const noEngine = (skipped: ReadonlyArray<{ engine: string; reason: string }>) => {
      built.noEngine = noEngineHint(lang, skipped, config)
      emit({ type: 'no-engine', lang, message: built.noEngine })
    }
    const chain = config.targets[lang]!.engines
    const catalogs = await LanguageCatalogs.read(config.paths.locales, lang, articles, protect, Boolean(glossaryProtector))
    // The review loop: retired entries into the memory, reviews whose terms changed sent back, memory answers and suggestions.
    const review: ReviewStep = await prepareReview({
      localesDir: config.paths.locales,
      lang,
      write,
      glossaryHash: (text) => protect?.(text, lang).glossaryHash,
      articles: articles.map((article) => ({ slug: article.slug, units: article.segmentation.units, catalog: catalogs.of(article), previous: previousSources.get(article.slug) ?? {} })),
    })
    const glossaryContext = review.memory.entries.size > 0 ? (project ? contextOf(project) : await loadGlossaryContext(config, [lang])) : undefined
    catalogs.useReview(review, (job, text) => translationProblems(job, text, lang, glossaryContext).length === 0)
    // Other articles' catalogs are read only if this run's own catalogs leave a unit unanswered.
    await catalogs.lend()
    emit({ type: 'language', lang, units: catalogs.jobs.size, chain, dryRun: Boolean(options.dryRun) })
    const translate = (units: Parameters<typeof translateChain>[0]['units'], lookup: Parameters<typeof translateChain>[0]['lookup'], rest: Partial<Parameters<typeof translateChain>[0]> = {}) =>
      translateChain({ source: config.source, target: lang, units, chain, engines: engines.slots, missing: engines.missing, protect, protectNumbers: false, signal: options.signal, lookup, ...rest })

    // Machine answers go to each catalog's journal batch by batch; each catalog this language
    // changed is written once, at the end (also when the build is interrupted or fails).
    const touched = new Set(catalogs.withJournal())
    for (const catalog of review.changed) touched.add(catalog)
    let outcome: Awaited<ReturnType<typeof translateChain>>
    let failed = false
    try {
      outcome = await translate([...catalogs.jobs.values()], (key) => catalogs.lookup(key), {
        dryRun: options.dryRun,
        onBatch: async (fresh) => {
          if (write) for (const catalog of await catalogs.journal(config.paths.locales, fresh)) touched.add(catalog)
        },
        onProgress: (event) => options.onProgress?.({ step: 'translate', lang, ...event }),
      })
      // A catalog answer that came from another article's catalog is copied into this one, so each catalog is complete.
      if (!options.dryRun) for (const article of articles) if (catalogs.complete(article, outcome.answers)) touched.add(catalogs.of(article))
    } catch (error) {
      failed = true
      throw error
    } finally {
      // After a failure (a full disk) the catalogs are still written if they can be; the failure that came first is the one reported.
      if (write) await writeCatalogs(config.paths.locales, [...touched]).catch((error: unknown) => {
        if (!failed) throw error
      })
    }
    built.skipped = outcome.skipped
    for (const skipped of outcome.skipped) emit({ type: 'skipped', lang, ...skipped })
    if (options.dryRun) {
      const plan = dryRunPlan(lang, catalogs.jobs.size, outcome)
      emit({ type: 'plan', plan })
      if (plan.unplanned > 0) {
        noEngine(outcome.skipped)
        built.dryRunUntranslated = true
      }
      built.planned = outcome.planned
      return { built }
    }
    if (outcome.answers.size < catalogs.jobs.size && outcome.failures.length === 0) noEngine(outcome.skipped)
    built.characters.push(outcome.characters)

    const courtesy = config.quotes.courtesy
      ? await courtesyFor({
          localesDir: config.paths.locales,
          lang,
          articles,
          write,
          translate: async (units) => {
            const result = await translate(units, () => undefined)
            built.characters.push(result.characters)
            return result.answers
          },
        })
      : undefined

    const unknown = drafts ? unknownWordsOf(articles.map((article) => ({ file: article.file, source: article.text, units: article.segmentation.units })), outcome.answers) : []
    if (unknown.length > 0) built.unknownWords = unknown

    return { built, editions: { answers: articles.map((article) => catalogs.answersFor(article, outcome.answers)), failures: outcome.failures, courtesy, protect } }
  }

  type Translated = Awaited<ReturnType<typeof translateLanguage>>
  /** One article's edition in one language, written as it is made; only a build that writes nothing keeps its Markdown (for the result). */
  const renderEdition = async (article: Article, lang: string, input: NonNullable<Translated['editions']>, index: number, t: EditionInput['t'], emit: (event: BuildEvent) => void): Promise<Edition> => {
    const { edition, markdown, warnings } = produceEdition(article, { ...input, config, outDir, lang, answers: input.answers[index]!, t })
    // The article's answers in this language are not needed again.
    input.answers[index] = noAnswers
    for (const warning of warnings) emit({ type: 'problem', problem: warning })
    if (markdown !== undefined && write) {
      await writeFileIfChanged(editionPath(outDir, lang, article.slug), markdown)
      edition.written = true
    }
    return { index, edition, warnings, produced: markdown !== undefined, ...(write ? {} : { markdown }) }
  }
  const strings = new Map(targets.map((lang) => [lang, rememberStrings(translatorFor(i18n, lang))]))

  /**
   * One language, start to finish: its translation, then each article's edition (when the
   * articles are held; otherwise `renderAll` makes them once every language is translated).
   */
  const buildLanguage = async (lang: string, emit: (event: BuildEvent) => void): Promise<{ built: LanguageBuild; input?: Translated['editions'] }> => {
    const { built, editions: input } = await translateLanguage(lang, emit)
    if (!input || reparse) return { built, input }
    const total = articles.length
    let written = 0
    progress({ step: 'write', lang, done: 0, total })
    built.editions = await mapInParallel(
      articles as Article[],
      async (article, index) => {
        const made = await renderEdition(article, lang, input, index, strings.get(lang)!, emit)
        progress({ step: 'write', lang, done: ++written, total })
        return made
      },
      fileConcurrency,
      options.signal,
    )
    return { built }
  }

  /** Each article parsed again and its editions in every language rendered from it, so only a few articles' trees are held at a time. */
  const renderAll = async (languages: ReadonlyArray<{ lang: string; built: LanguageBuild; input?: Translated['editions']; emit: (event: BuildEvent) => void }>) => {
    const rendering = languages.filter((entry) => entry.input)
    let written = 0
    for (const { lang } of rendering) progress({ step: 'write', lang, done: 0, total: articles.length })
    await mapInParallel(
      articles,
      async (units, index) => {
        const article = loadAgain(units, config)
        // Its units are not needed again either: what the report needs of it is in `reports`.
        articles[index] = rendered
        const made: Array<{ lang: string; entry: Edition }> = []
        for (const { lang, input, emit } of rendering) made.push({ lang, entry: await renderEdition(article, lang, input!, index, strings.get(lang)!, emit) })
        foldArticle(index, made)
        written++
        for (const { lang } of rendering) progress({ step: 'write', lang, done: written, total: articles.length })
      },
      fileConcurrency,
      options.signal,
    )
  }

  // Languages are built at once, as many as there are cores, so one language's engine (an
  // Apertium pipeline, a cloud engine's network wait) runs beside another's local work. Each
  // language's events come out in target order, and what it found is folded into the report in
  // that order: the output is the same as building them one after the other.
  const order = eventsInOrder(targets.length, emit)
  const settled: Array<{ value: Awaited<ReturnType<typeof buildLanguage>> } | { error: unknown }> = await mapInParallel(
    targets,
    (lang, index) =>
      buildLanguage(lang, order.emitters[index]!).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ).finally(() => {
        if (!reparse) order.done(index)
      }),
    Math.max(1, options.languageConcurrency ?? availableParallelism()),
  )
  try {
    if (reparse) {
      try {
        if (!settled.some((entry) => 'error' in entry)) {
          // A big build that writes keeps its article records in a spool next to the report, not in memory.
          if (write) spool = await ReportSpool.open(outDir)
          await renderAll(targets.map((lang, index) => ({ lang, ...(settled[index] as { value: Awaited<ReturnType<typeof buildLanguage>> }).value, emit: order.emitters[index]! })))
        }
      } finally {
        targets.forEach((_, index) => order.done(index))
      }
    }
    const failed = settled.find((entry) => 'error' in entry)
    if (failed && 'error' in failed) throw failed.error
    const builtOf = (index: number) => (settled[index] as { value: { built: LanguageBuild } }).value.built
    let dryRunUntranslated = false
    targets.forEach((lang, index) => {
      const built = builtOf(index)
      if (built.skipped) report.skipped[lang] = built.skipped
      if (built.noEngine !== undefined) (report.noEngine ??= {})[lang] = built.noEngine
      if (built.planned) (report.plan ??= {})[lang] = built.planned
      if (built.unknownWords) (report.unknownWords ??= {})[lang] = built.unknownWords
      dryRunUntranslated ||= built.dryRunUntranslated
      for (const characters of built.characters) addCharacters(report, characters)
    })
    // Held articles are folded here, each with its editions in target order, as `renderAll` does.
    if (!reparse) for (const index of reports.keys()) foldArticle(index, targets.map((lang, at) => ({ lang, entry: builtOf(at).editions[index] })))

    const { articles: refusedRecords, ...top } = report
    const ordered = [...refusedRecords.map((record) => ({ record, outline: outlineOf(record) })), ...records.map((record, index) => ({ record, outline: outlines[index]! }))]
    ordered.sort((a, b) => comparePaths(a.record.source, b.record.source))
    const summary: BuildSummary = { ...top, articles: ordered.map((entry) => entry.outline) }
    editions.sort((a, b) => comparePaths(a.path, b.path))
    const reportPath = join(outDir, shardReportName(options.shard))
    // Keys in stableJson's order: `articles` is written from the records, held or spooled.
    if (write) await writeJsonAtomic(reportPath, { ...top, articles: ordered.map((entry) => entry.record) })

    const badInput = summary.articles.some((article) => article.problems.some((entry) => entry.severity === 'error'))
    const untranslated = summary.articles.some((article) => article.editions.some((edition) => edition.units.untranslated > 0))
    const exitCode = badInput ? 2 : untranslated || dryRunUntranslated ? 1 : 0
    if (!spool) return { exitCode, report: { articles: ordered.map((entry) => entry.record as ArticleReport), ...top }, summary, reportPath, editions }
    return spooledResult({ exitCode, summary, reportPath, editions })
  } finally {
    spool?.remove()
  }
}

/** The result of a build whose report was spooled: the report is read from its file when asked for. Made out here, so it holds nothing of the build. */
function spooledResult(result: Omit<BuildResult, 'report'>): BuildResult {
  const { reportPath } = result
  return {
    ...result,
    get report() {
      return JSON.parse(readFileSync(reportPath, 'utf8')) as BuildReport
    },
  }
}

const noAnswers: EditionInput['answers'] = new Map()
/** What a big build keeps of an article once its editions are rendered: nothing of its text or units. */
const rendered: ArticleUnits = { path: '', file: '', slug: '', text: '', sha256: '', slugPlace: { file: '' }, segmentation: { units: [], quotes: [] }, warnings: [] }

/** The size of a file in bytes; 0 when it cannot be read (reading the article will say why). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * A written edition in the result: its Markdown is read from its file when asked for. Made out here,
 * not in the build's own scope, so the getter holds only the file's path, not the build's state.
 */
function writtenEdition(lang: string, slug: string, source: string, path: string, file: string): BuildResult['editions'][number] {
  return {
    lang,
    slug,
    source,
    path,
    get markdown() {
      return readFileSync(file, 'utf8')
    },
  }
}

/** The report with each article's outline (`outlineOf`) for its record. */
export interface BuildSummary extends Omit<BuildReport, 'articles'> {
  articles: ArticleOutline[]
}

/** What one language's build found, for the report. */
interface LanguageBuild {
  skipped?: BuildReport['skipped'][string]
  noEngine?: string
  planned?: NonNullable<BuildReport['plan']>[string]
  unknownWords?: NonNullable<BuildReport['unknownWords']>[string]
  dryRunUntranslated: boolean
  /** Characters sent per engine, per call of the chain, in order. */
  characters: Array<Readonly<Record<string, number>>>
  /** Each article's edition, in article order; its Markdown only when the build writes nothing. */
  /** `index`: the article's, in the build's order. */
  editions: Array<{ index: number; edition: EditionReport; warnings: Problem[]; produced: boolean; markdown?: string }>
}

/**
 * Every article, read a few at a time. One that cannot be read or parsed is refused with its
 * problems (the others are still built); two articles with one slug are bad input.
 */
export async function readArticles<T extends Pick<Article, 'path' | 'file' | 'slug' | 'slugPlace'> = Article>(config: ResolvedConfig, paths: readonly string[], keep: (article: Article) => T = (article) => article as unknown as T, signal?: AbortSignal, onRead?: (done: number, total: number) => void): Promise<{ articles: T[]; refused: ArticleReport[] }> {
  let read = 0
  onRead?.(0, paths.length)
  const loaded = await mapInParallel(paths, async (path) => {
    const file = toPosix(relative(config.root, path))
    try {
      return keep(await readArticle(path, file, config))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      return { path, file, error }
    } finally {
      onRead?.(++read, paths.length)
    }
  }, fileConcurrency, signal)
  // Two articles with one slug would share catalogs and editions: both are refused, the rest build.
  const bySlug = new Map<string, T[]>()
  for (const entry of loaded) if (!('error' in entry)) bySlug.set(entry.slug, [...(bySlug.get(entry.slug) ?? []), entry])
  for (const [index, entry] of loaded.entries()) {
    if ('error' in entry) continue
    const others = bySlug.get(entry.slug)!.filter((other) => other !== entry)
    if (others.length === 0) continue
    const also = others.map((other) => formatPlace(other.slugPlace)).join(', ')
    loaded[index] = { path: entry.path, file: entry.file, error: new InputError(`Duplicate slug \`${entry.slug}\`, expected each article to have its own (also used by ${also})`, entry.slugPlace, { code: 'slug' }) }
  }
  const articles: T[] = []
  const refused: ArticleReport[] = []
  for (const entry of loaded) {
    if ('error' in entry) refused.push({ source: entry.file, slug: slugFromPath(entry.path, config.source), editions: [], problems: [entry.error, ...entry.error.problems].map((error) => toProblem(error, entry.file)) })
    else articles.push(entry)
  }
  return { articles, refused }
}

function toProblem(error: InputError, fallback: string): Problem {
  const place: Place = error.place ?? { file: fallback }
  return { file: place.file, line: place.line, column: place.column, message: error.message, ruleId: error.code, severity: 'error' }
}
