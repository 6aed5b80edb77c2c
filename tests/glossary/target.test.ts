import { describe, expect, it } from 'vitest'
import { compileMatcher, matchTerms, targetForm } from '../../src/glossary/index.ts'
import { repoPatterns, testGlossary, testProtector } from './helpers.ts'

const glossary = testGlossary()
const matcher = compileMatcher(glossary)
const patterns = await repoPatterns()

function target(text: string, lang: string) {
  const [hit] = matchTerms(text, matcher)
  if (!hit) throw new Error(`no hit in ${text}`)
  return targetForm(hit, lang, patterns[lang]!)
}

describe('targetForm', () => {
  const table: Array<[string, string, string]> = [
    ['ICE:s', 'en', "ICE's"],
    ['ICE:s', 'da', "ICE's"],
    ['ICE:s', 'nb', 'ICEs'],
    ['DHS:s', 'en', "DHS's"],
    ['DHS:s', 'da', "DHS'"],
    ['DHS:s', 'nb', "DHS'"],
    ['Spotifys', 'en', "Spotify's"],
    ['Spotifys', 'da', 'Spotifys'],
    ['rekryteringskampanj', 'da', 'rekrutteringskampagne'],
    ['rekryteringskampanjen', 'da', 'rekrutteringskampagnen'],
    ['rekryteringskampanjer', 'nb', 'rekrutteringskampanjer'],
    ['rekryteringskampanjerna', 'da', 'rekrutteringskampagnerne'],
    ['rekryteringskampanjerna', 'nb', 'rekrutteringskampanjene'],
    ['rekryteringskampanjerna', 'en', 'recruitment campaigns'],
    ['rekryteringskampanjens', 'da', 'rekrutteringskampagnens'],
    ['rekryteringskampanjernas', 'en', "recruitment campaigns'"],
    ['Rekryteringskampanjen', 'da', 'Rekrutteringskampagnen'],
    ['ICE', 'da', 'ICE'],
    // Double definiteness: Swedish and Bokmål keep the definite noun after a determiner, Danish and
    // English (whose engine turns `den` into `the`) take the indefinite one.
    ['den nya rekryteringskampanjen', 'da', 'rekrutteringskampagne'],
    ['den nya rekryteringskampanjen', 'nb', 'rekrutteringskampanjen'],
    ['de stora federala rekryteringskampanjerna', 'da', 'rekrutteringskampagner'],
    ['de stora federala rekryteringskampanjerna', 'nb', 'rekrutteringskampanjene'],
    ['Den här rekryteringskampanjen', 'da', 'rekrutteringskampagne'],
    ['Det var rekryteringskampanjen', 'da', 'rekrutteringskampagnen'],
    ['Det var rekryteringskampanjen', 'nb', 'rekrutteringskampanjen'],
  ]
  it.each(table)('gives %s in %s as %s', (source, lang, expected) => {
    expect(target(source, lang).form).toBe(expected)
  })

  it('falls back to the base term, and says so, when the form for the hit is missing', () => {
    expect(target('talespersonerna', 'en')).toEqual({ form: 'spokesperson', fallback: true })
    expect(target('talespersonen', 'da')).toEqual({ form: 'talspersonen', fallback: false })
  })
})

describe('createTermProtector', () => {
  it('replaces each hit by a placeholder numbered above the unit’s own, with the target form to restore', async () => {
    const protect = await testProtector()
    const result = protect('<g id="1">ICE:s</g> <x id="2"/> rekryteringskampanjerna &amp; ICE-annonser', 'da')
    expect(result.text).toBe('<g id="1"><x id="3"/></g> <x id="2"/> <x id="4"/> &amp; <x id="5"/>-annonser')
    expect([...result.terms]).toEqual([[3, "ICE's"], [4, 'rekrutteringskampagnerne'], [5, 'ICE']])
    expect(result.hits).toEqual([
      { entry: 'ice', source: 'ICE:s', target: "ICE's" },
      { entry: 'rekryteringskampanj', source: 'rekryteringskampanjerna', target: 'rekrutteringskampagnerne' },
      { entry: 'ice', source: 'ICE', target: 'ICE' },
    ])
    expect(result.glossaryHash).toMatch(/^[0-9a-f]{16}$/)
  })

  it('numbers its placeholders after a unit’s own even when the unit has more of them than a function call takes arguments', async () => {
    const protect = await testProtector()
    const own = Array.from({ length: 150_000 }, (_, index) => `<x id="${index + 1}"/>`).join(' ')
    const result = protect(`${own} och ICE`, 'en')
    expect(result.text.endsWith(' och <x id="150001"/>')).toBe(true)
    expect([...result.terms]).toEqual([[150_001, 'ICE']])
  })

  it('never protects what inline code or a URL holds, nor a closed compound an engine would have to split', async () => {
    const protect = await testProtector()
    const result = protect('Se <x id="1"/> och https://www.ice.gov samt tillsynsmyndigheten', 'nb')
    expect(result.text).toBe('Se <x id="1"/> och https://www.ice.gov samt tillsynsmyndigheten')
    expect(result.hits).toEqual([])
    expect(result.glossaryHash).toBeUndefined()
  })

  it('gives a different glossary hash when an entry that hit changes', async () => {
    const before = (await testProtector())('ICE', 'da').glossaryHash
    const after = (await testProtector((await import('./helpers.ts')).testGlossaryYaml.replace('sv: ICE\n    keep: true', 'sv: ICE\n    keep: true\n    note: changed')))('ICE', 'da').glossaryHash
    expect(after).not.toBe(before)
  })
})
