import { compoundCandidates, compoundIndex, findCompounds, type CompoundHit, type CompoundIndex } from '../glossary/compounds.ts'
import { englishGenitive, plainView, type Glossary } from '../glossary/index.ts'
import { numberFormatsFor } from '../glossary/numbers.ts'
import { composeProtection, type TermProtector } from '../glossary/protection.ts'
import { lexiconFor } from '../lexicon/apertium.ts'
import { buildNameContexts } from '../lexicon/names.ts'
import type { LanguageFormats } from './glossary.ts'

/**
 * What protects each unit before an engine sees it: the glossary's terms, the proper names of
 * this build's articles, and numbers in each target language's format (`locales/<lng>/tolk.json`);
 * closed compounds of terms are found for the report. The Swedish lexicon is asked once for all
 * the build's words it must decide (one `lt-proc` for names, one for compounds).
 */
export async function unitProtection({ source, root }: { source: string; /** The project, whose cache keeps the lexicon's answers between runs. */ root?: string }, formats: LanguageFormats, terms: TermProtector | undefined, segmentations: ReadonlyArray<{ units: ReadonlyArray<{ text: string }> }>, glossary?: Glossary, compounds?: () => CompoundIndex): Promise<TermProtector> {
  const texts = segmentations.flatMap((segmentation) => segmentation.units.map((unit) => unit.text))
  const index = compounds ?? (() => compoundIndex(glossary!))
  const [names, found] = await Promise.all([buildNameContexts(segmentations.map((segmentation) => segmentation.units.map((unit) => unit.text)), { lang: source, root }), glossary ? compoundFinder(source, root, index(), texts) : undefined])
  return composeProtection(terms, {
    names,
    compounds: found,
    patterns: (lang) => formats.patterns.get(lang) ?? englishGenitive,
    numbers: (lang) => formats.numbers.get(lang) ?? numberFormatsFor(lang),
  })
}

/** Closed compounds of the glossary's terms, their other parts confirmed by the Swedish lexicon (asked once for all the build's candidates). */
async function compoundFinder(source: string, root: string | undefined, index: CompoundIndex, texts: readonly string[]): Promise<((plain: string) => CompoundHit[]) | undefined> {
  if (index.lemmas.size === 0) return undefined
  const rests = new Set<string>()
  for (const text of texts) for (const candidate of compoundCandidates(plainView(text).text, index)) rests.add(candidate.rest.toLowerCase())
  if (rests.size === 0) return undefined
  const lexicon = await lexiconFor(source, { root })
  if (!lexicon) return undefined
  await lexicon.load([...rests].flatMap((rest) => (rest.endsWith('s') ? [rest, rest.slice(0, -1)] : [rest])))
  return (plain) => findCompounds(plain, index, (part) => lexicon.get(part)?.common === true)
}
