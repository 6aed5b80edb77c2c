import type { Element, ElementContent, Nodes, Properties, Root } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import { h } from 'hastscript'
import { raw } from 'hast-util-raw'
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize'
import { toString as mdastToString } from 'mdast-util-to-string'
import { unified } from 'unified'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import { markQuotations, type QuotePart } from './quotes.ts'
import { jsonLdText } from './jsonld.ts'

/**
 * One HTML5 page of an article in one language: the article's tree through remark-rehype, raw
 * HTML from the article re-parsed and sanitized, the kept quotations marked with their language,
 * then tolk's own, trusted frame around it (head with title, description, canonical, hreflang
 * alternates and JSON-LD; notices; language links) and rehype-stringify. Everything from the
 * article is text in the tree, so it is escaped on output.
 */

export interface PageAlternate {
  lang: string
  url: string
  /** The language's name in itself, for the language links. */
  name: string
}

export interface PageStrings {
  /** Heading of the footnotes. */
  footnotes: string
  /** Label of a footnote's link back to the text, by the reference's number (from 1). */
  backToReference: (number: number) => string
  /** Label of the language links. */
  languages: string
}

export interface PageInput {
  lang: string
  /** The article's Markdown tree (front matter nodes are ignored). */
  tree: MdastRoot
  title: string
  description?: string
  url: string
  /** Every language of the article, this page's included, in a fixed order. */
  alternates: readonly PageAlternate[]
  /** The URL of the original, the `x-default` alternate. */
  xDefault: string
  jsonLd: unknown
  /** Notes at the top of the article (translation notice, updated note), in the page's language. */
  notices: ReadonlyArray<{ kind: string; text: string }>
  /** `YYYY-MM-DD` and how it reads in the page's language. */
  date?: { iso: string; text: string }
  siteName?: string
  strings: PageStrings
  /** The article's kept quotations, their language, and the footnote label of each (when flagged). */
  quotes: { parts: readonly QuotePart[]; lang: string; footnote?: (index: number) => string | undefined }
}

/** Attributes that HTML5 calls obsolete are not let through from an article's raw HTML (the Nu checker rejects them). */
const obsolete = new Set(['align', 'axis', 'border', 'cellPadding', 'cellSpacing', 'char', 'charOff', 'charSet', 'clear', 'color', 'compact', 'frame', 'hSpace', 'noHref', 'noShade', 'noWrap', 'rev', 'rules', 'summary', 'vAlign', 'longDesc'])
const schema: Schema = {
  ...defaultSchema,
  attributes: Object.fromEntries(
    Object.entries(defaultSchema.attributes ?? {}).map(([tag, list]) => [tag, list.filter((entry) => !obsolete.has(typeof entry === 'string' ? entry : entry[0]))]),
  ),
}
// Table alignment from GFM is kept, as the property the page turns into a style.
schema.attributes!.td = [...(schema.attributes!.td ?? []), 'align']
schema.attributes!.th = [...(schema.attributes!.th ?? []), 'align']

const style = [
  'body{font-family:Georgia,serif;line-height:1.5;max-width:42rem;margin:0 auto;padding:1rem}',
  'q.tolk-quote::before,q.tolk-quote::after{content:none}',
  '.tolk-notice{font-size:.9em;border-left:.25rem solid #999;padding-left:.5rem}',
  '.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}',
  'nav ul{list-style:none;padding:0;display:flex;gap:1rem}',
].join('')

const rtl = new Set(['ar', 'dv', 'fa', 'he', 'ps', 'ur', 'yi'])

/** The two steps a page takes through unified: Markdown tree to HTML tree, HTML tree to text. */
interface PageProcessor {
  runSync(tree: MdastRoot): Root
  stringify(tree: Root): string
}

const processors = new Map<string, PageProcessor>()

/** remark-rehype and rehype-stringify, with the footnote labels of one language (made once per language). */
function processorFor(lang: string, strings: PageStrings): PageProcessor {
  let processor = processors.get(lang)
  if (!processor) {
    processor = unified()
      .use(remarkRehype, {
        allowDangerousHtml: true,
        // Ids get their `user-content-` prefix from the sanitizer, once.
        clobberPrefix: '',
        footnoteLabel: strings.footnotes,
        footnoteBackLabel: (reference: number) => strings.backToReference(reference + 1),
      })
      .use(rehypeStringify)
      .freeze() as unknown as PageProcessor
    processors.set(lang, processor)
  }
  return processor
}

export function renderPage(input: PageInput): string {
  const processor = processorFor(input.lang, input.strings)
  let content = processor.runSync(input.tree) as Root
  if (hasRaw(content)) content = raw(content) as Root
  content = sanitize(content, schema) as Root
  relinkFragments(content)
  presentTables(content)

  const article = h('article', [])
  for (const notice of input.notices) article.children.push(h('p', { className: ['tolk-notice', `tolk-${notice.kind}`], role: 'note' }, notice.text))
  const body = content.children.filter((node): node is ElementContent => node.type !== 'doctype')
  const ownHeading = body.find((node) => node.type === 'element')
  if (!(ownHeading?.type === 'element' && ownHeading.tagName === 'h1')) article.children.push(h('h1', input.title))
  if (input.date) article.children.push(h('p', { className: ['tolk-date'] }, [h('time', { dateTime: input.date.iso }, input.date.text)]))
  for (const node of body) article.children.push(node)

  const ids = new Set<string>()
  collectIds(article, ids)
  markQuotations(article, input.quotes.parts, {
    lang: input.quotes.lang,
    describedBy: (index) => {
      const label = input.quotes.footnote?.(index)
      const id = label === undefined ? undefined : `user-content-fn-${label}`
      return id && ids.has(id) ? id : undefined
    },
  })

  const head: ElementContent[] = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', input.siteName ? `${input.title} – ${input.siteName}` : input.title),
    ...(input.description ? [h('meta', { name: 'description', content: input.description })] : []),
    h('link', { rel: 'canonical', href: input.url }),
    ...input.alternates.map((alternate) => h('link', { rel: 'alternate', hrefLang: alternate.lang, href: alternate.url })),
    h('link', { rel: 'alternate', hrefLang: 'x-default', href: input.xDefault }),
    h('style', style),
    h('script', { type: 'application/ld+json' }, jsonLdText(input.jsonLd)),
  ]
  const languages = h('nav', { ariaLabel: input.strings.languages }, [
    h(
      'ul',
      input.alternates.map((alternate) =>
        h('li', [h('a', { href: alternate.url, hrefLang: alternate.lang, lang: alternate.lang, ...(alternate.lang === input.lang ? { ariaCurrent: 'page' } : {}) }, alternate.name)]),
      ),
    ),
  ])
  const header = h('header', [...(input.siteName ? [h('p', { className: ['tolk-site'] }, input.siteName)] : []), languages])
  const htmlProperties: Properties = { lang: input.lang, ...(rtl.has(input.lang.split('-')[0]!) ? { dir: 'rtl' } : {}) }
  const document: Root = {
    type: 'root',
    children: [{ type: 'doctype' }, { type: 'text', value: '\n' }, h('html', htmlProperties, [h('head', lines(head)), h('body', lines([header, h('main', [article])]))])],
  }
  return `${processor.stringify(document)}\n`
}

/** One element per line in head and body, so pages diff well. */
function lines(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node) => [{ type: 'text', value: '\n' } as const, node]).concat({ type: 'text', value: '\n' })
}

function hasRaw(node: Nodes): boolean {
  if (node.type === 'raw') return true
  return 'children' in node && node.children.some((child) => hasRaw(child as Nodes))
}

function collectIds(node: Nodes, ids: Set<string>): void {
  if (node.type === 'element' && typeof node.properties.id === 'string') ids.add(node.properties.id)
  if ('children' in node) for (const child of node.children) collectIds(child as Nodes, ids)
}

/** In-page links (`#fn-1`) point at the sanitized ids (`user-content-fn-1`) when such an element exists. */
function relinkFragments(tree: Root): void {
  const ids = new Set<string>()
  collectIds(tree, ids)
  const walk = (node: Nodes) => {
    if (node.type === 'element' && typeof node.properties.href === 'string' && node.properties.href.startsWith('#')) {
      const target = `user-content-${decodeURIComponent(node.properties.href.slice(1))}`
      if (ids.has(target)) node.properties.href = `#${target}`
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(tree)
}

/** GFM's column alignment as a style (the `align` attribute is obsolete in HTML5). */
function presentTables(node: Nodes): void {
  if (node.type === 'element' && (node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
    const align = node.properties.align
    delete node.properties.align
    if (['left', 'right', 'center'].includes(align)) node.properties.style = `text-align:${align}`
  }
  if ('children' in node) for (const child of node.children) presentTables(child as Nodes)
}

/** The first paragraph's text, cut at a word near `limit` characters: a description for a page that has none. */
export function summaryOf(tree: MdastRoot, limit = 160): string | undefined {
  const paragraph = tree.children.find((node) => node.type === 'paragraph')
  if (!paragraph) return undefined
  // Footnote references and raw HTML have no text here; inline code keeps its own.
  const text = mdastToString(paragraph, { includeImageAlt: false, includeHtml: false }).replace(/\s+/g, ' ').trim()
  if (text.length <= limit) return text || undefined
  const cut = text.slice(0, limit)
  const space = cut.lastIndexOf(' ')
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, '')}…`
}
