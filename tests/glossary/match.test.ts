import { describe, expect, it } from 'vitest'
import { compileMatcher, matchTerms } from '../../src/glossary/index.ts'
import { testGlossary } from './helpers.ts'

const matcher = compileMatcher(testGlossary())

function hits(text: string) {
  return matchTerms(text, matcher).map((hit) => ({ id: hit.entry.id, source: hit.source, text: text.slice(hit.start, hit.end), ...hit.features }))
}

describe('matchTerms', () => {
  const forms: Array<[string, string, string, Partial<ReturnType<typeof hits>[number]>]> = [
    ['the lemma', 'en rekryteringskampanj startade', 'rekryteringskampanj', { number: 'sg', definite: false, genitive: false, capitalized: false }],
    ['the definite form (-en)', 'rekryteringskampanjen startade', 'rekryteringskampanjen', { number: 'sg', definite: true, genitive: false }],
    ['the plural (-er)', 'flera rekryteringskampanjer', 'rekryteringskampanjer', { number: 'pl', definite: false }],
    ['the definite plural (-erna)', 'rekryteringskampanjerna slutade', 'rekryteringskampanjerna', { number: 'pl', definite: true }],
    ['the genitive (-s)', 'rekryteringskampanjens budget', 'rekryteringskampanjens', { number: 'sg', definite: true, genitive: true }],
    ['the plural genitive', 'rekryteringskampanjernas budget', 'rekryteringskampanjernas', { number: 'pl', definite: true, genitive: true }],
    ['a paradigm form not declared (myndigheterna)', 'de amerikanska myndigheterna', 'myndigheterna', { number: 'pl', definite: true }],
    ['an acronym genitive with a colon', 'öka ICE:s personalstyrka', 'ICE:s', { id: 'ice', genitive: true }],
    ['an acronym ending in s, genitive with a colon', 'DHS:s chef', 'DHS:s', { id: 'dhs', genitive: true }],
    ['a name genitive', 'Spotifys reklamregler', 'Spotifys', { id: 'spotify', genitive: true }],
    ['a multi-word name across a line break', 'för US Immigration and\nCustoms Enforcement (ICE)', 'US Immigration and\nCustoms Enforcement', { id: 'us-ice' }],
    ['a capitalised form at a sentence start', 'Rekryteringskampanjen köptes', 'Rekryteringskampanjen', { definite: true, capitalized: true }],
    ['a form in capitals (a title)', 'REKRYTERINGSKAMPANJEN', 'REKRYTERINGSKAMPANJEN', { definite: true, capitalized: true }],
  ]
  it.each(forms)('finds %s', (_name, text, span, features) => {
    const found = hits(text)
    expect(found.map((hit) => hit.text)).toContain(span)
    expect(found.find((hit) => hit.text === span)).toMatchObject(features)
  })

  it('finds an acronym as the first part of a hyphenated compound and keeps the rest of the word out of the span', () => {
    expect(hits('inga ICE-annonser och DHS-chefen')).toMatchObject([
      { id: 'ice', text: 'ICE', compound: { position: 'first', rest: 'annonser', hyphen: true } },
      { id: 'dhs', text: 'DHS', compound: { position: 'first', rest: 'chefen', hyphen: true } },
    ])
  })

  it('finds a term as the head of a hyphenated compound', () => {
    expect(hits('en USA-myndighet')).toMatchObject([{ id: 'myndighet', text: 'myndighet', compound: { position: 'head', rest: 'USA', hyphen: true } }])
  })

  it('finds closed compounds only for entries that allow them', () => {
    expect(hits('tillsynsmyndigheten')).toMatchObject([{ id: 'myndighet', text: 'myndigheten', definite: true, compound: { position: 'head', rest: 'tillsyns', hyphen: false } }])
    expect(hits('storrekryteringskampanjen')).toEqual([])
  })

  const misses: Array<[string, string]> = [
    ['inside a longer word', 'Iceland och NICE och rekryteringskampanjerx'],
    ['in a URL', 'se https://www.ice.gov/careers och www.dhs.gov'],
    ['in a domain name', 'läs mer på ice.gov'],
    ['in an e-mail address', 'skriv till press@ice.gov'],
    ['in another case for a name', 'Ice och ice och spotify'],
    ['with an apostrophe genitive that is not Swedish', "ICE's"],
  ]
  it.each(misses)('finds nothing %s', (_name, text) => {
    expect(hits(text)).toEqual([])
  })

  it('prefers the longest form where forms overlap, and reports hits in text order', () => {
    expect(hits('Spotify och rekryteringskampanjernas ICE').map((hit) => hit.text)).toEqual(['Spotify', 'rekryteringskampanjernas', 'ICE'])
  })

  it('costs one pass whatever the glossary size: the same text gives the same hits with 2,000 extra entries', () => {
    const extra = Array.from({ length: 2_000 }, (_, index) => `  - id: t${index}\n    sv: termord${index}\n    targets: { en: { term: term${index} } }\n`).join('')
    const big = compileMatcher(testGlossary(`${baseYaml()}${extra}`))
    const text = 'ICE:s rekryteringskampanjerna och termord42 men inte termord42x'
    expect(matchTerms(text, big).map((hit) => hit.source)).toEqual(['ICE:s', 'rekryteringskampanjerna', 'termord42'])
  })
})

function baseYaml(): string {
  return `terms:
  - id: ice
    sv: ICE
    keep: true
  - id: rekryteringskampanj
    sv: rekryteringskampanj
    targets: { da: { term: rekrutteringskampagne } }
`
}
