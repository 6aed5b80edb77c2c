import type { Nodes, Parent, Root } from 'mdast'
import { alignValueToSource } from '../document/segment.ts'
import { placeOfNode, type Edition } from './documents.ts'
import type { LineIndex } from '../document/lines.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, Place, RuleMessage } from './types.ts'

export const markupRule: CheckRule = {
  id: 'markup',
  defaultSeverity: 'error',
  check: (context) => eachEdition(context, 'comparable', checkMarkup),
}

/**
 * markup: what no translation may change, block by block — link and image destinations, inline
 * code, numbers (`10 000`, `2025`, `3,5`) — and, for the whole document, code blocks, HTML blocks
 * and link definitions. Numbers are compared by their digits, so `10 000` may become `10,000`.
 */
export function checkMarkup(edition: Edition): RuleMessage[] {
  const messages: RuleMessage[] = []
  const article = edition.article
  article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    if (!target || !block.node) return
    const source = { file: article.file, line: block.line, column: block.column }
    const before = collect(block.node, article.text, article.lines, article.file)
    const after = collect(target, edition.text, edition.lines, edition.file)
    // Numbers are the `number` rule's (check/number.ts).
    for (const kind of ['link', 'image', 'code'] as const) {
      const { missing, extra } = difference(before[kind], after[kind])
      const noun = nouns[kind]
      for (let at = 0; at < Math.max(missing.length, extra.length); at++) {
        const lost = missing[at]
        const added = extra[at]
        const place: Place = added?.place ?? placeOfNode(edition.file, target)
        const message = added && lost
          ? `Unexpected ${noun} \`${added.shown}\`, expected \`${lost.shown}\` as in the source (${article.file}:${lost.place.line}:${lost.place.column})`
          : added
            ? `Unexpected ${noun} \`${added.shown}\`, expected no such ${noun}: the source block (${article.file}:${block.line}:${block.column}) has none`
            : `Missing ${noun} \`${lost!.shown}\`, expected it as in the source (${article.file}:${lost!.place.line}:${lost!.place.column})`
        messages.push({ ...place, message, source: lost?.place ?? source })
      }
    }
  })

  const sourceLiterals = literals(article.parsed.tree, article.file)
  const editionLiterals = literals(edition.parsed.tree, edition.file)
  const { missing, extra } = difference(sourceLiterals, editionLiterals)
  for (let at = 0; at < Math.max(missing.length, extra.length); at++) {
    const lost = missing[at]
    const added = extra[at]
    const place = added?.place ?? { file: edition.file, line: 1, column: 1 }
    const message = lost
      ? `Changed ${lost.kind}, expected \`${lost.shown}\` as in the source (${article.file}:${lost.place.line}:${lost.place.column})`
      : `Unexpected ${added!.kind} \`${added!.shown}\`, expected none that the source does not have`
    messages.push({ ...place, message, ...(lost ? { source: lost.place } : {}) })
  }
  return messages
}

interface Item {
  /** What is compared. */
  key: string
  /** What a message shows. */
  shown: string
  place: Place
  kind?: string
}

const nouns = { link: 'link destination', image: 'image', code: 'inline code', number: 'number' } as const

/** Numbers as written in Swedish news text: `10 000` (space-grouped), `2025`, `3,5`, `12.30`. */
export const numberPattern = /(?<![\p{N}])(?:\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?!\d)|\d+(?:[.,:]\d+)*)/gu

function collect(root: Parent, text: string, lines: LineIndex, file: string): Record<'link' | 'image' | 'code' | 'number', Item[]> {
  const found = { link: [] as Item[], image: [] as Item[], code: [] as Item[], number: [] as Item[] }
  const walk = (node: Nodes) => {
    switch (node.type) {
      case 'link':
        found.link.push({ key: node.url, shown: node.url, place: placeOfNode(file, node) })
        break
      case 'linkReference':
        found.link.push({ key: `[${node.identifier}]`, shown: `[${node.label ?? node.identifier}]`, place: placeOfNode(file, node) })
        break
      case 'image':
        found.image.push({ key: node.url, shown: node.url, place: placeOfNode(file, node) })
        return
      case 'imageReference':
        found.image.push({ key: `[${node.identifier}]`, shown: `[${node.label ?? node.identifier}]`, place: placeOfNode(file, node) })
        return
      case 'inlineCode':
        found.code.push({ key: node.value, shown: node.value, place: placeOfNode(file, node) })
        return
      case 'text':
        for (const match of node.value.matchAll(numberPattern)) {
          const begin = node.position?.start.offset
          const finish = node.position?.end.offset
          const offset = begin === undefined || finish === undefined ? undefined : alignValueToSource(node.value, text, begin, finish, match.index)
          found.number.push({ key: match[0].replace(/\D/g, ''), shown: match[0], place: offset === undefined ? placeOfNode(file, node) : { file, ...lines.at(offset) } })
        }
        return
      default:
    }
    if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes)
  }
  walk(root as Nodes)
  return found
}

/** Code blocks, HTML blocks and link definitions: kept as they are, wherever they stand. */
function literals(tree: Root, file: string): Item[] {
  const items: Item[] = []
  const walk = (node: Nodes) => {
    if (node.type === 'code') items.push({ key: `code\0${node.lang ?? ''}\0${node.value}`, shown: excerpt(node.value), place: placeOfNode(file, node), kind: 'code block' })
    else if (node.type === 'html') items.push({ key: `html\0${node.value}`, shown: excerpt(node.value), place: placeOfNode(file, node), kind: 'HTML block' })
    else if (node.type === 'definition') items.push({ key: `definition\0${node.identifier}\0${node.url}`, shown: `[${node.label ?? node.identifier}]: ${node.url}`, place: placeOfNode(file, node), kind: 'link definition' })
    else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') for (const child of (node as Parent).children) walk(child as Nodes)
  }
  walk(tree)
  return items
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat
}

/** Items of `before` not matched in `after`, and of `after` not matched in `before`, each in document order. */
function difference(before: Item[], after: Item[]): { missing: Item[]; extra: Item[] } {
  const counts = new Map<string, number>()
  for (const item of after) counts.set(item.key, (counts.get(item.key) ?? 0) + 1)
  const missing: Item[] = []
  for (const item of before) {
    const left = counts.get(item.key) ?? 0
    if (left > 0) counts.set(item.key, left - 1)
    else missing.push(item)
  }
  const extra: Item[] = []
  for (let index = after.length - 1; index >= 0; index--) {
    const item = after[index]!
    const left = counts.get(item.key) ?? 0
    if (left > 0) {
      counts.set(item.key, left - 1)
      extra.unshift(item)
    }
  }
  return { missing, extra }
}
