import type { ExchangeBlock, ExchangeSegment } from './exchange.ts'
import type { Inline } from './inline.ts'
import { writeXml, type OutNode } from './xml.ts'

/**
 * XLIFF 2.1 (OASIS, core namespace `urn:oasis:names:tc:xliff:document:2.0`): one `<unit>` per
 * block, one `<segment>` per sentence (its `id` is the unit key of tolk's catalog, its `state` the
 * catalog's, `subState` tolk's own word for it), the text between sentences as `<ignorable>`.
 * Emphasis, strong and links are `<pc>`, code, images, breaks, HTML and footnote references
 * `<ph>`, with the Markdown in `<originalData>`; kept quotations are `<mrk translate="no">`;
 * glossary hits are `<mrk type="term">`, their approved targets in the Glossary module.
 * Code ids are `<segment>.<placeholder>` (`i<n>.<placeholder>` in ignorables), so an import can
 * map each one back to tolk's placeholder.
 */

export const xliff2Namespace = 'urn:oasis:names:tc:xliff:document:2.0'
export const glossaryNamespace = 'urn:oasis:names:tc:xliff:glossary:2.0'

/** Elements with mixed content, written as they are. */
const mixed = new Set(['source', 'target', 'data', 'note', 'gls:term', 'gls:translation'])

export interface XliffFile {
  srcLang: string
  trgLang: string
  /** The article's slug. */
  id: string
  /** The article's path relative to the project. */
  original: string
  blocks: ExchangeBlock[]
}

export function writeXliff21(file: XliffFile): string {
  const units = file.blocks.map((block) => unitElement(block, file.original))
  return writeXml(
    {
      tag: 'xliff',
      attributes: { xmlns: xliff2Namespace, 'xmlns:gls': glossaryNamespace, version: '2.1', srcLang: file.srcLang, trgLang: file.trgLang },
      children: [{ tag: 'file', attributes: { id: `f-${file.id}`, original: file.original, canResegment: 'no' }, children: units }],
    },
    { mixed },
  )
}

function unitElement(block: ExchangeBlock, original: string): OutNode {
  const data: OutNode[] = []
  const glossary: OutNode[] = []
  const children: OutNode[] = []
  let segments = 0
  let ignorables = 0
  for (const part of block.parts) {
    if (part.kind === 'ignorable') {
      const prefix = `i${++ignorables}`
      children.push({ tag: 'ignorable', children: [{ tag: 'source', children: inline(part.content, prefix, data, undefined) }] })
      continue
    }
    const prefix = String(++segments)
    // The same sentence twice in a block: its second segment gets `-2` (ids are unique in a unit).
    const earlier = block.parts.slice(0, block.parts.indexOf(part)).filter((other) => other.kind === 'segment' && other.segment.key === part.segment.key).length
    children.push(segmentElement(part.segment, earlier === 0 ? part.segment.key : `${part.segment.key}-${earlier + 1}`, prefix, data, glossary))
  }
  const notes: OutNode = { tag: 'notes', children: [{ tag: 'note', attributes: { category: 'location' }, children: [{ text: `${block.kind}, ${original}:${block.line}:${block.column}` }] }] }
  return {
    tag: 'unit',
    attributes: { id: block.id, name: block.kind, canResegment: 'no', 'xml:space': 'preserve' },
    children: [...(glossary.length > 0 ? [{ tag: 'gls:glossary', children: glossary }] : []), notes, ...(data.length > 0 ? [{ tag: 'originalData', children: data }] : []), ...children],
  }
}

function segmentElement(segment: ExchangeSegment, id: string, prefix: string, data: OutNode[], glossary: OutNode[]): OutNode {
  const source: OutNode = { tag: 'source', children: inline(segment.source, prefix, data, glossary) }
  const target: OutNode[] = segment.target ? [{ tag: 'target', children: inline(segment.target, prefix, undefined, undefined) }] : []
  const subState = segment.status === 'missing' ? undefined : `tolk:${segment.status}`
  return { tag: 'segment', attributes: { id, state: segment.state, subState }, children: [source, ...target] }
}

/**
 * Inline content as XLIFF 2 elements. `data` collects `<originalData>` entries (the source's;
 * a target refers to the same ones), `glossary` the Glossary module's entries for term marks.
 */
function inline(content: readonly Inline[], prefix: string, data: OutNode[] | undefined, glossary: OutNode[] | undefined): OutNode[] {
  let terms = 0
  const walk = (items: readonly Inline[]): OutNode[] =>
    items.map((item): OutNode => {
      switch (item.kind) {
        case 'text':
          return { text: item.value }
        case 'pair': {
          const id = `${prefix}.${item.id}`
          data?.push(dataElement(`d${id}s`, item.code.start), dataElement(`d${id}e`, item.code.end ?? ''))
          return { tag: 'pc', attributes: { id, dataRefStart: `d${id}s`, dataRefEnd: `d${id}e`, type: item.code.type, subType: item.code.subType, dispStart: item.code.start || undefined, dispEnd: item.code.end || undefined }, children: walk(item.children) }
        }
        case 'ph': {
          const id = `${prefix}.${item.id}`
          data?.push(dataElement(`d${id}`, item.code.start))
          return { tag: 'ph', attributes: { id, dataRef: `d${id}`, type: item.code.type, subType: item.code.subType, disp: item.code.start || undefined } }
        }
        case 'quote':
          return { tag: 'mrk', attributes: { id: `${prefix}.${item.id}`, translate: 'no' }, children: [{ text: item.text }] }
        case 'term': {
          const id = `t${prefix}.${++terms}`
          glossary?.push({
            tag: 'gls:glossEntry',
            attributes: { ref: `#${id}` },
            children: [
              { tag: 'gls:term', attributes: { source: item.entry ? `tolk glossary: ${item.entry}` : 'tolk glossary' }, children: walk(item.children) },
              { tag: 'gls:translation', children: [{ text: item.target }] },
            ],
          })
          return { tag: 'mrk', attributes: { id, type: 'term', value: item.target }, children: walk(item.children) }
        }
      }
    })
  return walk(content)
}

function dataElement(id: string, markdown: string): OutNode {
  return { tag: 'data', attributes: { id }, children: markdown ? [{ text: markdown }] : [] }
}
