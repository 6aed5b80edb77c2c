import { courtesyTranslations, type CourtesyTranslation } from '../catalog/courtesy.ts'
import { plainText } from '../document/placeholders.ts'
import type { ArticleUnits } from './article.ts'

/**
 * `quotes.courtesy`: each kept quotation is also translated for its footnote, as extra units through
 * the language's chain (`translate`), stored in `locales/<lng>/quotes/`. They never join an
 * edition's units or catalog. Without `translate` (catalog-only, as `check` renders) only the
 * stored ones are used.
 */
export function courtesyFor(options: {
  localesDir: string
  lang: string
  articles: readonly ArticleUnits[]
  write: boolean
  translate?: (units: Array<{ key: string; text: string; slots: ReadonlyMap<number, never> }>) => Promise<ReadonlyMap<string, { text: string; engine: string }>>
}): Promise<Map<string, CourtesyTranslation>> {
  const { translate } = options
  return courtesyTranslations({
    localesDir: options.localesDir,
    lang: options.lang,
    articles: options.articles.map((article) => ({ slug: article.slug, quotes: article.segmentation.quotes })),
    write: options.write,
    translate: translate && (async (units) => new Map([...(await translate(units))].map(([key, answer]) => [key, { text: plainText(answer.text), engine: answer.engine }]))),
  })
}
