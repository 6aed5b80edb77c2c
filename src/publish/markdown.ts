import { stringify as stringifyYaml } from 'yaml'

/**
 * `--format hugo|astro`: the page as Markdown with the front matter each generator expects on a
 * multilingual site, so a static site can take over. The body is the edition's Markdown as built
 * (footnotes included), its own front matter replaced.
 */

export interface MarkdownPage {
  format: 'hugo' | 'astro'
  lang: string
  slug: string
  title: string
  description?: string
  date?: string
  modified?: string
  url: string
  /** The Markdown after the front matter. */
  body: string
  /** The notices an HTML page would show at the top, in the page's language. */
  notices: readonly string[]
  translation: string
  original?: string
}

export function markdownPage(page: MarkdownPage): string {
  const common = { title: page.title, ...(page.description ? { description: page.description } : {}) }
  // Hugo ties a page's languages by `translationKey`; `lang` is kept for templates (Hugo reads the language from the folder).
  const frontmatter =
    page.format === 'hugo'
      ? { ...common, ...(page.date ? { date: page.date } : {}), ...(page.modified ? { lastmod: page.modified } : {}), slug: page.slug, translationKey: page.slug, lang: page.lang, params: tolkParams(page) }
      : { ...common, ...(page.date ? { pubDate: page.date } : {}), ...(page.modified ? { updatedDate: page.modified } : {}), slug: page.slug, lang: page.lang, translationKey: page.slug, canonical: page.url, tolk: tolkParams(page) }
  return `---\n${stringifyYaml(frontmatter, { lineWidth: 0 })}---\n\n${page.body.replace(/^\n+/, '')}`
}

function tolkParams(page: MarkdownPage) {
  return { translation: page.translation, ...(page.original ? { original: page.original } : {}), notices: [...page.notices] }
}
