import type { ExchangeSegment } from './exchange.ts'
import type { Inline } from './inline.ts'
import type { XliffFile } from './xliff21.ts'
import { writeXml, type OutNode } from './xml.ts'

/**
 * XLIFF 1.2 (OASIS, strict schema), for tools that read only 1.2 (Poedit, Translate Toolkit,
 * older Trados): a `<group>` per block, a `<trans-unit>` per sentence whose `id` is the unit key
 * (`-2`… when a sentence comes back in the same article), `<g>` for paired codes and `<x>` for
 * standalone ones (ids are tolk's placeholder numbers, the Markdown in `equiv-text`), kept
 * quotations as `<mrk mtype="protected">` (found again by their text: 1.2 allows no id on them), glossary hits as `<mrk mtype="term">` with the approved
 * target in `comment` and a note. States: `translated` (machine draft),
 * `needs-review-translation`, `signed-off` with `approved="yes"` (reviewed).
 */

export const xliff12Namespace = 'urn:oasis:names:tc:xliff:document:1.2'

const mixed = new Set(['source', 'target', 'note'])

/** XLIFF 1.2's target state for a segment. */
function state12(segment: ExchangeSegment): string | undefined {
  if (segment.status === 'reviewed') return 'signed-off'
  if (segment.status === 'needs-review') return 'needs-review-translation'
  return segment.status === 'missing' ? undefined : 'translated'
}

export function writeXliff12(file: XliffFile): string {
  const used = new Map<string, number>()
  const groups = file.blocks.map((block): OutNode => {
    const units: OutNode[] = []
    for (const part of block.parts) {
      if (part.kind !== 'segment') continue
      const segment = part.segment
      const seen = (used.get(segment.key) ?? 0) + 1
      used.set(segment.key, seen)
      const notes: OutNode[] = []
      const source = inline12(segment.source, notes)
      const target: OutNode[] = segment.target ? [{ tag: 'target', attributes: { state: state12(segment) }, children: inline12(segment.target, []) }] : []
      units.push({
        tag: 'trans-unit',
        attributes: { id: seen === 1 ? segment.key : `${segment.key}-${seen}`, approved: segment.status === 'reviewed' ? 'yes' : 'no', 'xml:space': 'preserve' },
        children: [{ tag: 'source', children: source }, ...target, ...notes],
      })
    }
    return { tag: 'group', attributes: { id: block.id, resname: `${block.kind}, ${file.original}:${block.line}:${block.column}` }, children: units }
  })
  return writeXml(
    {
      tag: 'xliff',
      attributes: { version: '1.2', xmlns: xliff12Namespace },
      children: [
        {
          tag: 'file',
          attributes: { original: file.original, 'source-language': file.srcLang, 'target-language': file.trgLang, datatype: 'x-markdown', 'tool-id': 'tolk' },
          children: [
            { tag: 'header', children: [{ tag: 'tool', attributes: { 'tool-id': 'tolk', 'tool-name': 'tolk' } }] },
            { tag: 'body', children: groups },
          ],
        },
      ],
    },
    { mixed },
  )
}

function inline12(content: readonly Inline[], notes: OutNode[]): OutNode[] {
  const walk = (items: readonly Inline[]): OutNode[] =>
    items.map((item): OutNode => {
      switch (item.kind) {
        case 'text':
          return { text: item.value }
        case 'pair':
          return { tag: 'g', attributes: { id: String(item.id), ctype: item.code.ctype }, children: walk(item.children) }
        case 'ph':
          return { tag: 'x', attributes: { id: String(item.id), ctype: item.code.ctype, 'equiv-text': item.code.start || undefined } }
        case 'quote':
          return { tag: 'mrk', attributes: { mtype: 'protected', comment: 'quotation kept in the original' }, children: [{ text: item.text }] }
        case 'term': {
          const surface = item.children.map((child) => (child.kind === 'text' ? child.value : '')).join('')
          notes.push({ tag: 'note', attributes: { from: 'tolk glossary', annotates: 'source' }, children: [{ text: `${surface} → ${item.target}` }] })
          return { tag: 'mrk', attributes: { mtype: 'term', comment: `approved: ${item.target}` }, children: walk(item.children) }
        }
      }
    })
  return walk(content)
}
