import type { NewsArticle, Organization, WithContext } from 'schema-dts'

/**
 * The JSON-LD `NewsArticle` of a page (schema.org types from schema-dts), and the `<script>` text
 * that carries it safely inside HTML.
 */

export interface ArticleFacts {
  url: string
  lang: string
  headline: string
  description?: string
  datePublished?: string
  dateModified?: string
  siteName?: string
  image?: string
  /** For an edition: the original's URL and language. */
  original?: { url: string; lang: string; headline: string }
  /** For an edition: who translated it. */
  translators?: Organization[]
}

export function newsArticle(facts: ArticleFacts): WithContext<NewsArticle> {
  const publisher: Organization | undefined = facts.siteName ? { '@type': 'Organization', name: facts.siteName } : undefined
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': facts.url,
    url: facts.url,
    mainEntityOfPage: facts.url,
    headline: facts.headline,
    ...(facts.description ? { description: facts.description } : {}),
    inLanguage: facts.lang,
    ...(facts.datePublished ? { datePublished: facts.datePublished } : {}),
    ...(facts.dateModified ?? facts.datePublished ? { dateModified: facts.dateModified ?? facts.datePublished } : {}),
    ...(facts.image ? { image: facts.image } : {}),
    ...(publisher ? { publisher } : {}),
    ...(facts.original
      ? {
          translationOfWork: { '@type': 'NewsArticle', '@id': facts.original.url, url: facts.original.url, inLanguage: facts.original.lang, headline: facts.original.headline },
          ...(facts.translators && facts.translators.length > 0 ? { translator: facts.translators } : {}),
        }
      : {}),
  }
}

/** JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped, so no text can close the element. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
