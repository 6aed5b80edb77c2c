import { describe, expect, test } from 'vitest'
import { isFragment } from '../../src/glossary/fragments.ts'
import { findNames, nameContext } from '../../src/glossary/names.ts'
import { editionLexicons, lexiconFor, mergeAnalyses, parseAnalysis, type Lexicon } from '../../src/lexicon/apertium.ts'

/** The lexicons the drafts work asks, on the installed Apertium analysers (apertium-swe-dan, apertium-swe-nor, apertium-dan-nor, apertium-eng-spa). */

async function lexicon(lang: string): Promise<Lexicon> {
  const found = await lexiconFor(lang)
  expect(found, `an Apertium analyser for ${lang}`).toBeDefined()
  return found!
}

describe('a language\'s lexicon', () => {
  test('is every installed analyser of the language: a word only one of them knows is known', async () => {
    const nynorsk = await lexicon('nn')
    expect(nynorsk.files.length).toBeGreaterThanOrEqual(2)
    // Only apertium-dan-nor's Nynorsk analyser knows `integrering` and `eskalering`.
    await nynorsk.load(['integrering', 'eskalering', 'kostnad', 'sammanslagning'])
    expect(nynorsk.get('integrering')?.known).toBe(true)
    expect(nynorsk.get('eskalering')?.known).toBe(true)
    expect(nynorsk.get('kostnad')?.known).toBe(true)
    expect(nynorsk.get('sammanslagning')?.known).toBe(false)
  })

  test('for Swedish, knows a word only swe-dan\'s analyser has as well as the ones only swe-nor\'s has', async () => {
    const swedish = await lexicon('sv')
    await swedish.load(['märkning', 'uppströms', 'hållbarhet', 'utvecklare'])
    expect(swedish.get('märkning')).toMatchObject({ known: true, common: true })
    expect(swedish.get('uppströms')).toMatchObject({ known: true, common: true })
    expect(swedish.get('hållbarhet')).toMatchObject({ known: true, common: true })
    expect(swedish.get('utvecklare')?.known).toBe(false)
  })

  test('for a Norwegian edition includes both written standards', async () => {
    const lexicons = await editionLexicons('nn')
    expect(lexicons.map((entry) => entry.lang)).toEqual(['nn', 'nb'])
    expect((await editionLexicons('da')).map((entry) => entry.lang)).toEqual(['da'])
  })

  test('for English knows the international words a Swedish text uses as they are', async () => {
    const english = await lexicon('en')
    await english.load(['policy', 'release', 'scanning', 'hållbarhet'])
    expect(english.get('policy')?.known).toBe(true)
    expect(english.get('release')?.known).toBe(true)
    expect(english.get('scanning')?.known).toBe(true)
    expect(english.get('hållbarhet')?.known).toBe(false)
  })
})

describe('merging analysers\' answers', () => {
  test('a word is common or a name when one analyser says so, and a compound only when none knows it as a simple word', () => {
    const unknown = parseAnalysis('^kommunfullmäktige/*kommunfullmäktige$')
    const simple = parseAnalysis('^kommunfullmäktige/kommunfullmäktige<n><nt><sg><ind>$')
    const compound = parseAnalysis('^kommunfullmäktige/kommun<n><ut><sg><ind><cmp>+fullmäktig<n><ut><pl><ind>$')
    const name = parseAnalysis('^Flod/Flod<np><cog>$')
    expect(mergeAnalyses([unknown, unknown])).toEqual({ known: false, common: false, proper: false })
    expect(mergeAnalyses([unknown, compound])).toEqual({ known: true, common: true, proper: false, parts: ['kommun', 'fullmäktig'] })
    expect(mergeAnalyses([compound, simple]).parts).toBeUndefined()
    expect(mergeAnalyses([simple, name])).toMatchObject({ known: true, common: true, proper: true })
  })
})

describe('fragments of abbreviations, initials and party letters', () => {
  test.each([
    ['bl', 'De är bl.a. här.'],
    ['a', 'De är bl.a. här.'],
    ['kl', 'Mötet börjar kl. 14.30.'],
    ['ex', 'Någon, t.ex. när det regnar.'],
    ['t', 'Någon, t.ex. när det regnar.'],
    ['etc', 'Roller (`Write`, `Maintainer` etc.).'],
    ['ca', 'Det kom ca. 5 personer.'],
    ['S', 'Anna Lindqvist (S) sa nej.'],
    ['KD', 'KD röstade nej.'],
    ['m', 'Vågorna blev 5 m höga.'],
    ['Za', 'Tecknen [0-9A-Za-z-] gäller.'],
  ])('`%s` in `%s` is a fragment', (word, text) => {
    expect(isFragment(word, text)).toBe(true)
  })

  test.each([
    ['vd', 'Hon blir ny vd för bolaget.'],
    ['vd', 'Hon blir ny vd.'],
    ['och', 'Hon och han.'],
    ['ansvarar', 'Hon ansvarar för budgeten.'],
  ])('`%s` in `%s` is a word', (word, text) => {
    expect(isFragment(word, text)).toBe(false)
  })
})

describe('names after a template tag', () => {
  test('a capitalised word right after a shortcode starts a sentence, so a common word there is no name', async () => {
    const swedish = await lexicon('sv')
    await swedish.load(['Arbete', 'Karin'])
    const context = nameContext(new Set(), (word) => swedish.get(word))
    expect(findNames('{{< callout type="warning" >}}\nArbete pågår.', context)).toEqual([])
    expect(findNames('{{< callout type="warning" >}}\nKarin Ek ringde.', context).map((name) => name.source)).toEqual(['Karin Ek'])
  })
})
