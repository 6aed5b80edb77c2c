import type { FootnoteDefinition, Nodes, Parent, Root } from 'mdast'
import type { ParsedArticle } from '../document/parse.ts'
import { alignValueToSource, opaqueBlockTypes, phrasingBlockTypes, type Block } from '../document/segment.ts'
import type { QuoteAtom } from '../document/placeholders.ts'
import { loadArticle, readDocument, type Article } from '../project/article.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import type { Place } from './types.ts'
import { LineIndex } from '../document/lines.ts'

/**
 * The documents a check reads: each source article parsed and segmented as the build does it,
 * and each edition parsed with its phrasing blocks lined up with the source's. Rendering keeps the
 * block structure of the source, so the n-th paragraph, heading or table cell of an edition is the
 * translation of the n-th of its source.
 */

export interface Edition {
  lang: string
  /** Path relative to the config's folder. */
  file: string
  text: string
  parsed: ParsedArticle
  article: Article
  /** Paragraphs, headings and table cells in document order, tolk's own quotation footnotes left out. */
  blocks: Parent[]
  /** Definitions of tolk's quotation footnotes, by label. */
  flagDefinitions: Map<string, FootnoteDefinition>
  lines: LineIndex
}

/** A source article as the check reads it (the same as the build's). */
export type SourceArticle = Article

/** A source article from its bytes; its slug is the front matter's `slug`, else its file name's. */
export function loadSource(bytes: Uint8Array, file: string, _fallbackSlug: string, config: ResolvedConfig): SourceArticle {
  return loadArticle(bytes, file, file, config)
}

/** Labels of the footnotes the build adds to flag kept quotations. */
export const flagLabel = /^tolk-quote\d*-(\d+)$/

export function loadEdition(bytes: Uint8Array, file: string, lang: string, article: Article): Edition {
  const { text, parsed } = readDocument(bytes, file)
  const { blocks, flagDefinitions } = phrasingBlocks(parsed.tree)
  return { lang, file, text, parsed, article, blocks, flagDefinitions, lines: new LineIndex(text) }
}

/** The same walk `segment` makes, collecting the nodes whose phrasing content is translated. */
export function phrasingBlocks(tree: Root): { blocks: Parent[]; flagDefinitions: Map<string, FootnoteDefinition> } {
  const blocks: Parent[] = []
  const flagDefinitions = new Map<string, FootnoteDefinition>()
  const visit = (node: Nodes) => {
    if (phrasingBlockTypes.has(node.type)) {
      blocks.push(node as Parent)
      return
    }
    if (opaqueBlockTypes.has(node.type)) return
    if (node.type === 'footnoteDefinition' && flagLabel.test(node.identifier)) {
      flagDefinitions.set(node.identifier, node)
      return
    }
    if ('children' in node) for (const child of (node as Parent).children) visit(child as Nodes)
  }
  visit(tree)
  return { blocks, flagDefinitions }
}

/** The kept quotations of a source block, in the order they appear. */
export function quoteAtoms(block: Block): QuoteAtom[] {
  const atoms: QuoteAtom[] = []
  for (const part of block.parts) {
    if (part.kind === 'tokens') {
      for (const token of part.tokens) if (token.t === 'atom' && token.atom?.kind === 'quote') atoms.push(token.atom)
    } else {
      for (const id of [...part.unit.slots.keys()].sort((a, b) => a - b)) {
        const slot = part.unit.slots.get(id)!
        if (slot.kind === 'x' && slot.token.atom?.kind === 'quote') atoms.push(slot.token.atom)
      }
    }
  }
  return atoms
}

/** The place of a node, or of the file's first line when the node has no position. */
export function placeOfNode(file: string, node: { position?: { start: { line: number; column: number } } } | undefined): Place {
  return { file, line: node?.position?.start.line ?? 1, column: node?.position?.start.column ?? 1 }
}

/** Where a front-matter key is written in a Markdown file (`key:` at the start of a line), or line 1. */
export function placeOfFrontmatterKey(file: string, text: string, lines: LineIndex, key: string): Place {
  const match = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`, 'm').exec(text)
  return { file, ...(match ? lines.at(match.index) : { line: 1, column: 1 }) }
}

/** The text of a node as a reader sees it: text, inline code and alt texts, markup left out. */
export function textOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value
  if (node.type === 'image') return node.alt ?? ''
  if ('children' in node) return (node as Parent).children.map((child) => textOf(child as Nodes)).join('')
  return ''
}

/**
 * The text of a block with a way back to the file: text nodes as they read, anything else that
 * stands in the text (inline code, images, breaks) as U+FFFC, so words never join across it.
 */
export function blockText(node: Parent, markdown: string): { text: string; offsetOf: (index: number) => number | undefined } {
  const pieces: Array<{ from: number; node?: { value: string; position?: Nodes['position'] } }> = []
  let text = ''
  const walk = (child: Nodes) => {
    if (child.type === 'text') {
      pieces.push({ from: text.length, node: child })
      text += child.value
    } else if ('children' in child) for (const inner of (child as Parent).children) walk(inner as Nodes)
    else if (child.type !== 'footnoteReference') {
      pieces.push({ from: text.length })
      text += '\uFFFC'
    }
  }
  for (const child of node.children) walk(child as Nodes)
  const offsetOf = (index: number): number | undefined => {
    let low = 0
    for (let at = 0; at < pieces.length && pieces[at]!.from <= index; at++) low = at
    const piece = pieces[low]
    const position = piece?.node?.position
    if (!piece?.node || position?.start.offset === undefined || position.end.offset === undefined) return node.position?.start.offset
    return alignValueToSource(piece.node.value, markdown, position.start.offset, position.end.offset, index - piece.from) ?? position.start.offset
  }
  return { text, offsetOf }
}
