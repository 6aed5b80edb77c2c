import type { Nodes } from 'mdast'
import { parsePlaceholders, type Piece, type Slot } from '../document/placeholders.ts'
import type { ProtectedText } from '../glossary/protection.ts'

/**
 * The content of a unit as the interchange formats see it: text, paired codes (emphasis, strong,
 * links: XLIFF `<pc>`/`<g>`, TMX `<bpt>`/`<ept>`), standalone codes (inline code, images, breaks,
 * HTML, footnote references: `<ph>`/`<x>`), kept quotations (locked, never translated) and, in a
 * source, glossary terms with their approved target. Built from tolk's own unit text
 * (`<g id>`/`<x id>` placeholders) and turned back into it on import; each writer only serializes.
 */

export type Inline =
  | { kind: 'text'; value: string }
  | { kind: 'pair'; id: number; code: Code; children: Inline[] }
  | { kind: 'ph'; id: number; code: Code }
  | { kind: 'quote'; id: number; text: string }
  | { kind: 'term'; entry: string; target: string; children: Inline[] }

/** What an inline code stands for: XLIFF 2 `type`/`subType`, XLIFF 1.2 `ctype`, and the Markdown itself. */
export interface Code {
  type: 'fmt' | 'link' | 'image' | 'other'
  subType?: string
  ctype: string
  /** The Markdown of a standalone code, or the opening of a paired one (`**`, `[`). */
  start: string
  /** The closing Markdown of a paired code (`**`, `](https://…)`). */
  end?: string
  /** What it is, for messages: `emphasis`, `link`, `inline code`… */
  label: string
}

const codes: Record<string, Omit<Code, 'start' | 'end'>> = {
  emphasis: { type: 'fmt', subType: 'xlf:i', ctype: 'italic', label: 'emphasis' },
  strong: { type: 'fmt', subType: 'xlf:b', ctype: 'bold', label: 'strong emphasis' },
  delete: { type: 'fmt', subType: 'tolk:strikethrough', ctype: 'x-strikethrough', label: 'strikethrough' },
  link: { type: 'link', ctype: 'link', label: 'link' },
  linkReference: { type: 'link', subType: 'tolk:reference', ctype: 'link', label: 'link' },
  inlineCode: { type: 'other', subType: 'tolk:code', ctype: 'x-code', label: 'inline code' },
  image: { type: 'image', ctype: 'image', label: 'image' },
  imageReference: { type: 'image', subType: 'tolk:reference', ctype: 'image', label: 'image' },
  break: { type: 'fmt', subType: 'xlf:lb', ctype: 'lb', label: 'line break' },
  html: { type: 'other', subType: 'tolk:html', ctype: 'x-html', label: 'HTML' },
  footnoteReference: { type: 'link', subType: 'tolk:footnote', ctype: 'x-footnote', label: 'footnote reference' },
}

/** The code a placeholder slot stands for, with its Markdown sliced from the article. */
export function codeOf(slot: Slot, source: string): Code {
  const node = (slot.token.t === 'open' ? slot.token.node : slot.token.node) as Nodes | undefined
  const base = codes[node?.type ?? ''] ?? { type: 'other' as const, subType: `tolk:${node?.type ?? 'atom'}`, ctype: `x-${node?.type ?? 'atom'}`, label: node?.type ?? 'inline code' }
  const start = node?.position?.start.offset
  const end = node?.position?.end.offset
  if (start === undefined || end === undefined) return { ...base, start: '', ...(slot.kind === 'g' ? { end: '' } : {}) }
  if (slot.kind === 'x') return { ...base, start: source.slice(start, end) }
  const children = 'children' in node! ? node.children : []
  const first = children[0]?.position?.start.offset
  const last = children[children.length - 1]?.position?.end.offset
  if (first === undefined || last === undefined) return { ...base, start: source.slice(start, end), end: '' }
  return { ...base, start: source.slice(start, first), end: source.slice(last, end) }
}

/** The quotation text a slot holds when it is a kept quotation (exactly as written), else undefined. */
function quoteOf(slot: Slot | undefined): string | undefined {
  if (slot?.kind !== 'x') return undefined
  const atom = slot.token.atom
  return atom?.kind === 'quote' ? (atom.raw ?? atom.text) : undefined
}

/**
 * A unit's text (source or a translation of it) as inline content. `terms`: the glossary's
 * protection of the source, whose term placeholders become `term` annotations. Throws when the
 * text's placeholders do not match the slots (a catalog entry that `tolk check` would refuse).
 */
export function toInline(text: string, slots: ReadonlyMap<number, Slot>, source: string, terms?: { protected: ProtectedText; hits: ReadonlyMap<number, { entry: string; surface: string }> }): Inline[] {
  const expected = new Map<number, Pick<Slot, 'kind'>>(slots)
  for (const id of terms?.protected.terms.keys() ?? []) expected.set(id, { kind: 'x' })
  const { pieces, problems } = parsePlaceholders(terms?.protected.text ?? text, expected)
  if (problems.length > 0) throw new Error(`placeholders do not match the unit: ${problems.join('; ')}`)
  const convert = (list: readonly Piece[]): Inline[] =>
    list.map((piece): Inline => {
      if (piece.type === 'text') return { kind: 'text', value: piece.value }
      const slot = slots.get(piece.id)
      if (piece.type === 'g') return { kind: 'pair', id: piece.id, code: codeOf(slot!, source), children: convert(piece.children) }
      const hit = terms?.hits.get(piece.id)
      if (hit) return { kind: 'term', entry: hit.entry, target: terms!.protected.terms.get(piece.id)!, children: [{ kind: 'text', value: hit.surface }] }
      const quote = quoteOf(slot)
      return quote !== undefined ? { kind: 'quote', id: piece.id, text: quote } : { kind: 'ph', id: piece.id, code: codeOf(slot!, source) }
    })
  return convert(pieces)
}

/**
 * Which source text each term placeholder of a protected unit replaced, with its entry: the
 * protector numbers its placeholders in the order of its hits.
 */
export function termSurfaces(protectedText: ProtectedText): Map<number, { entry: string; surface: string }> {
  const ids = [...protectedText.terms.keys()].sort((a, b) => a - b)
  const found = new Map<number, { entry: string; surface: string }>()
  ids.forEach((id, index) => {
    const hit = protectedText.hits[index]
    if (hit) found.set(id, { entry: hit.entry, surface: hit.source })
  })
  return found
}

/** Plain text of inline content (what a reader sees): codes dropped, quotations and terms as their text. */
export function inlineText(content: readonly Inline[]): string {
  return content.map((item) => (item.kind === 'text' ? item.value : item.kind === 'quote' ? item.text : item.kind === 'ph' ? '' : inlineText(item.children))).join('')
}
