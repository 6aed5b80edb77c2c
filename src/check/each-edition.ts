import type { Edition } from './documents.ts'
import type { CheckContext, RuleMessage } from './types.ts'

/**
 * Run a rule over editions, each recorded as checked by it: the `comparable` ones (built from the
 * source as it is, block for block), or every edition that exists (`all`).
 */
export function eachEdition(context: CheckContext, which: 'comparable' | 'all', produce: (edition: Edition) => RuleMessage[]): RuleMessage[] {
  const messages: RuleMessage[] = []
  for (const slot of context.editions) {
    if (!slot.edition || (which === 'comparable' && !slot.comparable)) continue
    context.checked({ file: slot.file, kind: 'edition', lang: slot.lang })
    // One finding per unit of a huge article is possible: no spread (it would overflow the argument limit).
    for (const message of produce(slot.edition)) messages.push(message)
  }
  return messages
}
