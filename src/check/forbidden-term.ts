import { blockText, placeOfFrontmatterKey, placeOfNode, quoteAtoms, type Edition } from './documents.ts'
import { withoutQuotes } from './glossary-term.ts'
import { forbiddenForms, type GlossaryContext } from './glossary-terms.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const forbiddenTermRule: CheckRule = {
  id: 'forbidden-term',
  defaultSeverity: 'error',
  async check(context) {
    const glossary = await context.glossary()
    return eachEdition(context, 'all', (edition) => checkForbiddenTerms(edition, glossary))
  },
}

/** forbidden-term: no forbidden target form anywhere in an edition (quotations aside). */
export function checkForbiddenTerms(edition: Edition, context: GlossaryContext): RuleMessage[] {
  const messages: RuleMessage[] = []
  edition.blocks.forEach((node, index) => {
    const block = edition.article.blocks[index]
    const { text, offsetOf } = blockText(node, edition.text)
    const searched = block ? withoutQuotes(text, quoteAtoms(block).map((atom) => atom.text)) : text
    for (const found of forbiddenForms(searched, edition.lang, context)) {
      const offset = offsetOf(found.start)
      const source = block ? { source: { file: edition.article.file, line: block.line, column: block.column } } : {}
      messages.push({ file: edition.file, ...(offset === undefined ? placeOfNode(edition.file, node) : edition.lines.at(offset)), message: found.message, ...source })
    }
  })
  for (const field of ['title', 'description']) {
    const value = edition.parsed.frontmatter[field]
    if (typeof value !== 'string') continue
    for (const found of forbiddenForms(value, edition.lang, context)) {
      messages.push({ ...placeOfFrontmatterKey(edition.file, edition.text, edition.lines, field), message: found.message })
    }
  }
  return messages
}
