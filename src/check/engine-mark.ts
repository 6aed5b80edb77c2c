import { blockText, quoteAtoms, type Edition } from './documents.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const engineMarkRule: CheckRule = {
  id: 'engine-mark',
  defaultSeverity: 'error',
  check: (context) => eachEdition(context, 'comparable', checkEngineMarks),
}

/**
 * engine-mark: an engine's unknown-word mark (`*word`, `@word`, `#word`, or inside a word:
 * `ned#dragning`) in an edition where the source has none, wherever the text came from (an
 * engine answer kept in a catalog, a hand edit).
 */
export function checkEngineMarks(edition: Edition): RuleMessage[] {
  const messages: RuleMessage[] = []
  edition.article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    if (!target) return
    const source = block.node ? blockText(block.node, edition.article.text).text : ''
    const { text, offsetOf } = blockText(target, edition.text)
    const quoted = quoteAtoms(block).map((atom) => atom.text)
    for (const match of text.matchAll(markedToken)) {
      const token = match[0]
      if (source.includes(token) || quoted.some((quote) => quote.includes(token))) continue
      const offset = offsetOf(match.index)
      const place = offset === undefined ? { line: target.position?.start.line ?? 1, column: target.position?.start.column ?? 1 } : edition.lines.at(offset)
      messages.push({
        file: edition.file,
        ...place,
        message: `Unexpected engine mark in \`${token}\`, expected \`${token.replace(/[*#@]/g, '')}\`: the engine did not know the word (source ${edition.article.file}:${block.line}:${block.column})`,
        source: { file: edition.article.file, line: block.line, column: block.column },
      })
    }
  })
  return messages
}

/** A word with `*`, `#` or `@` before or inside it (not a character reference, not an address). */
const markedToken = /(?<![&\p{L}\p{N}.])[\p{L}\p{N}]*[*#@][\p{L}][\p{L}\p{N}*#@'’-]*/gu
