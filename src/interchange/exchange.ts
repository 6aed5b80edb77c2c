import { serializeTokens } from '../document/placeholders.ts'
import type { Block, BlockKind, Segmentation, Unit } from '../document/segment.ts'
import type { TermProtector } from '../glossary/protection.ts'
import { lookup, type Catalog, type CatalogStatus } from '../catalog/store.ts'
import { termSurfaces, toInline, type Inline } from './inline.ts'

/**
 * An article in one target language as the interchange formats carry it: one entry per block
 * with translatable text (XLIFF 2 `<unit>`), holding its sentences (tolk's units, XLIFF
 * `<segment>`s, each with its catalog key, state and translation) and the text between them
 * (`<ignorable>`).
 */

/** XLIFF 2's segment states; XLIFF 1.2 and TMX map them to their own words. */
export type SegmentState = 'initial' | 'translated' | 'reviewed' | 'final'

export interface ExchangeSegment {
  key: string
  unit: Unit
  source: Inline[]
  /** The catalog's translation, when it has one. */
  target?: Inline[]
  /** `missing` when the catalog has no translation. */
  status: CatalogStatus | 'missing'
  /** The engine behind the translation, or `human`. */
  engine?: string
  state: SegmentState
}

export type ExchangePart = { kind: 'segment'; segment: ExchangeSegment } | { kind: 'ignorable'; content: Inline[] }

export interface ExchangeBlock {
  /** Unique within the article: `u-` and the key of the block's first sentence (`-2`… when two blocks start alike). */
  id: string
  kind: BlockKind
  line: number
  column: number
  parts: ExchangePart[]
}

/** Which units an export holds: machine drafts and missing translations, those waiting for review, or all. */
export type StateFilter = 'machine' | 'needs-review' | 'all'

/** The state a catalog status is exchanged as. */
export function stateOf(status: ExchangeSegment['status']): SegmentState {
  return status === 'missing' ? 'initial' : status === 'reviewed' ? 'reviewed' : 'translated'
}

export function exchangeBlocks(options: { segmentation: Segmentation; source: string; catalog: Catalog; lang: string; protect?: TermProtector; filter?: StateFilter }): ExchangeBlock[] {
  const { segmentation, source, catalog, lang, protect } = options
  const used = new Map<string, number>()
  const blocks: ExchangeBlock[] = []
  for (const block of segmentation.blocks) {
    const parts = exchangeParts(block, source, catalog, lang, protect)
    const segments = parts.flatMap((part) => (part.kind === 'segment' ? [part.segment] : []))
    if (segments.length === 0 || !segments.some((segment) => selected(segment, options.filter ?? 'all'))) continue
    const base = `u-${segments[0]!.key}`
    const seen = (used.get(base) ?? 0) + 1
    used.set(base, seen)
    blocks.push({ id: seen === 1 ? base : `${base}-${seen}`, kind: block.kind, line: block.line, column: block.column, parts })
  }
  return blocks
}

function selected(segment: ExchangeSegment, filter: StateFilter): boolean {
  if (filter === 'all') return true
  if (filter === 'machine') return segment.status === 'machine' || segment.status === 'missing'
  return segment.status === 'needs-review'
}

function exchangeParts(block: Block, source: string, catalog: Catalog, lang: string, protect?: TermProtector): ExchangePart[] {
  return block.parts.map((part): ExchangePart => {
    if (part.kind === 'tokens') {
      const { text, slots } = serializeTokens(part.tokens)
      return { kind: 'ignorable', content: toInline(text, slots, source) }
    }
    const unit = part.unit
    const protectedText = protect?.(unit.text, lang)
    const terms = protectedText && protectedText.terms.size > 0 ? { protected: protectedText, hits: termSurfaces(protectedText) } : undefined
    const answer = lookup(catalog, unit.key)
    let target: Inline[] | undefined
    if (answer) {
      try {
        target = toInline(answer.text, unit.slots, source)
      } catch {
        // A catalog entry whose placeholders do not fit the unit cannot be used (the build would
        // translate the unit again); it is exchanged as untranslated.
        target = undefined
      }
    }
    const status = target && answer ? answer.status : 'missing'
    return { kind: 'segment', segment: { key: unit.key, unit, source: toInline(unit.text, unit.slots, source, terms), ...(target ? { target, engine: answer!.engine } : {}), status, state: stateOf(status) } }
  })
}
