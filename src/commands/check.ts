import { readFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { loadConfig } from './config.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { InputError } from '../errors.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { throttledProgress } from './progress.ts'
import { createI18n, translatorFor } from '../i18n/index.ts'
import { loadArticle, type Article } from '../project/article.ts'
import { selectTargets, findArticles, readArticle } from '../project/articles.ts'
import { guardProject } from '../project/project-guard.ts'
import { inShard, type Shard } from '../project/shard.ts'
import { slugsOf } from '../check/shard-slugs.ts'
import { editionsFromCatalogs } from '../project/catalog-editions.ts'
import { loadLanguageFormats, loadProjectGlossary, protectorOf, type LanguageFormats, type ProjectGlossary } from '../project/glossary.ts'
import { readCatalog, type Catalog } from '../catalog/store.ts'
import { checkRules } from '../check/index.ts'
import { CheckFiles, findingsOf, subjectsOf, summaryOf } from '../check/files.ts'
import { loadEdition } from '../check/documents.ts'
import { glossaryContext, type GlossaryContext } from '../check/glossary-terms.ts'
import { builtFromCurrentSource } from '../check/stale.ts'
import type { CheckContext, CheckReport, RuleMessage, EditionSlot, Finding, Regenerated, RuleId, RuleSetting, Subject } from '../check/types.ts'

export interface CheckOptions {
  /** Config file. Default: `tolk.config.yaml` in `cwd`, or built-in defaults when there is none. */
  config?: string
  cwd?: string
  /** Folder of the editions, overriding the config's `out`. */
  out?: string
  /** Target languages to check. Default: every target of the config. */
  locales?: string[]
  /** Articles to check. Default: every `*.<source>.md` in the articles folder (and then orphaned catalogs and editions are findings too). */
  articles?: string[]
  /** Check only the articles of this shard, as `build --shard` builds them; the project-wide rules run in shard 1. */
  shard?: Shard
  /** How far the check has come: articles read, then the rules run (`rule`: the one running now). */
  onProgress?: (event: CheckProgress) => void
}

/**
 * - `read`: articles read and parsed;
 * - `rule`: rules run so far, and the one running now (none in the last count), at each rule's start.
 * Reading's first and last counts always come; the ones between at most every 100 ms.
 */
export type CheckProgress = { step: 'read'; done: number; total: number } | { step: 'rule'; rule?: RuleId; done: number; total: number }

export interface CheckResult extends CheckReport {
  /** 0: no errors (warnings allowed); 1: errors found. Bad input throws an `InputError` (exit 2). */
  exitCode: 0 | 1
}

/**
 * The CI gate: reads sources, glossary, catalogs and the editions under `out`, and reports every
 * way an edition or catalog disagrees with its source or the glossary. Writes nothing, calls no
 * engine. Every registered rule (`src/check/index.ts`) runs over the same loaded documents.
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const rules = ruleSettings(config)
  const outDir = options.out ? resolve(cwd, options.out) : config.paths.out
  const targets = selectTargets(config, options.locales)
  const display = (path: string) => relative(config.root, path).split(sep).join('/')

  const complete = !options.articles || options.articles.length === 0
  const allPaths = await findArticles(config, options.articles, cwd)
  const articlePaths = inShard(allPaths, display, options.shard)
  // With shards, the glossary, the locales and orphaned files are checked once, in shard 1, which
  // needs the slugs of the other shards' articles to tell an orphan from another shard's file.
  const projectWide = !options.shard || options.shard.index === 1
  const mine = new Set(articlePaths)
  const elsewhere = options.shard && projectWide && complete ? await slugsOf(allPaths.filter((path) => !mine.has(path)), config.source) : new Set<string>()
  await guardProject(config, targets, options.out ? outDir : undefined)
  const articles: Article[] = []
  const refused: RuleMessage[] = []
  const progress = throttledProgress(options.onProgress, (event) => event.step)
  let read = 0
  progress({ step: 'read', done: 0, total: articlePaths.length })
  const sourceBytes = await mapInParallel(articlePaths, (path) =>
    readArticle(config, path, display(path))
      .catch((error: unknown) => error)
      .finally(() => progress({ step: 'read', done: ++read, total: articlePaths.length })),
  )
  articlePaths.forEach((path, index) => {
    const bytes = sourceBytes[index]
    const file = display(path)
    try {
      if (!(bytes instanceof Buffer)) throw bytes
      articles.push(loadArticle(bytes, path, file, config))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      for (const problem of [error, ...error.problems]) refused.push({ file: problem.place?.file ?? file, line: problem.place?.line ?? 1, column: problem.place?.column ?? 1, message: problem.message })
    }
  })
  const pairs = targets.flatMap((lang) => articles.map((article) => ({ lang, article, path: join(outDir, lang, `${article.slug}.md`) })))
  const editionBytes = await readAll(pairs.map((pair) => pair.path))
  const editions: EditionSlot[] = pairs.map(({ lang, article, path }, index) => {
    const bytes = editionBytes[index]!
    const file = display(path)
    if (bytes instanceof Error) return { lang, article, file, comparable: false }
    const edition = loadEdition(bytes, file, lang, article)
    return { lang, article, file, edition, comparable: builtFromCurrentSource(edition) && edition.blocks.length === article.blocks.length }
  })

  let project: Promise<ProjectGlossary> | undefined
  const projectGlossary = () => (project ??= loadProjectGlossary(config, targets))
  let glossary: Promise<GlossaryContext> | undefined
  let formats: Promise<LanguageFormats> | undefined
  const catalogs = new Map<string, Promise<Catalog | undefined>>()
  let regenerated: Promise<Map<string, Regenerated>> | undefined
  const checkFiles = new CheckFiles()
  for (const slot of editions) if (slot.edition) checkFiles.checked({ file: slot.file, kind: 'edition', lang: slot.lang })

  const running = checkRules.filter((rule) => rules[rule.id] !== 'off')
  for (const [index, rule] of running.entries()) {
    const setting = rules[rule.id]!
    // Each rule's start is told (a few dozen), so the one named is the one running.
    options.onProgress?.({ step: 'rule', rule: rule.id, done: index, total: running.length })
    const context: CheckContext = {
      config,
      targets,
      outDir,
      complete,
      projectWide,
      elsewhere,
      articles,
      refused,
      editions,
      isOn: (id) => rules[id] !== 'off',
      display,
      glossary: () => (glossary ??= projectGlossary().then((loaded) => glossaryContext(loaded))),
      regenerated: () => (regenerated ??= regenerate(config, outDir, articles, targets, projectGlossary)),
      formats: () => (formats ??= project ? project : loadLanguageFormats(config.paths.locales, targets)),
      catalog: (lang, slug) => {
        const key = `${lang}/${slug}`
        if (!catalogs.has(key)) catalogs.set(key, readCatalog(config.paths.locales, lang, slug).catch(() => undefined))
        return catalogs.get(key)!
      },
      checked: (subject) => checkFiles.checked(subject, rule.id),
    }
    const severity = setting === 'error' ? 'error' : 'warning'
    for (const message of await rule.check(context)) checkFiles.report(rule.id, severity, message)
  }
  options.onProgress?.({ step: 'rule', done: running.length, total: running.length })

  const files = checkFiles.list()
  const summary = summaryOf(files)
  return { exitCode: summary.errors > 0 ? 1 : 0, files, findings: findingsOf(files), subjects: subjectsOf(files), rules, summary }
}

export { compareFindings } from '../check/files.ts'

/** Read files a few at a time (the thread pool does the waiting); an unreadable file gives its error. */
function readAll(paths: readonly string[]): Promise<Array<Buffer | Error>> {
  return mapInParallel(paths, (path) => readFile(path).catch((error: Error) => error))
}

/** What the build makes of each article in each language from the committed catalogs, in memory, from the articles already loaded. */
async function regenerate(config: ResolvedConfig, outDir: string, articles: readonly Article[], targets: readonly string[], projectGlossary: () => Promise<ProjectGlossary>): Promise<Map<string, Regenerated>> {
  const protect = protectorOf(await projectGlossary())
  const { i18n } = await createI18n(config.paths.locales, targets)
  const regenerated = new Map<string, Regenerated>()
  for (const lang of targets) {
    for (const { article, edition, markdown } of await editionsFromCatalogs({ config, outDir, lang, articles, protect, t: translatorFor(i18n, lang) })) {
      if (markdown !== undefined) regenerated.set(`${lang}/${article.slug}`, { markdown })
      else {
        const catalog = relative(config.root, join(config.paths.locales, lang, 'articles', `${article.slug}.json`)).split(sep).join('/')
        regenerated.set(`${lang}/${article.slug}`, { untranslated: edition.untranslated.map((entry) => ({ line: entry.line, column: entry.column })), catalog })
      }
    }
  }
  return regenerated
}

/** Severities from the config over the rules' defaults (the config schema has refused unknown rule ids). */
function ruleSettings(config: ResolvedConfig): Record<RuleId, RuleSetting> {
  const settings: Record<RuleId, RuleSetting> = Object.fromEntries(checkRules.map((rule) => [rule.id, typeof rule.defaultSeverity === 'function' ? rule.defaultSeverity(config) : rule.defaultSeverity]))
  for (const [rule, setting] of Object.entries(config.check.rules)) if (setting) settings[rule] = setting
  return settings
}
