import { join, relative } from 'node:path'
import type { ResolvedConfig } from '../config/schema.ts'
import { plainText } from '../document/placeholders.ts'
import { renderEdition } from '../document/render.ts'
import { courtesyKey, type CourtesyTranslation } from '../catalog/courtesy.ts'
import type { Answer } from '../translate/run.ts'
import type { TermHitRecord, TermProtector } from '../glossary/protection.ts'
import type { Article } from './article.ts'
import { toPosix } from './articles.ts'
import type { EditionReport, Problem } from './report.ts'
import { compareSwedish } from './order.ts'

export interface EditionInput {
  config: ResolvedConfig
  outDir: string
  lang: string
  /** The unit answers of this article's edition (`LanguageCatalogs.answersFor`). */
  answers: Pick<ReadonlyMap<string, Answer>, 'get'>
  failures: ReadonlyArray<{ key: string; engine: string; problem: string }>
  /** tolk's own strings in the edition's language. */
  t: (key: string, options?: Record<string, unknown>) => string
  courtesy?: ReadonlyMap<string, CourtesyTranslation>
  protect?: TermProtector
}

/** Where an article's edition in a language is written. */
export function editionPath(outDir: string, lang: string, slug: string): string {
  return join(outDir, lang, `${slug}.md`)
}

/**
 * One article's edition in one language, and its report: units counted by where their answer came
 * from, terms applied with their places in the source, quotations kept. No Markdown when a unit has
 * no translation (the edition is not written; the report lists the units). Writes nothing.
 */
export function produceEdition(article: Article, input: EditionInput): { edition: EditionReport; markdown?: string; warnings: Problem[] } {
  const { config, lang, answers, protect, t } = input
  const units = article.segmentation.units
  const edition: EditionReport = {
    lang,
    path: toPosix(relative(config.root, editionPath(input.outDir, lang, article.slug))),
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
  const engines = new Set<string>()
  const unknown = new Set<string>()
  const warnings: Problem[] = []
  const listed = new Set<string>()
  for (const unit of units) {
    const answer = answers.get(unit.key)
    if (!answer) {
      if (!listed.has(unit.key)) {
        listed.add(unit.key)
        const problems = (failuresByKey(input.failures).get(unit.key) ?? []).map((failure) => `${failure.engine}: ${failure.problem}`)
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
    let cursor = article.lines.offsetOf(unit.line, unit.column)
    for (const hit of answer.terms ?? protect?.(unit.text, lang).hits ?? []) {
      const found = article.text.indexOf(hit.source, cursor)
      const place = found >= 0 ? article.lines.at(found) : { line: unit.line, column: unit.column }
      if (found >= 0) cursor = found + hit.source.length
      edition.terms.push(termRecord(hit, place))
      if (hit.compound && !plainText(answer.text).toLowerCase().includes(hit.target.toLowerCase())) {
        const message = `Closed compound \`${hit.source}\` of glossary term \`${hit.entry}\`: the ${lang} translation does not use the approved \`${hit.target}\`; a reviewer should look`
        warnings.push({ file: article.file, ...place, message, ruleId: 'term-compound', severity: 'warning' })
      }
    }
    for (const word of answer.unknownWords ?? []) unknown.add(word)
  }
  edition.engines = [...engines].sort()
  edition.unknownWords = [...unknown].sort(compareSwedish)
  if (edition.units.untranslated > 0) return { edition, warnings }

  const flag = config.quotes.flag === 'footnote'
  const courtesyOf = (text: string): CourtesyTranslation[] => {
    const translation = input.courtesy?.get(courtesyKey(text))
    return translation ? [translation] : []
  }
  const rendered = renderEdition(article.parsed.tree, article.segmentation, {
    translations,
    frontmatter: editionFrontmatter(article, lang, edition, flag, t('edition.notice')),
    quoteFlag: flag ? { text: (quote) => [t('quote.flag'), ...courtesyOf(quote.text).map(({ translation, reviewed }) => t(reviewed ? 'quote.courtesy_reviewed' : 'quote.courtesy', { translation }))] } : undefined,
  })
  // Built key by key rather than spread together (a spread object takes several times the memory).
  edition.quotes = article.segmentation.quotes.map((quote) => {
    const record: EditionReport['quotes'][number] = { text: quote.text, line: quote.line, column: quote.column } as EditionReport['quotes'][number]
    if (rendered.lines.has(quote.index)) record.editionLine = rendered.lines.get(quote.index)
    if (rendered.flags.has(quote.index)) record.flag = rendered.flags.get(quote.index)
    const courtesy = flag ? courtesyOf(quote.text)[0] : undefined
    if (courtesy) record.courtesy = courtesy.translation
    record.status = 'verbatim'
    return record
  })
  return { edition, markdown: rendered.markdown, warnings }
}

const hitKeys: ReadonlySet<string> = new Set(['entry', 'source', 'target', 'fallback', 'compound'])

/**
 * A term hit at its place, its keys in the order the report is written in (sorted): a build of
 * 10,000 articles lists over a million, and writing the report would otherwise copy each one to
 * sort its keys. A hit with a key this does not know is copied as it is.
 */
function termRecord(hit: TermHitRecord, place: { line: number; column: number }): EditionReport['terms'][number] {
  for (const key in hit) if (!hitKeys.has(key)) return { ...hit, ...place }
  // Whole object literals: an object spread together takes about four times the memory.
  const { column, line } = place
  const [entry, source, target] = [shared(hit.entry), shared(hit.source), shared(hit.target)]
  const { compound, fallback } = hit
  if (compound === undefined && fallback === undefined) return { column, entry, line, source, target }
  if (fallback === undefined) return { column, compound, entry, line, source, target }
  if (compound === undefined) return { column, entry, fallback, line, source, target }
  return { column, compound, entry, fallback, line, source, target }
}

const sharedStrings = new Map<string, string>()

/**
 * One copy of each term string for all the report's records: a hit's `source` is cut out of its
 * unit's text, and would otherwise hold that whole text for as long as the report is held.
 */
function shared(text: string): string {
  let one = sharedStrings.get(text)
  if (one === undefined) {
    if (sharedStrings.size >= 100_000) sharedStrings.clear()
    // A copy of its own, not a slice of the unit's text.
    one = text.length < 13 ? text : JSON.parse(JSON.stringify(text)) as string
    sharedStrings.set(one, one)
  }
  return one
}

/**
 * tolk's own strings in one language with each lookup remembered: every edition asks for the same
 * few (the notice, the quotation flag), and i18next's `t` costs tens of microseconds a call.
 */
export function rememberStrings(t: EditionInput['t']): EditionInput['t'] {
  const memo = new Map<string, string>()
  return (key, options) => {
    const memoKey = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`
    let text = memo.get(memoKey)
    if (text === undefined) {
      text = t(key, options)
      if (memo.size >= 10_000) memo.clear()
      memo.set(memoKey, text)
    }
    return text
  }
}

type Failure = EditionInput['failures'][number]
const failureIndex = new WeakMap<EditionInput['failures'], { length: number; byKey: Map<string, Failure[]> }>()

/** A language's failures by unit key, made once for all its articles: looking each unit up in the whole list is quadratic in a large article. */
function failuresByKey(failures: EditionInput['failures']): Map<string, Failure[]> {
  const cached = failureIndex.get(failures)
  if (cached?.length === failures.length) return cached.byKey
  const byKey = new Map<string, Failure[]>()
  for (const failure of failures) {
    const list = byKey.get(failure.key)
    if (list) list.push(failure)
    else byKey.set(failure.key, [failure])
  }
  failureIndex.set(failures, { length: failures.length, byKey })
  return byKey
}

/** The source's front matter (tolk's own keys left out) and what the edition says about itself. */
function editionFrontmatter(article: Article, lang: string, edition: EditionReport, flag: boolean, notice: string): Record<string, unknown> {
  const frontmatter: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(article.parsed.frontmatter)) if (key !== 'tolk' && key !== 'lang') frontmatter[key] = value
  return Object.assign(frontmatter, {
    lang,
    source: article.file,
    source_sha256: article.sha256,
    engines: edition.engines,
    quotes_flagged: flag ? article.segmentation.quotes.filter((quote) => quote.field === undefined).length : 0,
    // Counts only: who reviewed and when stay in the lock files, so editions stay byte-identical.
    units_reviewed: edition.review.reviewed,
    units_machine: edition.review.machine,
    notice,
  })
}
