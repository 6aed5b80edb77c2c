import type { Root as HastRoot, Nodes as HastNodes } from 'hast'
import type { Root } from 'mdast'
import { toHast } from 'mdast-util-to-hast'
import { toHtml } from 'hast-util-to-html'
import { markdownProcessor } from '../../src/document/parse.ts'

const processor = markdownProcessor()

function hastOf(markdown: string): HastRoot {
  const tree = processor.runSync(processor.parse(markdown)) as Root
  return toHast(tree, { allowDangerousHtml: true }) as HastRoot
}

/** Markdown → HTML the way GFM renders it, raw HTML kept. */
export function renderHtml(markdown: string): string {
  return toHtml(hastOf(markdown), { allowDangerousHtml: true })
}

/** The element skeleton of a document: every element's name with its `href` and `src`, in order. */
export function tagSkeleton(markdown: string): string[] {
  const skeleton: string[] = []
  const walk = (node: HastNodes) => {
    if (node.type === 'element') {
      const href = node.properties?.href
      const src = node.properties?.src
      skeleton.push([node.tagName, href === undefined ? '' : `href=${String(href)}`, src === undefined ? '' : `src=${String(src)}`].filter(Boolean).join(' '))
    }
    if (node.type === 'raw') skeleton.push(`raw:${node.value}`)
    if ('children' in node) for (const child of node.children) walk(child as HastNodes)
  }
  walk(hastOf(markdown))
  return skeleton
}
