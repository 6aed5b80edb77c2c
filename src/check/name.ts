import { plainText } from '../document/placeholders.ts'
import { findNames, type NameContext } from '../glossary/names.ts'
import { plainView } from '../glossary/protect.ts'
import type { TermHit } from '../glossary/types.ts'
import { blockText, placeOfNode, type Edition } from './documents.ts'
import { buildNameContexts } from '../lexicon/names.ts'
import { machineUnits } from './machine-units.ts'
import type { CheckRule, RuleMessage } from './types.ts'

/** A person's choice in a reviewed translation (`the US` for `USA`) is theirs: this rule looks at machine drafts. */
export const nameRule: CheckRule = {
  id: 'name',
  defaultSeverity: 'error',
  async check(context) {
    const glossary = await context.glossary()
    const contextOf = await buildNameContexts(context.articles.map((article) => article.segmentation.units.map((unit) => unit.text)), { lang: context.config.source, root: context.config.root })
    const messages: RuleMessage[] = []
    for (const slot of context.editions) {
      if (!slot.edition || !slot.comparable) continue
      context.checked({ file: slot.file, kind: 'edition', lang: slot.lang })
      const machine = machineUnits(await context.catalog(slot.lang, slot.article.slug))
      for (const message of checkNames(slot.edition, contextOf, (text) => glossary.hits(text), machine)) messages.push(message)
    }
    return messages
  },
}

/**
 * name: every proper name of a source block (found as the build finds them: `glossary/names.ts`)
 * stands unchanged in the edition's block; a genitive may take the target's ending (`Ellevios`,
 * `Ellevio's`). A name the glossary translates (an exonym, `Göteborg` → `Gothenburg`) is the
 * glossary rules' business, not this one's.
 */
export function checkNames(edition: Edition, contextOf: (unitText: string) => NameContext, termHits: (text: string) => TermHit[], machine: (key: string) => boolean = () => true): RuleMessage[] {
  const messages: RuleMessage[] = []
  const article = edition.article
  article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    if (!target) return
    const translated = blockText(target, edition.text).text
    for (const part of block.parts) {
      if (part.kind !== 'unit' || !machine(part.unit.key)) continue
      const view = plainView(part.unit.text).text
      const terms = termHits(plainText(part.unit.text.replace(/<x\s+id="\d+"\s*\/>/g, '\uFFFC')))
      for (const name of findNames(view, contextOf(part.unit.text))) {
        if (terms.some((hit) => hit.start < name.end && name.start < hit.end)) continue
        if (contains(translated, name.stem)) continue
        const where = `${article.file}:${part.unit.line}:${part.unit.column}`
        messages.push({ ...placeOfNode(edition.file, target), message: `Missing name \`${name.source}\`, expected it unchanged as in the source (${where}): names are never translated`, source: { file: article.file, line: part.unit.line, column: part.unit.column } })
      }
    }
  })
  return messages
}

/** The name as whole words (a genitive ending after it allowed). */
function contains(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (/[\p{L}\p{N}]/u.test(text[at - 1] ?? '')) continue
    const after = text.slice(at + name.length)
    if (!/^[\p{L}\p{N}]/u.test(after) || /^(?:s|'s|’s)(?![\p{L}\p{N}])/u.test(after)) return true
  }
  return false
}
