import { escapeXml, parsePlaceholders, type Slot } from '../document/placeholders.ts'
import type { Place } from '../errors.ts'
import type { Inline } from './inline.ts'
import type { Dialect } from './xliff-read.ts'
import { textContent, type XmlDocument, type XmlElement, type XmlNode } from './xml.ts'

/**
 * A translator's target back into tolk's unit text (`<g id>`/`<x id>` placeholders), checked
 * against the source: every inline code back exactly once and of the same kind (nesting is the
 * XML's own), every kept quotation back unchanged, nothing invented. Each problem has the place
 * of the element at fault, or of the target.
 */

export interface TargetProblem {
  message: string
  place: Place
}

interface ExpectedCode {
  kind: 'pair' | 'ph' | 'quote'
  label: string
  quote?: string
}

/** The codes and quotations of a source, by tolk placeholder id. */
function expectedCodes(source: readonly Inline[]): Map<number, ExpectedCode> {
  const codes = new Map<number, ExpectedCode>()
  const walk = (items: readonly Inline[]) => {
    for (const item of items) {
      if (item.kind === 'pair') {
        codes.set(item.id, { kind: 'pair', label: item.code.label })
        walk(item.children)
      } else if (item.kind === 'ph') codes.set(item.id, { kind: 'ph', label: item.code.label })
      else if (item.kind === 'quote') codes.set(item.id, { kind: 'quote', label: 'quotation', quote: item.text })
      else if (item.kind === 'term') walk(item.children)
    }
  }
  walk(source)
  return codes
}

export function targetToUnitText(options: {
  target: XmlElement
  source: readonly Inline[]
  slots: ReadonlyMap<number, Slot>
  dialect: Dialect
  ordinal: string
  document: XmlDocument
  /** How a code is written in this file, for messages (`<pc id="1.2">`, `<g id="2">`). */
  show: (kind: ExpectedCode['kind'], id: number) => string
}): { text: string; problems: TargetProblem[] } {
  const { document, show } = options
  const expected = expectedCodes(options.source)
  const seen = new Map<number, XmlElement[]>()
  const problems: TargetProblem[] = []
  const at = (element: XmlElement): Place => document.placeOf(element.offset)
  const targetPlace = at(options.target)

  const quoteFor = (text: string): number | undefined => {
    const open = [...expected].filter(([id, code]) => code.kind === 'quote' && !seen.has(id))
    return (open.find(([, code]) => code.quote === text) ?? open[0])?.[0]
  }

  const walk = (nodes: readonly XmlNode[]): string =>
    nodes
      .map((node) => {
        if ('text' in node) return escapeXml(node.text)
        const role = options.dialect(node, options.ordinal)
        if (role.role === 'unwrap') return walk(node.children)
        if (role.role === 'char') return escapeXml(role.char)
        if (role.role === 'refuse') {
          problems.push({ message: `Unexpected \`<${node.name}>\`, expected ${role.expected}`, place: at(node) })
          return ''
        }
        // XLIFF 1.2 marks carry no id a schema allows: a quotation is found by its text, or is the next one not seen yet.
        if (role.role === 'quote' && role.id === undefined) role.id = quoteFor(textContent(node))
        const wanted = role.id === undefined ? undefined : expected.get(role.id)
        const written = `<${node.name}${node.attributes.id !== undefined ? ` id="${node.attributes.id}"` : node.attributes.mid !== undefined ? ` mid="${node.attributes.mid}"` : ''}>`
        if (role.id === undefined || !wanted) {
          problems.push({ message: `Unexpected inline code \`${written}\`, expected only the codes of the source`, place: at(node) })
          return ''
        }
        if (wanted.kind !== role.role) {
          problems.push({ message: `Unexpected \`${written}\`, expected \`${show(wanted.kind, role.id)}\` (${wanted.label}) as in the source`, place: at(node) })
          return ''
        }
        seen.set(role.id, [...(seen.get(role.id) ?? []), node])
        if (role.role === 'quote') {
          const text = textContent(node)
          if (text !== wanted.quote) problems.push({ message: `Changed quotation \`${excerpt(text)}\`, expected it exactly as in the source: \`${excerpt(wanted.quote!)}\``, place: at(node) })
          return `<x id="${role.id}"/>`
        }
        if (role.role === 'ph') return `<x id="${role.id}"/>`
        return `<g id="${role.id}">${walk(node.children)}</g>`
      })
      .join('')

  const text = walk(options.target.children)
  for (const [id, code] of expected) {
    const found = seen.get(id) ?? []
    if (found.length === 0) {
      problems.push({
        message: code.kind === 'quote' ? `Missing quotation \`${excerpt(code.quote!)}\` (\`${show('quote', id)}\`), expected it kept in the original` : `Missing inline code \`${show(code.kind, id)}\` (${code.label}), expected every code of the source exactly once`,
        place: targetPlace,
      })
    }
    for (const extra of found.slice(1)) problems.push({ message: `Duplicated inline code \`${show(code.kind, id)}\` (${code.label}), expected it exactly once`, place: at(extra) })
  }
  if (problems.length === 0) {
    // What the build itself requires of a translation: the same check an engine's answer passes.
    for (const problem of parsePlaceholders(text, options.slots).problems) problems.push({ message: `Unexpected target: ${problem}`, place: targetPlace })
  }
  return { text: text.trim() === text ? text : text.trim(), problems }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat
}
