import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { createHash } from 'node:crypto'
import type { Image, ImageReference, Nodes, Parent, PhrasingContent, Root } from 'mdast'
import type { Position } from 'unist'
import { serializeTokens, type Slot, type Token, type PairedNode, type QuoteAtom } from './placeholders.ts'
import { atomMark, sentenceStarts } from '../text/sentences.ts'
import { findQuotes, type QuoteKind, type QuoteWarning } from '../quotes/find.ts'

/**
 * Segmentation: every block of phrasing content becomes text with inline markup as numbered
 * placeholders, quotations as atoms, split into sentences. Each sentence with words in it is a
 * translation unit with a stable key; the rest (white space, lone markup, numbers) stays as it is.
 */

export type BlockKind = 'paragraph' | 'heading' | 'tableCell' | 'imageAlt' | 'title' | 'frontmatter'

export interface Unit {
  /** Stable key: a hash of the normalized source text with placeholders. */
  key: string
  /** Source text with placeholders, XML-escaped. */
  text: string
  /** What each placeholder id stands for. */
  slots: Map<number, Slot>
  block: Block
  line: number
  column: number
}

export type Part = { kind: 'tokens'; tokens: Token[] } | { kind: 'unit'; unit: Unit }

/**
 * What translating a unit needs, without the tree: a `Unit` is one, and so is the compact copy a
 * big build keeps of it (`unitsOnly` in project/article.ts) while the article's tree is let go.
 */
export interface UnitView {
  key: string
  text: string
  slots: ReadonlyMap<number, Pick<Slot, 'kind'>>
  line: number
  column: number
  /** Its block's parts: the units around it are what an engine is given as context. */
  block: { readonly parts: ReadonlyArray<{ kind: 'tokens' } | { kind: 'unit'; unit: { text: string } }> }
}

/** The context of a unit for an engine: the texts of its block's units, in order, joined by a space. */
export function unitContext(unit: Pick<UnitView, 'block'>): string {
  const texts: string[] = []
  for (const part of unit.block.parts) if (part.kind === 'unit') texts.push(part.unit.text)
  return texts.join(' ')
}

export interface Block {
  index: number
  kind: BlockKind
  /** The paragraph, heading or table cell whose children this block replaces. */
  node?: Parent
  /** For `title`: the title of a link or an image (`[text](url "title")`), shown as a tooltip. */
  title?: string
  /** For `imageAlt`: the image whose alt text this is. */
  image?: Image | ImageReference
  /** For `frontmatter`: the key. */
  field?: string
  parts: Part[]
  line: number
  column: number
}

export interface QuoteRecord {
  /** 0-based index of the quotation in the article. */
  index: number
  /** The quotation's plain text: parts in separate paragraphs joined by a blank line, parts around an attribution by ` … `. */
  text: string
  /** Inline marks, several paragraphs, dialogue dash or blockquote. */
  kind: QuoteKind
  line: number
  column: number
  /** The front-matter key (`title`, `description`) when the quotation stands there: kept, but a YAML value cannot carry a footnote. */
  field?: string
}

export interface Segmentation {
  blocks: Block[]
  units: Unit[]
  quotes: QuoteRecord[]
  /** What segmentation warned about (an unbalanced quotation mark): messages on `options.file`, not fatal. */
  warnings: VFileMessage[]
}

export interface SegmentOptions {
  /** The Markdown source the tree was parsed from, so kept quotations can be emitted byte-for-byte. */
  source: string
  /** The article's file: each warning is a message on it (`ruleId` `quote-unbalanced`, `source` `tolk`). Default: a file of its own. */
  file?: VFile
  /** Front matter of the article. */
  frontmatter?: Record<string, unknown>
  /** Front-matter keys whose values are translated. Default: `title`, `description`. */
  frontmatterFields?: readonly string[]
  /** `verbatim` keeps quotations as atoms no engine sees; `translate` leaves them as text. Default: `verbatim`. */
  quotes?: 'verbatim' | 'translate'
  /** Quotations with fewer words are scare quotes and translated. Default: 3. */
  minQuoteWords?: number
}

interface RawBlock {
  block: Block
  tokens: Token[]
  followsParagraph: boolean
}

/**
 * The key of a unit: a hash of its text in Unicode NFC, trimmed. White space inside is kept, since
 * a line break and a space are different Markdown; re-wrapping a paragraph therefore asks for a new
 * translation, which is the safe direction.
 */
/** Nodes whose phrasing content is translated, block by block. */
export const phrasingBlockTypes: ReadonlySet<string> = new Set(['paragraph', 'heading', 'tableCell'])
/** Nodes never sent to an engine, nor looked into: code, raw HTML, front matter, definitions, rules. */
export const opaqueBlockTypes: ReadonlySet<string> = new Set(['code', 'html', 'yaml', 'definition', 'thematicBreak'])

export function unitKey(text: string): string {
  const normalized = text.normalize('NFC').trim()
  return createHash('sha256').update(normalized).digest('hex').slice(0, 16)
}

export function segment(tree: Root, options: SegmentOptions): Segmentation {
  const raw: RawBlock[] = []
  const add = (block: Omit<Block, 'index' | 'parts'>, tokens: Token[], followsParagraph = false) => {
    raw.push({ block: { ...block, index: raw.length, parts: [] }, tokens, followsParagraph })
  }

  for (const field of options.frontmatterFields ?? ['title', 'description']) {
    const value = options.frontmatter?.[field]
    if (typeof value === 'string' && value.trim()) {
      const yaml = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined
      // The key's own line inside the front matter (which starts after the opening `---`).
      const keyLine = yaml ? yaml.value.split('\n').findIndex((line) => line.startsWith(`${field}:`)) : -1
      const line = (yaml?.position?.start.line ?? 1) + (keyLine >= 0 ? keyLine + 1 : 0)
      add({ kind: 'frontmatter', field, line, column: 1 }, [{ t: 'text', value }])
    }
  }

  const visit = (node: Nodes, previous: Nodes | undefined) => {
    if (phrasingBlockTypes.has(node.type)) {
      const parent = node as Extract<Nodes, { type: 'paragraph' | 'heading' | 'tableCell' }>
      const tokens = flatten(
        parent.children,
        (image) => {
          if (image.alt?.trim()) add({ kind: 'imageAlt', image, line: image.position?.start.line ?? 0, column: image.position?.start.column ?? 0 }, [{ t: 'text', value: image.alt }])
        },
        (titled) => {
          const title = 'title' in titled ? titled.title : undefined
          if (title && /\p{L}/u.test(title)) add({ kind: 'title', title, line: titled.position?.start.line ?? 0, column: titled.position?.start.column ?? 0 }, [{ t: 'text', value: title }])
        },
      )
      const block = { kind: parent.type, node: parent, line: node.position?.start.line ?? 0, column: node.position?.start.column ?? 0 }
      add(block, tokens, node.type === 'paragraph' && previous?.type === 'paragraph')
      return
    }
    if (opaqueBlockTypes.has(node.type) || !('children' in node)) return
    let before: Nodes | undefined
    for (const child of (node as Parent).children) {
      visit(child as Nodes, before)
      before = child as Nodes
    }
  }
  visit(tree, undefined)

  const file = options.file ?? new VFile({ value: options.source })
  const warnings: VFileMessage[] = []
  const quotes: QuoteRecord[] = []
  if ((options.quotes ?? 'verbatim') === 'verbatim') applyQuotes(tree, raw, options, quotes, (warning) => {
    const message = file.message(warning.message, { place: { line: warning.line, column: warning.column }, ruleId: warning.ruleId, source: 'tolk' })
    message.fatal = false
    warnings.push(message)
  })

  const units: Unit[] = []
  for (const { block, tokens } of raw) {
    block.parts = splitSentences(tokens, block)
    for (const part of block.parts) if (part.kind === 'unit') units.push(part.unit)
  }
  return { blocks: raw.map((entry) => entry.block), units, quotes, warnings }
}

function flatten(children: readonly PhrasingContent[], onImage: (image: Image | ImageReference) => void, onTitled: (node: PhrasingContent) => void): Token[] {
  const tokens: Token[] = []
  const walk = (nodes: readonly PhrasingContent[]) => {
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          tokens.push({ t: 'text', value: node.value, node, offset: 0 })
          break
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'link':
        case 'linkReference':
          onTitled(node)
          tokens.push({ t: 'open', node: node as PairedNode })
          walk(node.children)
          tokens.push({ t: 'close', node: node as PairedNode })
          break
        case 'image':
        case 'imageReference':
          onImage(node)
          onTitled(node)
          tokens.push({ t: 'atom', node })
          break
        default:
          tokens.push({ t: 'atom', node })
      }
    }
  }
  walk(children)
  return tokens
}

/** The text an engine-free reader sees: text as is, placeholders as U+FFFC, paired markup as nothing. */
function project(tokens: readonly Token[]): { text: string; starts: number[]; depths: number[] } {
  let text = ''
  const starts: number[] = []
  const depths: number[] = []
  let depth = 0
  for (const token of tokens) {
    starts.push(text.length)
    if (token.t === 'text') {
      text += token.value
      for (let index = 0; index < token.value.length; index++) depths.push(depth)
    } else if (token.t === 'atom') {
      text += atomMark
      depths.push(depth)
    } else if (token.t === 'open') depth++
    else depth--
  }
  return { text, starts, depths }
}

/**
 * Split tokens so that a token boundary falls at each projection offset given (ascending).
 * Returns the token index that starts at each offset; closing markup at an offset stays before it.
 */
function cutAt(tokens: Token[], offsets: readonly number[]): number[] {
  const indexes: number[] = []
  let index = 0
  let position = 0
  for (const offset of offsets) {
    while (index < tokens.length) {
      const token = tokens[index]!
      if (position >= offset && token.t !== 'close') break
      const width = token.t === 'text' ? token.value.length : token.t === 'atom' ? 1 : 0
      if (token.t === 'text' && position + width > offset && position < offset) {
        const at = offset - position
        tokens.splice(index, 1, { ...token, value: token.value.slice(0, at) }, { ...token, value: token.value.slice(at), offset: (token.offset ?? 0) + at })
        index++
        position = offset
        break
      }
      position += width
      index++
    }
    indexes.push(index)
  }
  return indexes
}

function applyQuotes(tree: Root, raw: RawBlock[], options: SegmentOptions, records: QuoteRecord[], warn: (warning: PlacedWarning) => void) {
  // Front-matter titles quote people too (`”Vi ångrar ingenting”, säger vd:n`).
  const candidates = raw.filter((entry) => entry.block.kind === 'paragraph' || entry.block.kind === 'heading' || entry.block.kind === 'tableCell' || entry.block.kind === 'frontmatter')
  const blockquotes = quotableBlockquotes(tree)
  const found = findQuotes(
    candidates.map((entry) => ({
      text: project(entry.tokens).text,
      followsParagraph: entry.followsParagraph,
      isParagraph: entry.block.kind === 'paragraph',
      blockquote: entry.block.node ? blockquotes.get(entry.block.node) : undefined,
    })),
    { minWords: options.minQuoteWords },
  )
  for (const warning of found.warnings) warn(warningAt(candidates[warning.block]!, warning))

  // Right to left within a block, so earlier offsets stay valid.
  const ordered = [...found.spans].sort((a, b) => a.block - b.block || b.start - a.start)
  const atoms = new Map<number, Array<{ atom: QuoteAtom; block: number; kind: QuoteKind }>>()
  const broken = new Set<number>()
  for (const span of ordered) {
    const entry = candidates[span.block]!
    const [from, to] = cutAt(entry.tokens, [span.start, span.end]) as [number, number]
    const inner = entry.tokens.slice(from, to)
    let depth = 0
    let balanced = true
    for (const token of inner) {
      if (token.t === 'open') depth++
      else if (token.t === 'close' && --depth < 0) balanced = false
    }
    if (!balanced || depth !== 0) {
      warn(warningAt(entry, { block: span.block, offset: span.start, ruleId: 'quote-markup', message: 'Quotation crosses the edge of inline markup, expected it to open and close inside the same markup; it is handled as ordinary text' }))
      broken.add(span.quote)
      continue
    }
    const start = placeOf(inner[0], 'start')
    const atom: QuoteAtom = {
      kind: 'quote',
      raw: sliceSource(options.source, inner),
      tokens: inner,
      text: project(inner).text,
      quote: span.quote,
      closes: span.closes,
      line: start?.line ?? entry.block.line,
      column: start?.column ?? entry.block.column,
    }
    entry.tokens.splice(from, to - from, { t: 'atom', atom })
    atoms.set(span.quote, [...(atoms.get(span.quote) ?? []), { atom, block: span.block, kind: span.kind }])
  }
  // A quotation with a part that could not be kept is ordinary text in all its parts.
  for (const quote of broken) {
    for (const { atom } of atoms.get(quote) ?? []) unwrapQuote(raw, atom)
    atoms.delete(quote)
  }
  // Quotations are numbered again from 0 in document order, so flags and reports have no gaps;
  // those in the front matter come last, so the body's footnote labels do not depend on the title.
  const inFrontmatter = (parts: Array<{ block: number }>) => (candidates[parts[0]!.block]!.block.kind === 'frontmatter' ? 1 : 0)
  const kept = [...atoms].sort((a, b) => inFrontmatter(a[1]) - inFrontmatter(b[1]) || a[0] - b[0])
  kept.forEach(([, parts], index) => {
    parts.sort((a, b) => a.atom.line - b.atom.line || a.atom.column - b.atom.column)
    const closing = parts[parts.length - 1]!.atom
    for (const { atom } of parts) {
      atom.quote = index
      atom.closes = atom === closing
    }
    const text = parts.map((part, at) => (at === 0 ? '' : part.block === parts[at - 1]!.block ? ' … ' : '\n\n') + part.atom.text).join('')
    const field = candidates[parts[0]!.block]!.block.field
    records.push({ index, text, kind: parts[0]!.kind, line: parts[0]!.atom.line, column: parts[0]!.atom.column, ...(inFrontmatter(parts) && field ? { field } : {}) })
  })
}

/** Put a quotation's tokens back in place of its atom. */
function unwrapQuote(raw: RawBlock[], atom: QuoteAtom) {
  for (const entry of raw) {
    const at = entry.tokens.findIndex((token) => token.t === 'atom' && token.atom === atom)
    if (at >= 0) {
      entry.tokens = [...entry.tokens.slice(0, at), ...atom.tokens, ...entry.tokens.slice(at + 1)]
      return
    }
  }
}

/**
 * Paragraphs that sit directly in a blockquote holding nothing but paragraphs, mapped to a number
 * per blockquote: such a blockquote can be a quotation as a whole.
 */
function quotableBlockquotes(tree: Root): Map<Parent, number> {
  const map = new Map<Parent, number>()
  let count = 0
  const walk = (node: Nodes) => {
    if (node.type === 'blockquote' && node.children.length > 0 && node.children.every((child) => child.type === 'paragraph')) {
      for (const child of node.children) map.set(child as Parent, count)
      count++
    }
    if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes)
  }
  walk(tree)
  return map
}

/** A quotation warning at its line and column. */
interface PlacedWarning {
  message: string
  ruleId: string
  line: number
  column: number
}

function warningAt(entry: RawBlock, warning: Pick<QuoteWarning, 'offset' | 'message' | 'ruleId'> & { block: number }): PlacedWarning {
  const { starts } = project(entry.tokens)
  let index = 0
  while (index + 1 < entry.tokens.length && starts[index + 1]! <= warning.offset) index++
  const token = entry.tokens[index]
  const place = token?.t === 'text' && token.node?.position ? pointInText(token, warning.offset - starts[index]!) : undefined
  return { message: warning.message, ruleId: warning.ruleId, line: place?.line ?? entry.block.line, column: place?.column ?? entry.block.column }
}

function pointInText(token: Extract<Token, { t: 'text' }>, at: number): { line: number; column: number } | undefined {
  const start = token.node?.position?.start
  if (!start) return undefined
  const breaks = lineBreaks(token.node!)
  const offset = (token.offset ?? 0) + at
  // Binary search: how many line breaks come before `offset`.
  let low = 0
  let high = breaks.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (breaks[middle]! < offset) low = middle + 1
    else high = middle
  }
  if (low === 0) return { line: start.line, column: start.column + offset }
  return { line: start.line + low, column: offset - breaks[low - 1]! }
}

const lineBreakCache = new WeakMap<object, number[]>()

/** Offsets of the line breaks in a text node's value, computed once per node. */
function lineBreaks(node: { value: string }): number[] {
  let found = lineBreakCache.get(node)
  if (!found) {
    found = []
    for (let index = node.value.indexOf('\n'); index >= 0; index = node.value.indexOf('\n', index + 1)) found.push(index)
    lineBreakCache.set(node, found)
  }
  return found
}

function placeOf(token: Token | undefined, edge: 'start'): { line: number; column: number } | undefined {
  if (!token) return undefined
  if (token.t === 'text') return pointInText(token, 0)
  const position: Position | undefined = token.t === 'atom' ? token.node?.position : token.node.position
  return position ? { line: position[edge].line, column: position[edge].column } : undefined
}

/** The exact Markdown source of a run of tokens, or undefined when it cannot be located. */
function sliceSource(source: string, tokens: readonly Token[]): string | undefined {
  const first = tokens[0]
  const last = tokens[tokens.length - 1]
  if (!first || !last) return undefined
  const start = sourceOffset(source, first, 'start')
  const end = sourceOffset(source, last, 'end')
  if (start === undefined || end === undefined || end < start) return undefined
  return source.slice(start, end)
}

function sourceOffset(source: string, token: Token, edge: 'start' | 'end'): number | undefined {
  if (token.t !== 'text') {
    const node = token.t === 'atom' ? token.node : token.node
    return node?.position?.[edge].offset
  }
  const node = token.node
  const begin = node?.position?.start.offset
  const finish = node?.position?.end.offset
  if (!node || begin === undefined || finish === undefined) return undefined
  const target = (token.offset ?? 0) + (edge === 'end' ? token.value.length : 0)
  return alignValueToSource(node.value, source, begin, finish, target)
}

/**
 * Map an index in a text node's value to an offset in the Markdown source, stepping over
 * backslash escapes, character references and container prefixes after line endings.
 */
export function alignValueToSource(value: string, source: string, begin: number, finish: number, target: number): number | undefined {
  let s = begin
  let v = 0
  while (v < target) {
    if (s >= finish) return undefined
    const char = source[s]!
    if (char === value[v]) {
      s++
      v++
    } else if (char === '\\' && source[s + 1] === value[v]) {
      s += 2
      v++
    } else if (char === '&') {
      const end = source.indexOf(';', s)
      if (end < 0 || end - s > 32) return undefined
      s = end + 1
      v += value.codePointAt(v)! > 0xffff ? 2 : 1
    } else if (value[v - 1] === '\n' || source[s - 1] === '\n' || /[ \t>]/.test(char)) {
      s++ // indentation or a container prefix after a line ending
    } else return undefined
  }
  return s
}

function splitSentences(tokens: Token[], block: Block): Part[] {
  const { text, depths } = project(tokens)
  const starts = sentenceStarts(text, (offset) => depths[offset] === 0)
  const cuts = cutAt(tokens, starts)
  const groups: Token[][] = []
  let from = 0
  for (const cut of [...cuts, tokens.length]) {
    groups.push(tokens.slice(from, cut))
    from = cut
  }
  const parts: Part[] = []
  for (const group of groups) {
    const { lead, core, trail } = trimGroup(group)
    if (lead.length) parts.push({ kind: 'tokens', tokens: lead })
    if (core.length) {
      // Numbers alone (a table cell `1 850,2`) are a unit too: each language writes them its own way.
      const words = core.some((token) => token.t === 'text' && /[\p{L}\p{N}]/u.test(token.value))
      if (!words) parts.push({ kind: 'tokens', tokens: core })
      else {
        const { text: unitText, slots } = serializeTokens(core)
        const place = placeOf(core.find((token) => token.t === 'text'), 'start')
        parts.push({ kind: 'unit', unit: { key: unitKey(unitText), text: unitText, slots, block, line: place?.line ?? block.line, column: place?.column ?? block.column } })
      }
    }
    if (trail.length) parts.push({ kind: 'tokens', tokens: trail })
  }
  return mergeTokenParts(parts)
}

/** Move leading and trailing white space out of a sentence, into the block's skeleton. */
function trimGroup(group: Token[]): { lead: Token[]; core: Token[]; trail: Token[] } {
  const core = [...group]
  const lead: Token[] = []
  const trail: Token[] = []
  while (core[0]?.t === 'text') {
    const token = core[0]
    const space = token.value.match(/^\s*/)![0]
    if (space.length === token.value.length) lead.push(core.shift()!)
    else {
      if (space) {
        lead.push({ ...token, value: space })
        core[0] = { ...token, value: token.value.slice(space.length), offset: (token.offset ?? 0) + space.length }
      }
      break
    }
  }
  while (core.length && core[core.length - 1]!.t === 'text') {
    const token = core[core.length - 1] as Extract<Token, { t: 'text' }>
    const space = token.value.match(/\s*$/)![0]
    if (space.length === token.value.length) trail.unshift(core.pop()!)
    else {
      if (space) {
        const keep = token.value.length - space.length
        trail.unshift({ ...token, value: space, offset: (token.offset ?? 0) + keep })
        core[core.length - 1] = { ...token, value: token.value.slice(0, keep) }
      }
      break
    }
  }
  return { lead, core, trail }
}

function mergeTokenParts(parts: Part[]): Part[] {
  const merged: Part[] = []
  for (const part of parts) {
    const last = merged[merged.length - 1]
    if (part.kind === 'tokens' && last?.kind === 'tokens') for (const token of part.tokens) last.tokens.push(token)
    else merged.push(part)
  }
  return merged
}
