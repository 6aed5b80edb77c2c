import type { FootnoteDefinition, FootnoteReference, Nodes, Parent, Root } from 'mdast'

/**
 * Flagging kept quotations in an edition: footnote labels that never collide with the article's
 * own footnotes, the footnote nodes, and where each quotation landed in the edition's Markdown.
 * Plain functions over mdast and strings.
 */

/** A footnote label prefix no footnote of the article starts with: `tolk-quote-`, else `tolk-quote1-`, … */
export function footnotePrefix(tree: Root): string {
  const labels: string[] = []
  const walk = (node: Nodes) => {
    if (node.type === 'footnoteDefinition' || node.type === 'footnoteReference') labels.push(node.identifier.toLowerCase())
    if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes)
  }
  walk(tree)
  for (let attempt = 0; ; attempt++) {
    const prefix = attempt === 0 ? 'tolk-quote-' : `tolk-quote${attempt}-`
    if (!labels.some((label) => label.startsWith(prefix))) return prefix
  }
}

/** The label of quotation `index` (0-based): `tolk-quote-1` for the first. */
export function flagLabel(prefix: string, index: number): string {
  return `${prefix}${index + 1}`
}

export function flagReference(label: string): FootnoteReference {
  return { type: 'footnoteReference', identifier: label, label }
}

/** A footnote definition of one paragraph per text given (the flag, then e.g. a courtesy translation). */
export function flagDefinition(label: string, paragraphs: readonly string[]): FootnoteDefinition {
  return {
    type: 'footnoteDefinition',
    identifier: label,
    label,
    children: paragraphs.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
  }
}

/**
 * The Markdown of a quotation without the container prefixes (`> `, list indentation) that its
 * continuation lines carry in the source: the edition's serializer writes its own. Paragraph
 * continuation lines cannot start with white space or `>` that belong to the text, so nothing of
 * the quotation is lost.
 */
export function withoutContainerPrefixes(raw: string): string {
  return raw.replace(/\n(?:[ \t]*>)*[ \t]*/g, '\n')
}

/**
 * The 1-based line on which each quotation starts in the edition: the first line of its first part,
 * searched in document order, each search starting where the previous quotation was found.
 */
export function editionLines(markdown: string, quotes: ReadonlyArray<{ index: number; markdown: string }>): Map<number, number> {
  const lines = new Map<number, number>()
  const body = markdown.startsWith('---\n') ? markdown.indexOf('\n---\n', 3) + 5 : 0
  let cursor = Math.max(body, 0)
  // Lines are counted from where the previous quotation was found, so the whole is one pass.
  let counted = 0
  let line = 1
  for (const quote of quotes) {
    const firstLine = quote.markdown.split('\n')[0]!
    if (!firstLine) continue
    const at = markdown.indexOf(firstLine, cursor)
    if (at < 0) continue
    for (let index = markdown.indexOf('\n', counted); index >= 0 && index < at; index = markdown.indexOf('\n', index + 1)) line++
    counted = at
    lines.set(quote.index, line)
    cursor = at + firstLine.length
  }
  return lines
}
