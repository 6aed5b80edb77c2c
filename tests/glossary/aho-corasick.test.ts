import { describe, expect, test } from 'vitest'
import { automatonFromData, compileAutomaton } from '../../src/glossary/aho-corasick.ts'

/** Every occurrence of every pattern, found the slow way, in the automaton's order (by end, then longest first). */
function naive(patterns: readonly string[], text: string) {
  const first = new Map<string, number>()
  patterns.forEach((pattern, index) => {
    if (pattern && !first.has(pattern)) first.set(pattern, index)
  })
  const found: Array<{ pattern: number; start: number; end: number }> = []
  for (let end = 1; end <= text.length; end++) {
    for (let start = 0; start < end; start++) {
      const index = first.get(text.slice(start, end))
      if (index !== undefined) found.push({ pattern: index, start, end })
    }
  }
  return found
}

/** A small deterministic random generator, so a failure can be run again. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 32
  }
}

describe('the Aho–Corasick automaton', () => {
  test('finds exactly the occurrences a naive search finds, for many random pattern sets over a small alphabet', () => {
    const next = random(7)
    const word = (length: number) => Array.from({ length }, () => 'abcå-'[Math.floor(next() * 5)]).join('')
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(next() * 30) }, () => word(Math.floor(next() * 6)))
      const text = word(60)
      const sort = (list: Array<{ pattern: number; start: number; end: number }>) => [...list].sort((a, b) => a.end - b.end || a.start - b.start)
      expect(sort(compileAutomaton(patterns).search(text))).toEqual(sort(naive(patterns, text)))
    }
  })

  test('finds the same over a wide alphabet (a state with dozens of edges), and again when made from its stored tables', () => {
    const next = random(11)
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzåäö0123456789-’'].concat(['\uffee', '\u8001', '\ud83d'])
    const word = (length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
    for (let round = 0; round < 100; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(next() * 300) }, () => word(1 + Math.floor(next() * 3)))
      const text = word(200)
      const sort = (list: Array<{ pattern: number; start: number; end: number }>) => [...list].sort((a, b) => a.end - b.end || a.start - b.start)
      const compiled = compileAutomaton(patterns)
      // The tables as a cache file gives them back: copies, not the arrays the automaton uses.
      const stored = Object.fromEntries(Object.entries(compiled.data()).map(([key, value]) => [key, value instanceof Int32Array || value instanceof Uint16Array ? value.slice() : value]))
      expect(sort(compiled.search(text))).toEqual(sort(naive(patterns, text)))
      expect(automatonFromData(stored as ReturnType<typeof compiled.data>).search(text)).toEqual(compiled.search(text))
    }
  })

  test('reports the first index of a pattern given twice, and nothing for an empty pattern', () => {
    const automaton = compileAutomaton(['', 'ice', 'kampanj', 'ice'])
    expect(automaton.search('ice-kampanj')).toEqual([
      { pattern: 1, start: 0, end: 3 },
      { pattern: 2, start: 4, end: 11 },
    ])
  })

  test('matches code units beyond the Basic Multilingual Plane and a glossary of 80,000 forms', () => {
    const patterns = Array.from({ length: 80_000 }, (_, index) => `termord${index.toString(36)}kampanj`)
    patterns.push('😀x')
    const automaton = compileAutomaton(patterns)
    expect(automaton.search('ett termordzzkampanj och 😀x')).toEqual([
      { pattern: 35 * 36 + 35, start: 4, end: 20 },
      { pattern: 80_000, start: 25, end: 28 },
    ])
  })
})
