import { plainText } from '../document/placeholders.ts'
import { blockText, placeOfFrontmatterKey, placeOfNode, quoteAtoms, type Edition } from './documents.ts'
import { termProblems, type GlossaryContext } from './glossary-terms.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const glossaryTermRule: CheckRule = {
  id: 'glossary-term',
  defaultSeverity: 'error',
  async check(context) {
    const glossary = await context.glossary()
    return eachEdition(context, 'comparable', (edition) => checkGlossaryTerms(edition, glossary, { forbiddenReported: context.isOn('forbidden-term') }))
  },
}

/**
 * glossary-term: for every block of the source, each glossary hit outside quotations has its
 * approved target form, in the hit's grammatical form, in the same block of the edition;
 * `keep` terms appear as written. A forbidden form in place of an approved one is left to
 * `forbidden-term` when that rule is on.
 */
export function checkGlossaryTerms(edition: Edition, context: GlossaryContext, options: { forbiddenReported: boolean }): RuleMessage[] {
  const messages: RuleMessage[] = []
  const article = edition.article
  article.blocks.forEach((block, index) => {
    const node = edition.blocks[index]
    if (!node) return
    const sourceText = block.parts.map((part) => (part.kind === 'unit' ? plainText(part.unit.text.replace(/<x\s+id="\d+"\s*\/>/g, ' ')) : ' ')).join(' ')
    const { text, offsetOf } = blockText(node, edition.text)
    const translated = withoutQuotes(text, quoteAtoms(block).map((atom) => atom.text))
    for (const problem of termProblems(sourceText, translated, edition.lang, context)) {
      if (problem.forbidden && options.forbiddenReported) continue
      const offset = problem.start === undefined ? undefined : offsetOf(problem.start)
      const place = offset === undefined ? placeOfNode(edition.file, node) : { file: edition.file, ...edition.lines.at(offset) }
      messages.push({ ...place, message: problem.message, source: { file: article.file, line: block.line, column: block.column } })
    }
  })
  for (const block of article.segmentation.blocks) {
    if (block.kind !== 'frontmatter' || !block.field) continue
    const original = article.parsed.frontmatter[block.field]
    const value = edition.parsed.frontmatter[block.field]
    if (typeof original !== 'string' || typeof value !== 'string') continue
    for (const problem of termProblems(original, value, edition.lang, context)) {
      if (problem.forbidden && options.forbiddenReported) continue
      messages.push({ ...placeOfFrontmatterKey(edition.file, edition.text, edition.lines, block.field), message: problem.message, source: { file: article.file, line: block.line, column: block.column } })
    }
  }
  return messages
}

/** Blank out kept quotations (source language, untouched by the glossary), keeping offsets. */
export function withoutQuotes(text: string, quotes: readonly string[]): string {
  let result = text
  for (const quote of quotes) {
    const at = result.indexOf(quote)
    if (at >= 0) result = result.slice(0, at) + '\u0000'.repeat(quote.length) + result.slice(at + quote.length)
  }
  return result
}
