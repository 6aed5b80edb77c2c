/**
 * `manifest.json`: what was published, per article and language, with the provenance of each
 * edition. The previous manifest is read back on the next run, so the source hash a page was first
 * published with is kept, and a correction of the source after that is noticed.
 */

export type TranslationState = 'original' | 'machine' | 'partly-reviewed' | 'reviewed'

export interface ManifestPage {
  lang: string
  url: string
  /** The page's file under the output folder, POSIX-style. */
  path: string
  /** SHA-256 of the source the page was made from (for an edition: the one its front matter names). */
  sourceHash: string
  /** SHA-256 of the source when this page was first published. */
  firstPublishedSourceHash: string
  /** The source changed after this page was first published: a correction; the page carries an "updated" note. */
  sourceChanged: boolean
  /** The page was made from the source as it is now (false: an edition still waiting for a rebuild). */
  current: boolean
  translation: TranslationState
  /** Machine engines behind the text, from the catalog's lock. */
  engines: string[]
  /** Units a person reviewed ÷ units, 0 to 1. */
  reviewedShare: number
  /** The repository's commit the page was published from, when the project is a git work tree. */
  commit?: string
}

export interface ManifestArticle {
  source: string
  /** SHA-256 of the source file now. */
  sourceHash: string
  /** The key that ties the languages of one article together (the slug). */
  translationKey: string
  /** The article's last modification date (front-matter `modified`, `updated` or `date`), for the sitemap. */
  modified?: string
  /** The original first, then the editions in the config's order. */
  pages: ManifestPage[]
}

export interface Manifest {
  baseUrl: string
  format: 'html' | 'hugo' | 'astro'
  siteName?: string
  commit?: string
  /** By slug. */
  articles: Record<string, ManifestArticle>
}

/** The hash a page was first published with, from the previous manifest when it lists the page. */
export function firstPublished(previous: Manifest | undefined, slug: string, lang: string, otherwise: string): string {
  const page = previous?.articles[slug]?.pages.find((entry) => entry.lang === lang)
  return typeof page?.firstPublishedSourceHash === 'string' ? page.firstPublishedSourceHash : otherwise
}
