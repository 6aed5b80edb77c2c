import { describe, expect, it, test } from 'vitest'
import { protectNumbers, restoreTerms } from '../../src/glossary/protection.ts'
import { apertiumEngine } from '../../src/engines/apertium.ts'
import { textOf } from '../engines/chain.ts'
import { numberFormatsFor, numberMatches, numberPattern } from '../../src/glossary/numbers.ts'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sharedDir } from '../helpers/project.ts'

const protect = (text: string, lang = 'en') => protectNumbers({ text, terms: new Map(), hits: [] }, numberFormatsFor(lang))

describe('numbers an engine must not touch', () => {
  it.each([
    ['t.ex. 1.9.0 -&gt; 1.10.0', 't.ex. <x id="1"/> -&gt; <x id="2"/>', ['1.9.0', '1.10.0']],
    ['i SPDX 2.3- eller CycloneDX 1.5-format', 'i SPDX <x id="1"/>- eller CycloneDX <x id="2"/>-format', ['2.3', '1.5']],
    ['ca 10 000 agenter och 3,5 procent kl. 14.30', 'ca <x id="1"/> agenter och <x id="2"/> procent kl. <x id="3"/>', ['10,000', '3.5', '14:30']],
    ['år 2025 den 9 januari', 'år <x id="1"/> <x id="2"/>', ['2025', '9 January']],
    ['Se <g id="1">avsnitt 4.2</g> och <x id="2"/> 1.0', 'Se <g id="1">avsnitt <x id="3"/></g> och <x id="2"/> <x id="4"/>', ['4.2', '1.0']],
    ['Tom &amp; Jerry &#8211; 2.0 och ISO9001.2015x, COVID-19 och G7', 'Tom &amp; Jerry &#8211; <x id="1"/> och ISO9001.2015x, COVID-19 och G7', ['2.0']],
    ['den 3:e plats på https://example.se/2026/3,5', 'den 3:e plats på https://example.se/2026/3,5', []],
  ])('in %j become placeholders numbered after the unit\'s own, each in the target\'s format', (text, expected, numbers) => {
    const result = protect(text)
    expect(result.text).toBe(expected)
    expect([...result.terms.values()]).toEqual(numbers)
  })

  it.each([
    ['en', 'Den 19 november 2026 kl. 14.30 hade 45 000 hushåll 3,5 procent, 21,86 kronor och budget 2026.', ['19 November 2026', '14:30', '45,000', '3.5', '21.86', '2026']],
    ['da', 'Den 19 november 2026 kl. 14.30 hade 45 000 hushåll 3,5 procent, 21,86 kronor och budget 2026.', ['Den 19. november 2026', '14.30', '45.000', '3,5', '21,86', '2026']],
    ['nb', 'Den 19 november 2026 kl. 14.30 hade 45 000 hushåll 3,5 procent, 21,86 kronor och budget 2026.', ['Den 19. november 2026', '14.30', '45\u00a0000', '3,5', '21,86', '2026']],
    ['nn', 'från den 1 januari 2027, 1 234,5 miljoner', ['den 1. januar 2027', '1\u00a0234,5']],
  ])('come back in %s\'s format through Intl, years as written', (lang, text, numbers) => {
    expect([...protect(text, lang).terms.values()]).toEqual(numbers)
  })

  it('survive the real Apertium Bokmål pair, which writes `1..10.0` and `38. røster` when left to itself', async () => {
    const source = 't.ex. 1.9.0 -&gt; 1.10.0 -&gt; 1.11.0, med 38 röster mot 37.'
    const engine = apertiumEngine()
    const [raw] = await engine.translate([{ key: 'a', text: source }], { source: 'sv', target: 'nb' })
    const guarded = protect(source, 'nb')
    const [kept] = await engine.translate([{ key: 'a', text: guarded.text }], { source: 'sv', target: 'nb' })
    expect(textOf(raw!)).toContain('1..10.0')
    expect(textOf(raw!)).toContain('38. røster')
    const restored = restoreTerms(textOf(kept!)!, guarded.terms)
    expect(restored).toContain('1.9.0 -&gt; 1.10.0 -&gt; 1.11.0')
    expect(restored).toContain('38 røster mot 37')
  })
})

describe('a unit with very many placeholders', () => {
  it('gets its numbers protected after its own placeholders, more of them than a function call takes arguments', () => {
    const own = Array.from({ length: 150_000 }, (_, index) => `<x id="${index + 1}"/>`).join(' ')
    const result = protect(`${own} och 3,5 procent`)
    expect(result.text.endsWith(' och <x id="150001"/> procent')).toBe(true)
    expect([...result.terms]).toEqual([[150_001, '3.5']])
  })
})

describe('finding numbers', () => {
  test('tries the pattern only where a number can start, and finds exactly what a global search of it finds, in Swedish prose and in text dense with numbers', async () => {
    const folder = join(sharedDir, 'testdata', 'swedish')
    const texts = await Promise.all((await readdir(folder)).filter((name) => name.endsWith('.md')).map((name) => readFile(join(folder, name), 'utf8')))
    const pieces = ['den ', 'Den\u00A0', '19 ', 'november ', '2026', 'kl. ', '14.30', '45 000', '3,5', '1.10.0', '2:1', '1:a', 'G7', 'COVID-19', 'x', ' ', '-', '.', ',', '31 februari', 'klockan ', '12', '\u202F', 'ISO9001', 'maj', 'å', '𝐀', '𝐀-', '٣', ':', 'é-']
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let round = 0; round < 300; round++) texts.push(Array.from({ length: 40 }, () => pieces[Math.floor(random() * pieces.length)]).join(''))
    let found = 0
    for (const text of texts) {
      const expected = [...text.matchAll(new RegExp(numberPattern.source, 'gu'))].map((match) => [match.index, match[0]])
      found += expected.length
      expect([...numberMatches(text)].map((match) => [match.index, match[0]])).toEqual(expected)
    }
    expect(found).toBeGreaterThan(1000)
  })
})
