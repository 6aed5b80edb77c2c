import type { ResolvedConfig } from '../config/schema.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { translateChain } from '../translate/run.ts'
import type { TermProtector } from '../glossary/protection.ts'
import type { Article } from './article.ts'
import { LanguageCatalogs } from './catalogs.ts'
import { courtesyFor } from './courtesy.ts'
import { produceEdition, rememberStrings } from './edition.ts'
import type { EditionReport } from './report.ts'

/**
 * Each article's edition in a language as the committed catalogs produce it now, calling no engine
 * and writing nothing: what `check` compares the editions on disk with. The same precedence,
 * courtesy translations and rendering as `build`.
 */
export async function editionsFromCatalogs(options: {
  config: ResolvedConfig
  outDir: string
  lang: string
  articles: readonly Article[]
  protect?: TermProtector
  t: (key: string, options?: Record<string, unknown>) => string
}): Promise<Array<{ article: Article; edition: EditionReport; markdown?: string }>> {
  const { config, lang, articles } = options
  const catalogs = await LanguageCatalogs.read(config.paths.locales, lang, articles, options.protect)
  await catalogs.lend()
  const outcome = await translateChain({ source: config.source, target: lang, units: [...catalogs.jobs.values()], chain: ['catalog'], engines: new Map(), lookup: (key) => catalogs.lookup(key), protect: options.protect })
  const t = rememberStrings(options.t)
  const courtesy = config.quotes.courtesy ? await courtesyFor({ localesDir: config.paths.locales, lang, articles, write: false }) : undefined
  return mapInParallel(articles, async (article) => ({ article, ...produceEdition(article, { config, outDir: options.outDir, lang, answers: catalogs.answersFor(article, outcome.answers), failures: outcome.failures, t, courtesy, protect: options.protect }) }))
}
