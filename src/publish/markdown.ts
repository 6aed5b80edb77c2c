import type { Nodes, Parent, Root } from 'mdast'
import { stringify as stringifyYaml } from 'yaml'
import { stringifyTree } from '../document/parse.ts'

/**
 * `--format hugo|astro`: the page as Markdown with the front matter each generator expects on a
 * multilingual site, so a static site can take over. The body is the edition's Markdown as built
 * (footnotes included), its own front matter replaced. Raw HTML and links other than http(s),
 * mailto and relative ones are taken out, since a generator may render them as they stand.
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
  /** The page's Markdown tree; its front matter is replaced, raw HTML and unsafe links are taken out. */
  tree: Root
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
  const body = safeTree(page.tree)
  body.children.unshift({ type: 'yaml', value: stringifyYaml(frontmatter, { lineWidth: 0 }).trimEnd() })
  return stringifyTree(body)
}

function tolkParams(page: MarkdownPage) {
  return { translation: page.translation, ...(page.original ? { original: page.original } : {}), notices: [...page.notices] }
}

/** A copy of the tree without front matter, raw HTML, or links and images to URLs a page must not carry. */
function safeTree(tree: Root): Root {
  const clean = (node: Nodes): Nodes[] => {
    if (node.type === 'html' || node.type === 'yaml') return []
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && !safeUrl(node.url)) {
      if (node.type === 'link') return node.children.flatMap((child) => clean(child))
      if (node.type === 'definition') return [{ ...node, url: '' }]
      return [{ type: 'text', value: node.alt ?? '' }]
    }
    if ('children' in node) return [{ ...node, children: (node as Parent).children.flatMap((child) => clean(child as Nodes)) } as Nodes]
    return [node]
  }
  return clean(tree)[0] as Root
}

/** Relative URLs, fragments and http(s) or mailto ones; browsers ignore control characters and spaces inside a scheme. */
export function safeUrl(url: string): boolean {
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '')
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase()
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto'
}
