import { describe, expect, it } from 'vitest'
import { stripControl } from '../../src/errors.ts'

describe('stripping control characters from untrusted text', () => {
  it.each([
    ['a colour sequence, whole', 'före \u001B[31mröd\u001B[0m efter', 'före röd efter'],
    ['a window-title sequence', 'x\u001B]0;titel\u0007y', 'xy'],
    ['bare control characters, keeping tabs and line breaks', 'a\u0000b\u0007c\td\ne\u009Bf', 'abc\td\nef'],
    ['nothing from ordinary Swedish text', 'Å ä ö — ”citat”', 'Å ä ö — ”citat”'],
  ])('removes %s', (_name, input, expected) => {
    expect(stripControl(input)).toBe(expected)
  })
})
