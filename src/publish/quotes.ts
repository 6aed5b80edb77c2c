import type { Element, ElementContent, Nodes, Parents, Root } from 'hast'
import type { PhrasingContent } from 'mdast'
import { toHast } from 'mdast-util-to-hast'
import { toString } from 'hast-util-to-string'
import type { QuoteAtom } from '../document/placeholders.ts'
import type { QuoteRecord, Segmentation } from '../document/segment.ts'
import { tokensToNodes } from '../document/render.ts'

/**
 * Marking the kept quotations of a page with their language. An edition carries each quotation
 * byte-for-byte as in the source, so its text is found again in the page's tree: each part is
 * wrapped in `<q lang="sv">` (a quotation that is a whole blockquote gets `lang` on the
 * blockquote), and points at its footnote with `aria-describedby`. Plain functions over hast.
 */

export interface QuotePart {
  /** Index of the quotation in the article; the parts of a multi-paragraph quotation share it. */
  index: number
  kind: QuoteRecord['kind']
  /** The part's text as it stands in the page (hast text content). */
  text: string
  closes: boolean
}

/** The parts of the article's kept quotations, in document order, with the text each has in a page. */
export function quoteParts(segmentation: Segmentation): QuotePart[] {
  const kinds = new Map(segmentation.quotes.map((quote) => [quote.index, quote.kind]))
  const atoms: QuoteAtom[] = []
  for (const block of segmentation.blocks) {
    for (const part of block.parts) {
      const tokens = part.kind === 'tokens' ? part.tokens : [...part.unit.slots.values()].map((slot) => slot.token)
      for (const token of tokens) if (token.t === 'atom' && token.atom?.kind === 'quote' && !atoms.includes(token.atom)) atoms.push(token.atom)
    }
  }
  return atoms.map((atom) => ({ index: atom.quote, kind: kinds.get(atom.quote) ?? 'inline', text: pageText(atom), closes: atom.closes }))
}

/** The text content a quotation's inline Markdown has once it is HTML, the way the page gets it. */
function pageText(atom: QuoteAtom): string {
  const children = tokensToNodes(atom.tokens, (token) => (token.node && token.node.type !== 'html' ? [structuredClone(token.node)] : []))
  return toString(toHast({ type: 'paragraph', children: children as PhrasingContent[] }) as Nodes)
}

export interface MarkOptions {
  /** The language of the quotations (the source language). */
  lang: string
  /** The id of the element that describes quotation `index` (its footnote), when it has one. */
  describedBy?: (index: number) => string | undefined
}

const marker = 'tolk-quote'

/** Wrap each quotation part found in `tree`; returns the indexes of the quotations that were found. */
export function markQuotations(tree: Root | Element, parts: readonly QuotePart[], options: MarkOptions): Set<number> {
  const containers: Element[] = []
  const parents = new Map<Element, Parents>()
  const walk = (node: Parents) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      parents.set(child, node)
      if (child.children.some((grandchild) => grandchild.type === 'text')) containers.push(child)
      walk(child)
    }
  }
  walk(tree)

  const found = new Set<number>()
  let cursor = { container: 0, offset: 0 }
  for (const part of parts) {
    if (!part.text) continue
    const hit = search(containers, part.text, cursor) ?? search(containers, part.text, { container: 0, offset: 0 })
    if (!hit) continue
    cursor = { container: hit.container, offset: hit.end }
    const element = containers[hit.container]!
    const blockquote = part.kind === 'blockquote' ? enclosingBlockquote(element, parents) : undefined
    const describedBy = part.closes ? options.describedBy?.(part.index) : undefined
    if (blockquote) {
      blockquote.properties = { ...blockquote.properties, lang: options.lang, className: [marker], ...(describedBy ? { ariaDescribedBy: [describedBy] } : {}) }
    } else {
      wrap(element, hit.start, hit.end, { type: 'element', tagName: 'q', properties: { lang: options.lang, className: [marker], ...(describedBy ? { ariaDescribedBy: [describedBy] } : {}) }, children: [] })
    }
    found.add(part.index)
  }
  return found
}

interface Span {
  start: number
  end: number
  node: ElementContent
}

function spans(element: Element): { text: string; spans: Span[] } {
  let text = ''
  const list: Span[] = []
  for (const child of element.children) {
    const value = toString(child as Nodes)
    list.push({ start: text.length, end: text.length + value.length, node: child })
    text += value
  }
  return { text, spans: list }
}

/**
 * The first place at or after `from` where `text` stands in one container with both ends in a
 * text child or on a child's edge, and no quotation already marked inside it.
 */
function search(containers: readonly Element[], text: string, from: { container: number; offset: number }): { container: number; start: number; end: number } | undefined {
  for (let index = from.container; index < containers.length; index++) {
    const layout = spans(containers[index]!)
    for (let at = layout.text.indexOf(text, index === from.container ? from.offset : 0); at >= 0; at = layout.text.indexOf(text, at + 1)) {
      const end = at + text.length
      const covered = layout.spans.filter((span) => span.end > at && span.start < end)
      const edgeOk = (offset: number, side: 'start' | 'end') => {
        const span = layout.spans.find((entry) => entry.start < offset && offset < entry.end)
        return !span || span.node.type === 'text' || (side === 'start' ? span.start === offset : span.end === offset)
      }
      if (!edgeOk(at, 'start') || !edgeOk(end, 'end')) continue
      if (covered.some((span) => span.node.type === 'element' && isMarked(span.node))) continue
      return { container: index, start: at, end }
    }
  }
  return undefined
}

function isMarked(element: Element): boolean {
  const classes = element.properties?.className
  return Array.isArray(classes) && classes.includes(marker)
}

/** Move the children between text offsets `start` and `end` of `element` into `wrapper`, splitting text children at the ends. */
function wrap(element: Element, start: number, end: number, wrapper: Element): void {
  const before: ElementContent[] = []
  const inside: ElementContent[] = []
  const after: ElementContent[] = []
  let position = 0
  for (const child of element.children) {
    const from = position
    const value = child.type === 'text' ? child.value : toString(child as Nodes)
    const to = (position += value.length)
    if (to <= start) before.push(child)
    else if (from >= end) after.push(child)
    else if (child.type !== 'text') inside.push(child)
    else {
      const head = value.slice(0, Math.max(0, start - from))
      const tail = value.slice(Math.min(value.length, end - from))
      if (head) before.push({ type: 'text', value: head })
      inside.push({ type: 'text', value: value.slice(head.length, value.length - tail.length) })
      if (tail) after.push({ type: 'text', value: tail })
    }
  }
  wrapper.children = inside
  element.children = [...before, wrapper, ...after]
}

function enclosingBlockquote(element: Element, parents: ReadonlyMap<Element, Parents>): Element | undefined {
  let node: Parents | undefined = element
  while (node && node.type === 'element') {
    if (node.tagName === 'blockquote') return node
    node = parents.get(node)
  }
  return undefined
}
