import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { LineCounter, parseDocument, isMap, isScalar, type Node as YamlNode } from 'yaml'
import { displayPath, loadConfig } from '../config/load.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { InputError } from '../errors.ts'
import { build } from './build.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { loadEdition, loadSource, type SourceArticle } from '../check/documents.ts'
import { defaultSeverity, isRuleId, ruleIds, type RuleId, type RuleSetting } from '../check/rules.ts'
import type { Finding, RuleMessage, Subject } from '../check/types.ts'
import { checkQuotes } from '../check/quote-verbatim.ts'
import { checkMarkup } from '../check/markup.ts'
import { checkStale, type Regenerated } from '../check/stale.ts'
import { checkUntranslated } from '../check/untranslated.ts'
import { checkCatalogs, type CatalogTermCheck } from '../check/catalog.ts'
import { checkLocales } from '../check/locales.ts'
import { loadGlossaryContext, type GlossaryContext } from '../check/glossary-terms.ts'
import { catalogTerms } from '../check/translation.ts'
import { checkReviewed } from '../check/reviewed.ts'
import { checkGlossary } from '../check/glossary.ts'
import { checkGlossaryTerms } from '../check/glossary-term.ts'
import { checkForbiddenTerms } from '../check/forbidden-term.ts'
import { selectTargets, findArticles, slugFromPath, readArticle } from './articles.ts'
import { guardProject } from '../fs/project-guard.ts'
import { checkNumbers } from '../check/number.ts'
import { checkEngineMarks } from '../check/engine-mark.ts'
import { checkNames } from '../check/name.ts'
import { findSwedishWords, swedishWordCandidates, type SwedishWordCandidate } from '../check/swedish-word.ts'
import { loadNumberFormats } from '../glossary/target.ts'
import type { NumberFormats } from '../glossary/numbers.ts'
import type { NameContext } from '../glossary/names.ts'
import { buildNameContexts } from '../lexicon/names.ts'
import { editionLexicons, lexiconFor, type Lexicon } from '../lexicon/apertium.ts'
import { readCatalog } from '../catalog/store.ts'
import { inShard, type Shard } from './shard.ts'
import { slugsOf } from '../check/shard-slugs.ts'

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
}

export interface CheckResult {
  /** 0: no errors (warnings allowed); 1: errors found. Bad input throws an `InputError` (exit 2). */
  exitCode: 0 | 1
  /** Sorted by file, line, column, rule. */
  findings: Finding[]
  /** Every file checked, with the rules applied to it. */
  subjects: Subject[]
  /** The severity each rule ran with. */
  rules: Record<RuleId, RuleSetting>
  summary: { errors: number; warnings: number; files: number }
}

/**
 * The CI gate: reads sources, glossary, catalogs and the editions under `out`, and reports every
 * way an edition or catalog disagrees with its source or the glossary. Writes nothing, calls no engine.
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const rules = await ruleSettings(config, cwd)
  const on = (rule: RuleId) => rules[rule] !== 'off'
  const outDir = options.out ? resolve(cwd, options.out) : config.paths.out
  const targets = selectTargets(config, options.locales)
  const complete = !options.articles || options.articles.length === 0
  const display = (path: string) => relative(config.root, path).split(sep).join('/')
  const messages: RuleMessage[] = []
  const subjects: Subject[] = []

  const articles: SourceArticle[] = []
  const allPaths = await findArticles(config, options.articles, cwd)
  const articlePaths = inShard(allPaths, display, options.shard)
  // With shards, the glossary, the locales and orphaned files are checked once, in shard 1, which
  // needs the slugs of the other shards' articles to tell an orphan from another shard's file.
  const projectWide = !options.shard || options.shard.index === 1
  const mine = new Set(articlePaths)
  const elsewhere = options.shard && projectWide && complete ? await slugsOf(allPaths.filter((path) => !mine.has(path)), config.source) : new Set<string>()
  await guardProject(config, targets, options.out ? outDir : undefined)
  const sourceBytes = await mapInParallel(articlePaths, (path) => readArticle(config, path, display(path)).catch((error: unknown) => error))
  articlePaths.forEach((path, index) => {
    const bytes = sourceBytes[index]
    const file = display(path)
    try {
      if (!(bytes instanceof Buffer)) throw bytes
      articles.push(loadSource(bytes, file, slugFromPath(path, config.source), config))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      // An article that cannot be used (too deep, an alias bomb, a symlink) is a finding of its own; the others are still checked.
      if (on('article')) for (const problem of [error, ...error.problems]) messages.push({ file: problem.place?.file ?? file, line: problem.place?.line ?? 1, column: problem.place?.column ?? 1, rule: 'article', message: problem.message })
    }
  })
  // The in-memory build reads the same files again; let it run while the editions are read.
  const regenerating = rules.stale !== 'off' ? regenerate(config, options, cwd, articles, targets) : Promise.resolve(new Map<string, Regenerated>())
  regenerating.catch(() => {}) // awaited below; this keeps an early failure from being reported as unhandled
  const editionPaths = targets.flatMap((lang) => articles.map((article) => join(outDir, lang, `${article.slug}.md`)))
  const editionBytes = await readAll(editionPaths)

  const needsGlossary = on('glossary') || on('glossary-term') || on('forbidden-term') || on('catalog') || on('name')
  const glossary = needsGlossary ? await loadGlossaryContext(config, targets) : undefined
  if (glossary && on('glossary') && projectWide) {
    append(messages, checkGlossary(glossary, targets))
    for (const file of glossary.glossary.files) subjects.push({ file: glossary.display(file), kind: 'glossary', rules: ['glossary'] })
  }

  const regenerated = await regenerating
  const drafts = await draftRules(config, articles, targets, on)

  let next = 0
  for (const lang of targets) {
    for (const article of articles) {
      const path = editionPaths[next]!
      const bytes = editionBytes[next++]!
      const file = display(path)
      if (bytes instanceof Error) {
        if (on('missing-edition')) messages.push({ file: article.file, line: 1, column: 1, rule: 'missing-edition', message: `Missing \`${lang}\` edition, expected ${file}; run \`tolk build\`` })
        continue
      }
      const edition = loadEdition(bytes, file, lang, article)
      const applied: RuleId[] = []
      const run = (rule: RuleId, produce: () => RuleMessage[]) => {
        if (!on(rule)) return
        applied.push(rule)
        append(messages, produce())
      }
      let current = true
      run('stale', () => {
        const result = checkStale(edition, regenerated.get(`${lang}/${article.slug}`))
        current = result.current
        return result.messages
      })
      const aligned = edition.blocks.length === article.blocks.length
      if (!aligned && current && on('stale')) {
        messages.push({ file, line: 1, column: 1, rule: 'stale', message: `Edition has ${edition.blocks.length} paragraphs, headings and cells, expected ${article.blocks.length} as in ${article.file}; its blocks cannot be compared with the source` })
      }
      if (current && aligned) {
        run('quote-verbatim', () => checkQuotes(edition, config))
        run('markup', () => checkMarkup(edition))
        run('untranslated', () => checkUntranslated(edition, { source: config.source, keptSpans: glossary ? keptSpans(glossary) : undefined }))
        if (glossary) run('glossary-term', () => checkGlossaryTerms(edition, glossary, { forbiddenReported: on('forbidden-term') }))
        run('number', () => checkNumbers(edition, drafts.formats.get(lang)!))
        run('engine-mark', () => checkEngineMarks(edition))
        // A person's choice in a reviewed translation (`the US` for `USA`) is theirs; these rules look at machine drafts.
        const { machine, admitted } = await drafts.machineUnits(lang, article.slug)
        if (drafts.names) run('name', () => checkNames(edition, drafts.names!, glossary ? glossary.hits : () => [], machine))
        if (drafts.lexicons.has(lang)) {
          applied.push('swedish-word')
          const approved = glossary ? (text: string) => glossary.forms(text, lang).map((form) => [form.start, form.end] as [number, number]) : undefined
          drafts.candidates.get(lang)!.push(...swedishWordCandidates(edition, machine, approved, admitted))
        }
      }
      if (glossary) run('forbidden-term', () => checkForbiddenTerms(edition, glossary))
      subjects.push({ file, kind: 'edition', lang, rules: applied })
    }
    if (complete && projectWide && on('stale')) append(messages, (await orphanedEditions(outDir, lang, articles, elsewhere, display)))
  }

  messages.push(...(await drafts.swedishWords()))

  if (on('catalog')) {
    const result = await checkCatalogs({ config, articles, elsewhere, languages: [config.source, ...targets], complete: complete && projectWide, terms: glossary ? catalogTerms(glossary) : undefined })
    append(messages, result.messages)
    append(subjects, result.subjects)
  }

  if (on('reviewed')) messages.push(...(await checkReviewed({ config, articles, languages: targets })))

  if (on('locales') && projectWide) {
    const localeFile = (lang: string) => {
      const path = join(config.paths.locales, lang, 'tolk.json')
      return { lang, path, file: display(path) }
    }
    append(messages, (await checkLocales(localeFile(config.source), targets.map(localeFile))))
    for (const lang of targets) subjects.push({ file: localeFile(lang).file, kind: 'locale', lang, rules: ['locales'] })
  }

  const findings: Finding[] = messages
    .filter((message) => rules[message.rule] !== 'off')
    .map((message) => ({ ...message, severity: rules[message.rule] === 'error' ? ('error' as const) : ('warning' as const) }))
    .sort(compareFindings)
  const errors = findings.filter((finding) => finding.severity === 'error').length
  subjects.sort((a, b) => a.file.localeCompare(b.file, 'en'))
  return {
    exitCode: errors > 0 ? 1 : 0,
    findings,
    subjects,
    rules,
    summary: { errors, warnings: findings.length - errors, files: new Set([...subjects.map((subject) => subject.file), ...findings.map((finding) => finding.file)]).size },
  }
}

/**
 * What the rules on machine drafts need, read once: each language's number formats, the names of
 * the sources (decided as the build decides them), and the lexicons the swedish-word rule asks,
 * once per language for all its editions' words.
 */
async function draftRules(config: ResolvedConfig, articles: readonly SourceArticle[], targets: readonly string[], on: (rule: RuleId) => boolean) {
  const formats = new Map<string, NumberFormats>()
  for (const lang of targets) formats.set(lang, await loadNumberFormats(config.paths.locales, lang))
  const names: ((unitText: string) => NameContext) | undefined = on('name') ? await buildNameContexts(articles.map((article) => article.segmentation.units.map((unit) => unit.text))) : undefined
  const lexicons = new Map<string, Lexicon[]>()
  const swedish = on('swedish-word') ? await lexiconFor(config.source) : undefined
  const english = await lexiconFor('en')
  if (swedish) {
    for (const lang of targets) {
      const found = await editionLexicons(lang)
      if (found.length > 0 && lang.split('-')[0] !== config.source.split('-')[0]) lexicons.set(lang, found)
    }
  }
  const candidates = new Map<string, SwedishWordCandidate[]>([...lexicons.keys()].map((lang) => [lang, []]))
  return {
    /** Whether a unit's translation in the catalog is a machine one (or has no lock entry saying it was reviewed). */
    async machineUnits(lang: string, slug: string): Promise<{ machine: (key: string) => boolean; admitted: (key: string) => readonly string[] }> {
      const catalog = await readCatalog(config.paths.locales, lang, slug).catch(() => undefined)
      return { machine: (key) => (!catalog || key in catalog.lock ? catalog?.lock[key]?.status !== 'reviewed' : !(key in catalog.entries)), admitted: (key) => catalog?.lock[key]?.unknown ?? [] }
    },
    formats,
    names,
    lexicons,
    candidates,
    async swedishWords(): Promise<RuleMessage[]> {
      const messages: RuleMessage[] = []
      for (const [lang, lexicon] of lexicons) {
        const found = candidates.get(lang)!
        if (found.length === 0) continue
        messages.push(...(await findSwedishWords(found, { target: lexicon, swedish: swedish!, english: lang.split('-')[0] === 'en' ? undefined : english })))
      }
      return messages
    },
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file, 'en') || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule, 'en') || a.message.localeCompare(b.message, 'en')
}

/** Read files a few at a time (the thread pool does the waiting); an unreadable file gives its error. */
function readAll(paths: readonly string[]): Promise<Array<Buffer | Error>> {
  return mapInParallel(paths, (path) => readFile(path).catch((error: Error) => error))
}

/** What the build makes of each article in each language from the committed catalogs, in memory. */
async function regenerate(config: ResolvedConfig, options: CheckOptions, cwd: string, articles: SourceArticle[], targets: string[]): Promise<Map<string, Regenerated>> {
  const result = await build({ cwd, config: options.config, out: options.out, write: false, catalogOnly: true, locales: targets, articles: articles.map((article) => resolve(config.root, article.file)) })
  const regenerated = new Map<string, Regenerated>()
  for (const edition of result.editions) regenerated.set(`${edition.lang}/${edition.slug}`, { markdown: edition.markdown })
  for (const article of result.report.articles) {
    for (const edition of article.editions) {
      if (edition.untranslated.length === 0 || regenerated.has(`${edition.lang}/${article.slug}`)) continue
      const catalog = relative(config.root, join(config.paths.locales, edition.lang, 'articles', `${article.slug}.json`)).split(sep).join('/')
      regenerated.set(`${edition.lang}/${article.slug}`, { untranslated: edition.untranslated.map((entry) => ({ line: entry.line, column: entry.column })), catalog })
    }
  }
  return regenerated
}

/** Spans of `keep` terms in a text: names and acronyms that stay in the source language. */
function keptSpans(context: GlossaryContext): (text: string) => Array<[number, number]> {
  return (text) => context.hits(text).filter((hit) => hit.entry.keep).map((hit) => [hit.start, hit.end] as [number, number])
}

async function orphanedEditions(outDir: string, lang: string, articles: readonly SourceArticle[], elsewhere: ReadonlySet<string>, display: (path: string) => string): Promise<RuleMessage[]> {
  let names: string[]
  try {
    names = await readdir(join(outDir, lang))
  } catch {
    return []
  }
  const slugs = new Set(articles.map((article) => article.slug))
  return names
    .filter((name) => name.endsWith('.md') && !slugs.has(name.slice(0, -'.md'.length)) && !elsewhere.has(name.slice(0, -'.md'.length)))
    .sort()
    .map((name) => ({ file: display(join(outDir, lang, name)), line: 1, column: 1, rule: 'stale' as const, message: `Orphaned edition: no article has the slug \`${name.slice(0, -'.md'.length)}\`, expected it to be removed with its source` }))
}

/** Severities from the config over the defaults; an unknown rule id is bad input with its place. */
async function ruleSettings(config: ResolvedConfig, cwd: string): Promise<Record<RuleId, RuleSetting>> {
  const settings = { ...defaultSeverity }
  if (config.check.requireReviewed) settings.reviewed = 'error'
  const unknown: string[] = []
  for (const [rule, setting] of Object.entries(config.check.rules)) {
    if (isRuleId(rule)) settings[rule] = setting
    else unknown.push(rule)
  }
  if (unknown.length > 0) {
    const problems = await Promise.all(unknown.map(async (rule) => new InputError(`Unknown rule \`${rule}\` at \`check.rules\`, expected one of ${ruleIds.map((id) => `\`${id}\``).join(', ')}`, await placeOfRule(config, rule, cwd), { code: 'config' })))
    const [first, ...rest] = problems
    throw new InputError(first!.message, first!.place, { code: 'config', problems: rest })
  }
  return settings
}

async function placeOfRule(config: ResolvedConfig, rule: string, cwd: string): Promise<{ file: string; line?: number; column?: number }> {
  if (!config.file) return { file: 'tolk.config.yaml' }
  const file = displayPath(config.file, cwd)
  const counter = new LineCounter()
  const document = parseDocument(await readFile(config.file, 'utf8'), { lineCounter: counter })
  const map = document.getIn(['check', 'rules'], true)
  if (isMap(map)) {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === rule)
    const offset = (pair?.key as YamlNode | undefined)?.range?.[0]
    if (offset !== undefined) {
      const at = counter.linePos(offset)
      return { file, line: at.line, column: at.col }
    }
  }
  return { file }
}


/** Push every item of a list that may be huge (one finding per unit of a 20 MB article): a spread would overflow the argument limit. */
function append<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item)
}
