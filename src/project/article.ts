import { createHash } from 'node:crypto'
import type { ResolvedConfig } from '../config/schema.ts'
import { decodeUtf8, parseArticle, type ParsedArticle } from '../document/parse.ts'
import { segment, type Block, type QuoteRecord, type Segmentation, type UnitView } from '../document/segment.ts'
import type { Slot } from '../document/placeholders.ts'
import { LineIndex } from '../document/lines.ts'
import { visit } from 'unist-util-visit'
import { VFileMessage } from 'vfile-message'
import { InputError, type Place } from '../errors.ts'
import { checkFileSlug, frontmatterKeyPlace, readArticle as readArticleBytes, slugFromPath } from './articles.ts'

/** A problem with an input file, as the build's report lists it (`report.json`, schema unchanged). */
export interface Problem {
  file: string
  line?: number
  column?: number
  message: string
  ruleId: string
  severity: 'error' | 'warning'
}

/** A vfile message as the report lists it: a fatal one is an error, any other a warning. */
export function problemOf(message: VFileMessage, file: string): Problem {
  return { file, line: message.line, column: message.column, message: message.reason, ruleId: message.ruleId ?? 'tolk', severity: message.fatal ? 'error' : 'warning' }
}

/**
 * One source article as `build` and `check` both read it: decoded, parsed, segmented under the
 * config's quotation policy (or the article's own `tolk.quotes`), with its slug and hash.
 */
export interface Article {
  /** Absolute path. */
  path: string
  /** Path relative to the config's folder, as reports show it. */
  file: string
  /** The same as `file` (the name other commands know it by). */
  display: string
  slug: string
  text: string
  sha256: string
  parsed: ParsedArticle
  segmentation: Segmentation
  /** The blocks that have a node (paragraphs, headings, table cells), in document order. */
  blocks: Block[]
  lines: LineIndex
  /** Where the slug is written (the front matter's `slug:`), or the file. */
  slugPlace: Place
  /** What segmentation warned about (unbalanced quotation marks), as report problems. */
  warnings: Problem[]
}

/** Read and load an article (through the project's guards and limits); an unreadable or invalid one is an `InputError` with its place. */
export async function readArticle(path: string, file: string, config: ResolvedConfig): Promise<Article> {
  return loadArticle(await readArticleBytes(config, path, file), path, file, config)
}

/** Decode and parse a Markdown file; a file that cannot be read as one is an `InputError` (exit 2) with its place. */
export function readDocument(bytes: Uint8Array, file: string, options: { maxNesting?: number } = {}): { text: string; parsed: ParsedArticle } {
  const text = asInput(file, () => decodeUtf8(bytes, file))
  return { text, parsed: parseDocument(text, file, options) }
}

/** Parse Markdown text (an edition, say); the core's fatal vfile message becomes an `InputError` with its place and `ruleId` as its code. */
export function parseDocument(text: string, file: string, options: { maxNesting?: number } = {}): ParsedArticle {
  return asInput(file, () => parseArticle(text, file, options))
}

function asInput<T>(file: string, run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof VFileMessage) throw new InputError(error.reason, { file, line: error.line, column: error.column }, { code: error.ruleId ?? 'bad-input' })
    throw error
  }
}

export function loadArticle(bytes: Uint8Array, path: string, file: string, config: ResolvedConfig): Article {
  const text = asInput(file, () => decodeUtf8(bytes, file))
  return articleOf(text, createHash('sha256').update(bytes).digest('hex'), path, file, config)
}

function articleOf(text: string, sha256: string, path: string, file: string, config: ResolvedConfig): Article {
  const parsed = parseDocument(text, file, { maxNesting: config.limits.nesting })
  const slugValue = parsed.frontmatter.slug
  const slugPlace = slugValue === undefined ? { file } : frontmatterKeyPlace(parsed, 'slug', file)
  if (slugValue !== undefined && (typeof slugValue !== 'string' || !/^[a-z0-9][a-z0-9-_]*$/i.test(slugValue))) {
    throw new InputError(`Invalid front matter: expected \`slug\` to be letters, digits and dashes, got \`${String(slugValue)}\``, slugPlace, { code: 'frontmatter' })
  }
  if (slugValue === undefined) checkFileSlug(slugFromPath(path, config.source), file)
  const articlePolicy = (parsed.frontmatter.tolk as { quotes?: unknown } | undefined)?.quotes
  const quotes = articlePolicy === 'translate' || articlePolicy === 'verbatim' ? articlePolicy : config.quotes.policy
  const segmentation = segment(parsed.tree, { source: text, file: parsed.file, frontmatter: parsed.frontmatter, quotes, minQuoteWords: config.quotes.minWords })
  return {
    path,
    file,
    display: file,
    slug: typeof slugValue === 'string' ? slugValue : slugFromPath(path, config.source),
    slugPlace,
    text,
    sha256,
    parsed,
    segmentation,
    blocks: segmentation.blocks.filter((block) => block.node !== undefined),
    lines: new LineIndex(text),
    warnings: segmentation.warnings.map((warning) => problemOf(warning, file)),
  }
}

/**
 * Let go of what only reading and segmenting an article needed: the tree's source positions
 * (about a sixth of a loaded article's memory). A build that holds its articles (below `holdBytes`)
 * holds each until its last edition is rendered, and rendering and writing use no position; `check`
 * keeps them for its places.
 */
export function releasePositions(article: Article): Article {
  // Set, not deleted: deleting a property turns the node into a slow dictionary-mode object.
  visit(article.parsed.tree, (node) => void (node.position = undefined))
  if (article.parsed.frontmatterNode) article.parsed.frontmatterNode.position = undefined
  return article
}

/**
 * What translating an article needs, without its tree: `Article` is one, and so is the compact
 * copy `unitsOnly` makes, which a big build holds instead of the article until it renders it.
 */
export interface ArticleUnits {
  path: string
  file: string
  slug: string
  /** The decoded source, from which the article is parsed again (`loadAgain`). */
  text: string
  sha256: string
  slugPlace: Place
  segmentation: { units: readonly UnitView[]; quotes: readonly QuoteRecord[] }
  warnings: Problem[]
}

const slotKinds: Record<Slot['kind'], Pick<Slot, 'kind'>> = { g: { kind: 'g' }, x: { kind: 'x' } }
const noSlots: ReadonlyMap<number, Pick<Slot, 'kind'>> = new Map()

/**
 * An article's units and quotations, with nothing that holds its tree (a unit's slots keep only
 * their kinds, its block only the units around it): about two fifths of a loaded article's memory.
 * The article is parsed again from `text` when its editions are rendered (`loadAgain`).
 */
export function unitsOnly(article: Article): ArticleUnits {
  const blocks = new Map<Block, { parts: Array<{ kind: 'unit'; unit: UnitView }> }>()
  const units = article.segmentation.units.map((unit): UnitView => {
    let block = blocks.get(unit.block)
    if (!block) blocks.set(unit.block, (block = { parts: [] }))
    let slots = noSlots
    if (unit.slots.size > 0) {
      const kinds = new Map<number, Pick<Slot, 'kind'>>()
      for (const [id, slot] of unit.slots) kinds.set(id, slotKinds[slot.kind])
      slots = kinds
    }
    const view: UnitView = { key: unit.key, text: unit.text, slots, line: unit.line, column: unit.column, block }
    block.parts.push({ kind: 'unit', unit: view })
    return view
  })
  return { path: article.path, file: article.file, slug: article.slug, text: article.text, sha256: article.sha256, slugPlace: article.slugPlace, segmentation: { units, quotes: article.segmentation.quotes }, warnings: article.warnings }
}

/**
 * The article again from its compact copy: parsed and segmented from the same text under the same
 * config, so its units are the same ones (checked: their keys, in order).
 */
export function loadAgain(units: ArticleUnits, config: ResolvedConfig): Article {
  const article = articleOf(units.text, units.sha256, units.path, units.file, config)
  const keys = units.segmentation.units
  if (article.segmentation.units.length !== keys.length || article.segmentation.units.some((unit, index) => unit.key !== keys[index]!.key)) {
    throw new Error(`${units.file} segmented differently when parsed again`)
  }
  return article
}
