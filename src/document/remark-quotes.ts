import type { Nodes, Parent, Root, Text } from 'mdast'
import type { VFile } from 'vfile'
import { segment, type QuoteRecord } from './segment.ts'
import type { QuoteAtom, Token } from './placeholders.ts'
import { flagDefinition, flagLabel, flagReference, footnotePrefix } from '../quotes/flag.ts'

declare module 'vfile' {
  interface DataMap {
    /** The direct quotations `remarkQuotes` found, in document order. */
    quotes: QuoteRecord[]
  }
}

export interface RemarkQuotesOptions {
  /** Quoted spans with fewer words are scare quotes, not speech. Default: 3. */
  minWords?: number
  /**
   * Flag each quotation with a GFM footnote: the definition's text, or a function giving it per
   * quotation. Default: no flag, the quotations are only found and reported.
   */
  flag?: string | ((quote: QuoteRecord) => string)
}

/**
 * A remark plugin over the same functions the build uses (`findQuotes` through `segment`): the
 * quotations of the document go to `file.data.quotes`, each unbalanced quotation mark becomes a
 * warning message with its place (`ruleId: 'quote-unbalanced'`), and with `flag` every quotation
 * gets a footnote reference after its closing mark and a definition at the end of the document,
 * under labels none of the document's own footnotes use. The quotations' text is not touched.
 */
export default function remarkQuotes(options: RemarkQuotesOptions = {}) {
  return (tree: Root, file: VFile) => {
    const source = typeof file.value === 'string' ? file.value : String(file.value ?? '')
    const segmentation = segment(tree, { source, file, quotes: 'verbatim', minQuoteWords: options.minWords, frontmatterFields: [] })
    file.data.quotes = segmentation.quotes
    if (options.flag === undefined) return

    const closing: QuoteAtom[] = []
    for (const block of segmentation.blocks) {
      for (const part of block.parts) {
        const tokens = part.kind === 'tokens' ? part.tokens : [...part.unit.slots.values()].map((slot) => slot.token)
        for (const token of tokens) if (token.t === 'atom' && token.atom?.kind === 'quote' && token.atom.closes) closing.push(token.atom)
      }
    }
    const prefix = footnotePrefix(tree)
    const parents = parentMap(tree)
    // Insert from the end of each text node backwards, so earlier offsets in it stay valid.
    const places = closing.map((atom) => ({ atom, place: endOf(atom.tokens[atom.tokens.length - 1]) }))
    places.sort((a, b) => (b.place?.offset ?? 0) - (a.place?.offset ?? 0))
    for (const { atom, place } of places) {
      if (!place) continue
      const parent = parents.get(place.node)
      if (!parent) continue
      const at = parent.children.indexOf(place.node as Parent['children'][number])
      const reference = flagReference(flagLabel(prefix, atom.quote))
      if (place.node.type === 'text' && place.offset !== undefined && place.offset < place.node.value.length) {
        const tail: Text = { type: 'text', value: place.node.value.slice(place.offset) }
        place.node.value = place.node.value.slice(0, place.offset)
        parent.children.splice(at + 1, 0, reference as never, tail as never)
      } else parent.children.splice(at + 1, 0, reference as never)
    }
    for (const record of segmentation.quotes) {
      const text = typeof options.flag === 'string' ? options.flag : options.flag(record)
      tree.children.push(flagDefinition(flagLabel(prefix, record.index), [text]))
    }
  }
}

/** The node a quotation ends in, and for a text node the offset in its value just after the closing mark. */
function endOf(token: Token | undefined): { node: Nodes; offset?: number } | undefined {
  if (!token) return undefined
  if (token.t === 'text') return token.node ? { node: token.node as Text, offset: (token.offset ?? 0) + token.value.length } : undefined
  if (token.t === 'atom') return token.node ? { node: token.node } : undefined
  return { node: token.node }
}

function parentMap(tree: Root): Map<Nodes, Parent> {
  const parents = new Map<Nodes, Parent>()
  const walk = (node: Nodes) => {
    if (!('children' in node)) return
    for (const child of (node as Parent).children) {
      parents.set(child as Nodes, node as Parent)
      walk(child as Nodes)
    }
  }
  walk(tree)
  return parents
}

export { remarkQuotes }
