import { join } from 'node:path'
import { loadGenitivePatterns } from '../../src/project/glossary.ts'
import { compileMatcher, createTermProtector, parseGlossaryYaml, glossaryFromEntries, type GenitivePatterns } from '../../src/glossary/index.ts'
import { repoRoot } from '../helpers/project.ts'

/** A glossary like the project's, small enough to read next to the tests. */
export const testGlossaryYaml = `terms:
  - id: ice
    sv: ICE
    keep: true
  - id: dhs
    sv: DHS
    keep: true
  - id: spotify
    sv: Spotify
    keep: true
  - id: us-ice
    sv: US Immigration and Customs Enforcement
    keep: true
  - id: rekryteringskampanj
    sv: rekryteringskampanj
    sv_forms: { def: rekryteringskampanjen, pl: rekryteringskampanjer, defpl: rekryteringskampanjerna }
    targets:
      en: { term: recruitment campaign, pl: recruitment campaigns }
      da: { term: rekrutteringskampagne, def: rekrutteringskampagnen, pl: rekrutteringskampagner, defpl: rekrutteringskampagnerne }
      nb: { term: rekrutteringskampanje, def: rekrutteringskampanjen, pl: rekrutteringskampanjer, defpl: rekrutteringskampanjene }
    forbidden: { da: [vervingskampagne], nb: [vervingskampanje] }
  - id: myndighet
    sv: myndighet
    compounds: { hyphen: true, closed: true }
    targets:
      en: { term: agency, def: the agency, pl: agencies, defpl: the agencies }
      da: { term: myndighed, def: myndigheden, pl: myndigheder, defpl: myndighederne }
      nb: { term: myndighet, def: myndigheten, pl: myndigheter, defpl: myndighetene }
  - id: talesperson
    sv: talesperson
    targets:
      en: { term: spokesperson }
      da: { term: talsperson, def: talspersonen }
      nb: { term: talsperson, def: talspersonen }
`

export function testGlossary(yaml = testGlossaryYaml) {
  return glossaryFromEntries(parseGlossaryYaml(yaml, 'glossary/terms.yaml'), ['glossary/terms.yaml'])
}

export async function repoPatterns(): Promise<Record<string, GenitivePatterns>> {
  const locales = join(repoRoot, 'locales')
  return Object.fromEntries(await loadGenitivePatterns(locales, ['en', 'da', 'nb']))
}

export async function testProtector(yaml = testGlossaryYaml) {
  const glossary = testGlossary(yaml)
  return createTermProtector(glossary, compileMatcher(glossary), await repoPatterns())
}
