import type { Nodes } from 'mdast'
import { unsafeContent } from '../translate/unsafe.ts'
import { placeOfFrontmatterKey, placeOfNode, type Edition } from './documents.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const unsafeRule: CheckRule = {
  id: 'unsafe',
  defaultSeverity: 'error',
  check: (context) => eachEdition(context, 'comparable', checkUnsafe),
}

/**
 * unsafe: what the build refuses in an engine's answer must not be in an edition either, whoever
 * put it there (a catalog edited by hand or in a pull request, an edition edited after the build):
 * control characters (ESC sequences, OSC-8 hyperlinks, BEL), markup, `javascript:` links and URLs
 * that the source block does not have, in every block and in the translated front-matter fields.
 */
export function checkUnsafe(edition: Edition): RuleMessage[] {
  const messages: RuleMessage[] = []
  const article = edition.article
  article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    if (!target || !block.node) return
    const problem = unsafeContent(exposed(target as Nodes), exposed(block.node as Nodes))
    if (problem) messages.push({ ...placeOfNode(edition.file, target), message: `Unsafe text: ${problem.replace('the translation', 'the edition')}`, source: { file: article.file, line: block.line, column: block.column } })
  })
  for (const block of article.segmentation.blocks) {
    if (block.kind !== 'frontmatter' || !block.field) continue
    const original = article.parsed.frontmatter[block.field]
    const value = edition.parsed.frontmatter[block.field]
    if (typeof original !== 'string' || typeof value !== 'string') continue
    const problem = unsafeContent(value, original)
    if (problem) {
      messages.push({
        ...placeOfFrontmatterKey(edition.file, edition.text, edition.lines, block.field),
        message: `Unsafe front matter \`${block.field}\`: ${problem.replace('the translation', 'the edition')}`,
        source: { file: article.file, line: block.line, column: block.column },
      })
    }
  }
  return messages
}

/** Everything of a block that reaches a reader or a browser: its text, raw HTML, and link and image destinations and titles. */
function exposed(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html') return node.value
  const parts: string[] = []
  if (node.type === 'link' || node.type === 'image' || node.type === 'definition') parts.push(` ${node.url} ${node.title ?? ''} `)
  if (node.type === 'image') parts.push(node.alt ?? '')
  if ('children' in node) for (const child of node.children) parts.push(exposed(child as Nodes))
  return parts.join('')
}
