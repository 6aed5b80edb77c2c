import { blockText, type Edition } from './documents.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const spacingRule: CheckRule = {
  id: 'spacing',
  defaultSeverity: 'warn',
  check: (context) => eachEdition(context, 'comparable', checkSpacing),
}

/**
 * spacing: a doubled space, or a blank before a full stop, comma, colon, semicolon, question or
 * exclamation mark, in an edition's block where the source block has none. It is what Apertium
 * leaves where its transfer moved words across a placeholder and left the placeholder's blanks
 * behind (`Friluftselskapet varsler ansatte Fjällräven  120 .`): a sign that the sentence's words
 * may be out of order, for a reviewer to read.
 */
export function checkSpacing(edition: Edition): RuleMessage[] {
  const messages: RuleMessage[] = []
  edition.article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    if (!target || !block.node) return
    const source = blockText(block.node, edition.article.text).text
    const { text, offsetOf } = blockText(target, edition.text)
    // The first odd blank the source does not have: one finding says the block should be read.
    for (const match of text.matchAll(oddBlank)) {
      const found = match[0]
      const kind = found.endsWith(' ') ? '  ' : found
      if (kind === '  ' ? source.includes('  ') : source.includes(found)) continue
      const offset = offsetOf(match.index)
      const place = offset === undefined ? { line: target.position?.start.line ?? 1, column: target.position?.start.column ?? 1 } : edition.lines.at(offset)
      const excerpt = sentenceAround(text, match.index, found.length).replace(/\uFFFC/g, '…')
      const what = kind === '  ' ? 'doubled space' : `blank before \`${found.trim()}\``
      messages.push({
        file: edition.file,
        ...place,
        message: `Unexpected ${what} in \`${excerpt}\`, expected ${kind === '  ' ? 'one space' : 'none'} as in the source: an engine may have moved words around a placeholder (source ${edition.article.file}:${block.line}:${block.column})`,
        source: { file: edition.article.file, line: block.line, column: block.column },
      })
      break
    }
  })
  return messages
}

/** Two or more spaces, or a space before sentence punctuation (not before an ellipsis `...`). */
const oddBlank = / {2,}| [.,:;?!](?!\.)/g

/** The sentence of a block's text a match stands in (up to 60 characters either side of it), for the message. */
function sentenceAround(text: string, index: number, length: number): string {
  const before = text.slice(Math.max(0, index - 60), index)
  const after = text.slice(index + length, index + length + 60)
  const start = before.search(/(?:[.!?]\s+)(?=[^.!?]*$)/)
  const head = start < 0 ? (index > 60 ? `…${before.trimStart()}` : before) : before.slice(start).replace(/^[.!?]\s+/, '')
  const end = /[.!?](?=\s|$)/.exec(after)
  const tail = end ? after.slice(0, end.index + 1) : index + length + 60 < text.length ? `${after.trimEnd()}…` : after
  return `${head}${text.slice(index, index + length)}${tail}`
}
