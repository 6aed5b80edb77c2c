import type { FootnoteDefinition, Nodes, Parent, PhrasingContent, Root, Image, ImageReference } from 'mdast'
import { stringify as stringifyYaml } from 'yaml'
import type { Block, QuoteRecord, Segmentation, Unit } from './segment.ts'
import { parsePlaceholders, type Piece, type Token } from './placeholders.ts'
import { stringifyTree } from './parse.ts'
import { editionLines, flagDefinition, flagLabel, flagReference, footnotePrefix, withoutContainerPrefixes } from '../quotes/flag.ts'

/**
 * Rendering: a copy of the tree gets the translated text; placeholders become the original inline
 * nodes again; kept quotations are emitted byte-for-byte and flagged with a footnote.
 */

export interface RenderOptions {
  /** Translation of each unit, by key (placeholders in, terms already restored). */
  translations: ReadonlyMap<string, string>
  /** The edition's front matter: the source's, with translated fields, then tolk's own keys. */
  frontmatter?: Record<string, unknown>
  /** Flag kept quotations with a footnote whose text is given: one string, or one per paragraph of the footnote. */
  quoteFlag?: { text: (quote: QuoteRecord) => string | readonly string[] }
}

export interface RenderedEdition {
  markdown: string
  /** Footnote label of each flagged quotation, by quotation index. */
  flags: Map<number, string>
  /** The 1-based line of the edition's Markdown on which each kept quotation starts, by quotation index. */
  lines: Map<number, number>
}

export function renderEdition(tree: Root, segmentation: Segmentation, options: RenderOptions): RenderedEdition {
  const clones = new Map<Nodes, Nodes>()
  for (const block of segmentation.blocks) if (block.node) clones.set(block.node as Nodes, block.node as Nodes)
  const copy = cloneWithMap(tree, clones) as Root
  const altTexts = new Map<Image | ImageReference, string>()
  // Link and image titles by their source text: the same title is the same translation wherever it stands.
  const titles = new Map<string, string>()
  const flags = new Map<number, string>()
  const prefix = footnotePrefix(tree)
  const definitions: FootnoteDefinition[] = []
  const emitted: Array<{ index: number; markdown: string }> = []
  const emittedIndexes = new Set<number>()

  const translationOf = (unit: Unit): string => {
    const text = options.translations.get(unit.key)
    if (text === undefined) throw new Error(`No translation for unit ${unit.key}`)
    return text
  }

  for (const block of segmentation.blocks) {
    if (block.kind === 'imageAlt' && block.image) altTexts.set(block.image, plainParts(block, translationOf))
    if (block.kind === 'title' && block.title !== undefined) titles.set(block.title, plainParts(block, translationOf))
  }

  const atomNodes = (token: Extract<Token, { t: 'atom' }>): PhrasingContent[] => {
    if (token.atom?.kind === 'quote') {
      const quote = token.atom
      const raw = quote.raw === undefined ? undefined : withoutContainerPrefixes(quote.raw)
      const nodes: PhrasingContent[] = raw !== undefined ? [{ type: 'html', value: raw }] : tokensToNodes(quote.tokens, atomNodes)
      if (!emittedIndexes.has(quote.quote)) {
        emittedIndexes.add(quote.quote)
        emitted.push({ index: quote.quote, markdown: raw ?? quote.text })
      }
      if (quote.closes && options.quoteFlag) {
        const label = flagLabel(prefix, quote.quote)
        flags.set(quote.quote, label)
        nodes.push(flagReference(label))
        const record = segmentation.quotes.find((entry) => entry.index === quote.quote) ?? { index: quote.quote, text: quote.text, kind: 'inline', line: quote.line, column: quote.column }
        const text = options.quoteFlag.text(record)
        definitions.push(flagDefinition(label, typeof text === 'string' ? [text] : text))
      }
      return nodes
    }
    if (!token.node) return []
    const node = cloneDeep(token.node)
    if ((node.type === 'image' || node.type === 'imageReference') && altTexts.has(token.node as Image)) node.alt = altTexts.get(token.node as Image)!
    return [node]
  }

  for (const block of segmentation.blocks) {
    if (!block.node) continue
    const target = clones.get(block.node as Nodes) as Parent
    const children: PhrasingContent[] = []
    for (const part of block.parts) {
      if (part.kind === 'tokens') for (const node of tokensToNodes(part.tokens, atomNodes)) children.push(node)
      else for (const node of piecesToNodes(parsePlaceholders(translationOf(part.unit), part.unit.slots).pieces, part.unit, atomNodes)) children.push(node)
    }
    target.children = mergeText(children)
  }

  for (const definition of definitions.sort((a, b) => numbered.compare(a.identifier, b.identifier))) copy.children.push(definition)

  const frontmatter = { ...(options.frontmatter ?? {}) }
  for (const block of segmentation.blocks) {
    if (block.kind === 'frontmatter' && block.field) frontmatter[block.field] = plainParts(block, translationOf)
  }
  const yaml = frontmatterYaml(frontmatter).trimEnd()
  if (copy.children[0]?.type === 'yaml') copy.children[0].value = yaml
  else if (Object.keys(frontmatter).length > 0) copy.children.unshift({ type: 'yaml', value: yaml })

  if (titles.size > 0) retitle(copy, titles)
  const markdown = stringifyTree(copy)
  return { markdown, flags, lines: editionLines(markdown, emitted) }
}

/** Footnote labels in numeric order (`tolk-quote-2` before `tolk-quote-10`): one collator, as `localeCompare(…, 'en', { numeric: true })` orders. */
const numbered = new Intl.Collator('en', { numeric: true })

/**
 * The front matter as YAML. A mapping of plain values is written pair by pair, each pair's YAML
 * remembered: most pairs (the language, the notice, the engines, an article's source and hash in
 * each of its languages) repeat from edition to edition, and the yaml package's stringify costs
 * about a quarter of a millisecond a call. A block mapping's YAML is its pairs' YAML one after the
 * other; anything else (nested mappings, values that could be aliases of one another) is
 * stringified whole.
 */
export function frontmatterYaml(frontmatter: Record<string, unknown>): string {
  const entries = Object.entries(frontmatter)
  // One list under two keys (an alias in the source's front matter) is written with an anchor: whole.
  const lists = new Set<unknown>()
  const plain = entries.every(([, value]) => plainValue(value) || (Array.isArray(value) && !lists.has(value) && lists.add(value) && value.every(plainValue)))
  if (entries.length === 0 || !plain) return stringifyYaml(frontmatter, { lineWidth: 0 })
  let yaml = ''
  for (const [key, value] of entries) {
    const memoKey = JSON.stringify([key, value])
    let pair = yamlPairs.get(memoKey)
    if (pair === undefined) {
      pair = stringifyYaml({ [key]: value }, { lineWidth: 0 })
      if (yamlPairs.size >= 20_000) yamlPairs.clear()
      yamlPairs.set(memoKey, pair)
    }
    yaml += pair
  }
  return yaml
}

const yamlPairs = new Map<string, string>()

/** A string, a finite number, a boolean or null: what JSON and YAML write the same way every time. */
function plainValue(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0))
}

/** A copy of an inline node and everything in it (mdast is plain objects, arrays and primitives). */
function cloneDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(cloneDeep) as T
  const copy: Record<string, unknown> = {}
  for (const key in value) copy[key] = cloneDeep((value as Record<string, unknown>)[key])
  return copy as T
}

/** A block as plain text (front matter, alt text): kept quotations in their original words. */
function plainParts(block: Block, translationOf: (unit: Unit) => string): string {
  const tokenText = (tokens: readonly Token[]): string => tokens.map((token) => (token.t === 'text' ? token.value : token.t === 'atom' && token.atom?.kind === 'quote' ? token.atom.text : '')).join('')
  const pieceText = (pieces: readonly Piece[], unit: Unit): string =>
    pieces
      .map((piece) => {
        if (piece.type === 'text') return piece.value
        if (piece.type === 'g') return pieceText(piece.children, unit)
        const slot = unit.slots.get(piece.id)
        return slot?.kind === 'x' ? tokenText([slot.token]) : ''
      })
      .join('')
  return block.parts.map((part) => (part.kind === 'unit' ? pieceText(parsePlaceholders(translationOf(part.unit), part.unit.slots).pieces, part.unit) : tokenText(part.tokens))).join('')
}

export function tokensToNodes(tokens: readonly Token[], atomNodes: (token: Extract<Token, { t: 'atom' }>) => PhrasingContent[]): PhrasingContent[] {
  const root: PhrasingContent[] = []
  const stack: PhrasingContent[][] = [root]
  for (const token of tokens) {
    const top = stack[stack.length - 1]!
    if (token.t === 'text') top.push({ type: 'text', value: token.value })
    else if (token.t === 'atom') for (const node of atomNodes(token)) top.push(node)
    else if (token.t === 'open') {
      const node = { ...token.node, children: [] as PhrasingContent[] } as PhrasingContent & { children: PhrasingContent[] }
      top.push(node)
      stack.push(node.children)
    } else if (stack.length > 1) stack.pop()
  }
  return root
}

function piecesToNodes(pieces: readonly Piece[], unit: Unit, atomNodes: (token: Extract<Token, { t: 'atom' }>) => PhrasingContent[]): PhrasingContent[] {
  const nodes: PhrasingContent[] = []
  for (const piece of pieces) {
    if (piece.type === 'text') nodes.push({ type: 'text', value: piece.value })
    else {
      const slot = unit.slots.get(piece.id)
      if (!slot) continue
      if (slot.kind === 'x') for (const node of atomNodes(slot.token)) nodes.push(node)
      else if (piece.type === 'g') nodes.push({ ...slot.token.node, children: mergeText(piecesToNodes(piece.children, unit, atomNodes)) } as PhrasingContent)
    }
  }
  return nodes
}

function mergeText(nodes: PhrasingContent[]): PhrasingContent[] {
  const merged: PhrasingContent[] = []
  for (const node of nodes) {
    const last = merged[merged.length - 1]
    if (node.type === 'text' && last?.type === 'text') last.value += node.value
    else if (node.type !== 'text' || node.value !== '') merged.push(node)
  }
  return merged
}

/**
 * A copy of the tree, with each block node of `clones` (the keys) mapped to its copy. A block's
 * children are not copied: rendering replaces them with the translation's nodes.
 */
function cloneWithMap(node: Nodes, clones: Map<Nodes, Nodes>): Nodes {
  const copy = { ...node } as Nodes
  if (clones.has(node)) {
    ;(copy as Parent).children = []
    clones.set(node, copy)
  } else if ('children' in node) (copy as Parent).children = (node as Parent).children.map((child) => cloneWithMap(child as Nodes, clones)) as Parent['children']
  return copy
}

/** Give every link and image of the edition its translated title. */
function retitle(node: Nodes, titles: ReadonlyMap<string, string>): void {
  if ((node.type === 'link' || node.type === 'image') && node.title) node.title = titles.get(node.title) ?? node.title
  if ('children' in node) for (const child of (node as Parent).children) retitle(child as Nodes, titles)
}
