import { describe, expect, it } from 'vitest'
import { protectNumbers, restoreTerms } from '../../src/glossary/protection.ts'
import { apertiumEngine } from '../../src/engines/apertium.ts'
import { textOf } from '../engines/chain.ts'

const protect = (text: string) => protectNumbers({ text, terms: new Map(), hits: [] })

describe('numbers an engine must not touch', () => {
  it.each([
    ['t.ex. 1.9.0 -&gt; 1.10.0', 't.ex. <x id="1"/> -&gt; <x id="2"/>', ['1.9.0', '1.10.0']],
    ['i SPDX 2.3- eller CycloneDX 1.5-format', 'i SPDX <x id="1"/>- eller CycloneDX <x id="2"/>-format', ['2.3', '1.5']],
    ['ca 10 000 agenter och 3,5 procent kl. 14.30', 'ca <x id="1"/> agenter och <x id="2"/> procent kl. <x id="3"/>', ['10 000', '3,5', '14.30']],
    ['år 2025 den 9 januari', 'år 2025 den 9 januari', []],
    ['Se <g id="1">avsnitt 4.2</g> och <x id="2"/> 1.0', 'Se <g id="1">avsnitt <x id="3"/></g> och <x id="2"/> <x id="4"/>', ['4.2', '1.0']],
    ['Tom &amp; Jerry &#8211; 2.0 och ISO9001.2015x', 'Tom &amp; Jerry &#8211; <x id="1"/> och ISO9001.2015x', ['2.0']],
  ])('in %j become placeholders numbered after the unit\'s own', (text, expected, numbers) => {
    const result = protect(text)
    expect(result.text).toBe(expected)
    expect([...result.terms.values()]).toEqual(numbers)
  })

  it('come back exactly as written', () => {
    const result = protect('Version 1.10.0 kostar 10 000 kronor.')
    expect(restoreTerms('Versjon <x id="1"></x> koster <x id="2"/> kroner.', result.terms)).toBe('Versjon 1.10.0 koster 10 000 kroner.')
  })

  it('survive the real Apertium Bokmål pair, which writes `1..10.0` when left to itself', async () => {
    const source = 't.ex. 1.9.0 -&gt; 1.10.0 -&gt; 1.11.0.'
    const engine = apertiumEngine()
    const [raw] = await engine.translate([{ key: 'a', text: source }], { source: 'sv', target: 'nb' })
    const guarded = protect(source)
    const [kept] = await engine.translate([{ key: 'a', text: guarded.text }], { source: 'sv', target: 'nb' })
    expect(textOf(raw!)).toContain('1..10.0')
    expect(restoreTerms(textOf(kept!)!, guarded.terms)).toContain('1.9.0 -&gt; 1.10.0 -&gt; 1.11.0')
  })
})
