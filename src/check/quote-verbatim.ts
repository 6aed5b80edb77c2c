import type { ResolvedConfig } from '../config/schema.ts'
import { flagLabel, placeOfNode, quoteAtoms, type Edition } from './documents.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const quoteVerbatimRule: CheckRule = {
  id: 'quote-verbatim',
  defaultSeverity: 'error',
  check: (context) => eachEdition(context, 'comparable', (edition) => checkQuotes(edition, context.config)),
}

/**
 * quote-verbatim: every quotation the build keeps appears in the edition's block byte for byte as
 * in the source, and, when quotations are flagged, is followed by its footnote reference, whose
 * definition the edition has.
 */
export function checkQuotes(edition: Edition, config: ResolvedConfig): RuleMessage[] {
  const messages: RuleMessage[] = []
  const flagged = config.quotes.flag === 'footnote'
  const article = edition.article
  article.blocks.forEach((block, index) => {
    const node = edition.blocks[index]
    const atoms = quoteAtoms(block)
    if (!node || atoms.length === 0) return
    const start = node.position?.start.offset ?? 0
    const end = node.position?.end.offset ?? edition.text.length
    const markdown = edition.text.slice(start, end)
    let cursor = 0
    for (const atom of atoms) {
      const source = { file: article.file, line: atom.line, column: atom.column }
      const expected = atom.raw ?? atom.text
      const at = markdown.indexOf(expected, cursor)
      if (at < 0) {
        messages.push({ ...placeOfNode(edition.file, node), message: `Altered quotation, expected \`${excerpt(expected)}\` byte for byte as in the source (${article.file}:${atom.line}:${atom.column})`, source })
        continue
      }
      cursor = at + expected.length
      if (!flagged || !atom.closes) continue
      const label = `tolk-quote-${atom.quote + 1}`
      const reference = /^\[\^([^\]\s]+)\]/.exec(markdown.slice(cursor))
      const place = { file: edition.file, ...edition.lines.at(start + cursor) }
      if (!reference || !flagLabel.test(reference[1]!) || flagLabel.exec(reference[1]!)![1] !== String(atom.quote + 1)) {
        messages.push({ ...place, message: `Unflagged quotation, expected the footnote reference \`[^${label}]\` right after it (${article.file}:${atom.line}:${atom.column})`, source })
        continue
      }
      cursor += reference[0].length
      if (!edition.flagDefinitions.has(reference[1]!)) {
        messages.push({ ...place, message: `Quotation flag \`[^${reference[1]}]\` has no footnote definition, expected \`[^${reference[1]}]: …\` at the end of the edition`, source })
      }
    }
  })
  return messages
}

export function excerpt(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat
}
