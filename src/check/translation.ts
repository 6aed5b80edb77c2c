import { parsePlaceholders, plainText, type Slot } from '../document/placeholders.ts'
import type { CatalogTermCheck } from './catalog.ts'
import { numberPattern } from './markup.ts'
import { forbiddenForms, termProblems, type GlossaryContext } from './glossary-terms.ts'

/**
 * Whether a translation a person (or the memory) offers for a unit can stand in the catalog: the
 * same conditions an engine's answer must meet, and that `check` holds catalogs to. Every
 * placeholder of the unit back exactly once (kept quotations are placeholders, so they cannot be
 * touched), each glossary term in its approved form and no forbidden one, every number of the
 * source unchanged.
 */
export function translationProblems(unit: { text: string; slots: ReadonlyMap<number, Pick<Slot, 'kind'>> }, translation: string, lang: string, context?: GlossaryContext): string[] {
  if (translation.trim() === '') return ['Empty translation, expected text']
  const { problems } = parsePlaceholders(translation, unit.slots)
  const found = problems.map((problem) => `Placeholders: ${problem}`)
  if (context) for (const problem of catalogTerms(context)(unit, translation, lang)) found.push(problem)
  const numbers = (text: string) => [...plainText(text.replace(/<x\s+id="\d+"\s*(?:\/>|><\/x\s*>)/g, ' ')).matchAll(numberPattern)].map((match) => match[0].replace(/\D/g, ''))
  const left = numbers(translation)
  for (const number of numbers(unit.text)) {
    const at = left.indexOf(number)
    if (at >= 0) left.splice(at, 1)
    else found.push(`Missing number \`${number}\`, expected every number of the source unchanged`)
  }
  for (const number of left) found.push(`Unexpected number \`${number}\`, expected only the numbers of the source`)
  return found
}

/** The glossary check of one catalog translation, as the `catalog` rule applies it. */
export function catalogTerms(context: GlossaryContext): CatalogTermCheck {
  return (unit, translation, lang) => {
    const sourceText = plainText(unit.text.replace(/<x\s+id="\d+"\s*\/>/g, ' '))
    const translated = plainText(translation.replace(/<x\s+id="\d+"\s*(?:\/>|><\/x\s*>)/g, ' '))
    const problems = termProblems(sourceText, translated, lang, context).filter((problem) => !problem.forbidden).map((problem) => problem.message)
    for (const found of forbiddenForms(translated, lang, context)) problems.push(found.message)
    return problems
  }
}
