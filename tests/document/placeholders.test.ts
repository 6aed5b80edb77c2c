import { describe, expect, it } from 'vitest'
import { parsePlaceholders, escapeXml, unescapeXml, plainText } from '../../src/document/placeholders.ts'
import { validate } from '../../src/translate/run.ts'

const slots = new Map([
  [1, { kind: 'g' as const }],
  [2, { kind: 'x' as const }],
  [3, { kind: 'g' as const }],
])
const unit = { key: 'k', text: 'Det är <g id="1">viktigt</g> med <x id="2"/> och <g id="3">länkar</g>.', slots }

describe('placeholder validation of an engine answer', () => {
  it('accepts placeholders moved around, as word order demands', () => {
    const answer = '<g id="3">Links</g> and <x id="2"/> are <g id="1">important</g>.'
    expect(parsePlaceholders(answer, slots).problems).toEqual([])
    expect(validate(answer, unit)).toBeUndefined()
  })

  it('accepts the empty-element form Apertium writes for standalone placeholders', () => {
    expect(parsePlaceholders('Det er <g id="1">vigtigt</g> med <x id="2"></x> og <g id="3">links</g>.', slots).problems).toEqual([])
  })

  it.each([
    ['a missing placeholder', 'It is <g id="1">important</g> with and <g id="3">links</g>.', 'placeholder 2 is missing'],
    ['a duplicated placeholder', 'It is <g id="1">important</g> <x id="2"/> <x id="2"/> <g id="3">links</g>.', 'placeholder 2 appears more than once'],
    ['an invented placeholder', 'It is <g id="1">important</g> <x id="2"/> <x id="9"/> <g id="3">links</g>.', 'invented placeholder `<x id="9"/>`'],
    ['a badly nested pair', 'It is <g id="1">important <g id="3">links</g> <x id="2"/>.', '`<g id="1">` is not closed'],
    ['a stray closing tag', 'It is </g><g id="1">important</g> <x id="2"/> <g id="3">links</g>.', 'closing `</g>` without an opening tag'],
    ['a paired placeholder turned standalone', 'It is <x id="1"/> important <x id="2"/> <g id="3">links</g>.', 'placeholder 1 changed from `g` to `x`'],
  ])('rejects %s', (_name, answer, problem) => {
    expect(parsePlaceholders(answer, slots).problems).toContain(problem)
    expect(validate(answer, unit)).toMatch(/^placeholders: /)
  })

  it('rejects an empty answer and one with an engine mark left in', () => {
    expect(validate('  ', unit)).toBe('empty translation')
    expect(validate('Det er <g id="1">*vigtigt</g> med <x id="2"/> og <g id="3">links</g>.', unit)).toMatch(/engine mark/)
  })

  it('round-trips XML escapes in text', () => {
    expect(unescapeXml(escapeXml('Tom & Jerry <3 > 2'))).toBe('Tom & Jerry <3 > 2')
    expect(plainText('A <g id="1">b</g> &amp; <x id="2"/>c')).toBe('A b & c')
  })
})
