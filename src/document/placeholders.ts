import type { PhrasingContent } from 'mdast'

/**
 * Inline markup in a translation unit becomes numbered placeholders, XLIFF-style:
 * `<g id="n">…</g>` for paired markup (emphasis, links), `<x id="n"/>` for standalone nodes
 * (inline code, HTML, images, breaks, kept quotations, protected terms). Text between them is
 * XML-escaped (`&amp;`, `&lt;`, `&gt;`), so a unit is a well-formed XML fragment any engine with
 * tag handling can take.
 */

/** Markup that wraps translatable text. */
export type PairedNode = Extract<PhrasingContent, { children: unknown }>

/** A kept quotation: emitted byte-for-byte as in the source. */
export interface QuoteAtom {
  kind: 'quote'
  /** The Markdown source of the quotation, exactly as written, when it could be sliced from the file. */
  raw?: string
  /** The inline content of the quotation, used when `raw` is not available. */
  tokens: Token[]
  /** The quotation's plain text. */
  text: string
  /** Index of the quotation in the article (0-based); every part of a multi-paragraph quotation shares it. */
  quote: number
  /** True on the part that closes the quotation, where the flag goes. */
  closes: boolean
  line: number
  column: number
}

export type Token =
  | { t: 'text'; value: string; node?: { value: string; position?: import('unist').Position }; offset?: number }
  | { t: 'open'; node: PairedNode }
  | { t: 'close'; node: PairedNode }
  | { t: 'atom'; node?: PhrasingContent; atom?: QuoteAtom }

/** What a placeholder id in a unit stands for. */
export type Slot = { kind: 'g'; token: Extract<Token, { t: 'open' }> } | { kind: 'x'; token: Extract<Token, { t: 'atom' }> }

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function unescapeXml(text: string): string {
  return text.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name] ?? whole
    const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16)
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

/** Serialize tokens to unit text, numbering placeholders from 1 so the same sentence always gives the same text. */
export function serializeTokens(tokens: readonly Token[]): { text: string; slots: Map<number, Slot> } {
  const slots = new Map<number, Slot>()
  let next = 1
  let text = ''
  for (const token of tokens) {
    if (token.t === 'text') text += escapeXml(token.value)
    else if (token.t === 'open') {
      slots.set(next, { kind: 'g', token })
      text += `<g id="${next++}">`
    } else if (token.t === 'close') text += '</g>'
    else {
      slots.set(next, { kind: 'x', token })
      text += `<x id="${next++}"/>`
    }
  }
  return { text, slots }
}

/** A parsed translation: text and placeholders in a tree. */
export type Piece = { type: 'text'; value: string } | { type: 'g'; id: number; children: Piece[] } | { type: 'x'; id: number }

const tagPattern = /<g\s+id="(\d+)"\s*>|<\/g\s*>|<x\s+id="(\d+)"\s*\/>|<x\s+id="(\d+)"\s*><\/x\s*>/g

/** Placeholder problems found in an engine's answer; empty when the answer is usable. */
export interface PlaceholderCheck {
  pieces: Piece[]
  problems: string[]
}

/**
 * Parse a translation and check its placeholders against the unit's: each one back exactly
 * once, of the same kind, well nested, none invented. Order may change, as word order demands.
 */
export function parsePlaceholders(text: string, expected: ReadonlyMap<number, Pick<Slot, 'kind'>>): PlaceholderCheck {
  const problems: string[] = []
  const root: Piece[] = []
  const stack: Array<{ id: number; children: Piece[] }> = [{ id: 0, children: root }]
  const seen = new Set<number>()
  let last = 0
  const top = () => stack[stack.length - 1]!
  const pushText = (value: string) => {
    if (value) top().children.push({ type: 'text', value: unescapeXml(value) })
  }
  const claim = (id: number, kind: 'g' | 'x') => {
    const slot = expected.get(id)
    if (!slot) problems.push(`invented placeholder \`${kind === 'g' ? `<g id="${id}">` : `<x id="${id}"/>`}\``)
    else if (slot.kind !== kind) problems.push(`placeholder ${id} changed from \`${slot.kind}\` to \`${kind}\``)
    if (seen.has(id)) problems.push(`placeholder ${id} appears more than once`)
    seen.add(id)
  }
  for (const match of text.matchAll(tagPattern)) {
    pushText(text.slice(last, match.index))
    last = match.index + match[0].length
    if (match[1]) {
      const id = Number(match[1])
      claim(id, 'g')
      const piece: Piece = { type: 'g', id, children: [] }
      top().children.push(piece)
      stack.push(piece)
    } else if (match[0].startsWith('</')) {
      if (stack.length === 1) problems.push('closing `</g>` without an opening tag')
      else stack.pop()
    } else {
      const id = Number(match[2] ?? match[3])
      claim(id, 'x')
      top().children.push({ type: 'x', id })
    }
  }
  pushText(text.slice(last))
  if (stack.length > 1) problems.push(`\`<g id="${top().id}">\` is not closed`)
  for (const id of expected.keys()) if (!seen.has(id)) problems.push(`placeholder ${id} is missing`)
  if (/<\/?[gx][\s>/]/.test(text.replace(tagPattern, ''))) problems.push('malformed placeholder tag')
  return { pieces: root, problems }
}

/** One more than the highest placeholder id in the text (1 when it has none): the id a new placeholder gets. */
export function nextPlaceholderId(text: string): number {
  // A loop, not Math.max(...ids): a unit can hold more placeholders than a call takes arguments.
  let highest = 0
  for (const match of text.matchAll(/<[gx]\s+id="(\d+)"/g)) highest = Math.max(highest, Number(match[1]))
  return highest + 1
}

/** The plain text of a unit or translation, placeholders removed. */
export function plainText(text: string): string {
  return unescapeXml(text.replace(tagPattern, ''))
}
