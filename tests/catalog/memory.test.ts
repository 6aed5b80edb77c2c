import { describe, expect, it } from 'vitest'
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { addToMemory, emptyMemory, findExact, findFuzzy, memoryPath, readMemory, similarity, tokenize, writeMemory, type MemoryEntry } from '../../src/catalog/memory.ts'
import { InputError } from '../../src/errors.ts'
import { makeProject } from '../helpers/project.ts'

const entry = (source: string, target: string, status: MemoryEntry['status'] = 'reviewed', origin = 'article:a'): MemoryEntry => ({ source, target, status, origin, engine: status === 'reviewed' ? 'human' : 'apertium' })

describe('translation memory', () => {
  it('tokenizes words, punctuation and whole placeholder tags', () => {
    expect(tokenize('Spotify <g id="1">sänder</g> inte, <x id="2"/> längre.')).toEqual(['Spotify', '<g id="1">', 'sänder', '</g>', 'inte', ',', '<x id="2"/>', 'längre', '.'])
  })

  it('measures similarity as token edit distance over the longer token count', () => {
    expect(similarity('Spotify sänder inte ICE-annonser längre.', 'Spotify sänder inte ICE-annonser längre.')).toBe(1)
    // 8 tokens, one substituted
    expect(similarity('Spotify sänder inte ICE - annonser längre .', 'Spotify visar inte ICE - annonser längre .')).toBeCloseTo(7 / 8)
    expect(similarity('En helt annan mening här.', 'Spotify sänder inte annonser längre.')).toBeLessThan(0.75)
  })

  it('finds an exact source with its reviewed translation before a machine one', () => {
    const memory = emptyMemory('da')
    addToMemory(memory, entry('Hej världen.', 'Hej verden (maskine).', 'machine'))
    addToMemory(memory, entry('Hej världen.', 'Hej verden.', 'reviewed'))
    expect(findExact(memory, 'Hej världen.').map((found) => found.target)).toEqual(['Hej verden.', 'Hej verden (maskine).'])
    expect(findExact(memory, 'Hej allihop.')).toEqual([])
  })

  it('offers earlier translations at 75 % similarity or more, reviewed ones first, and nothing below', () => {
    const memory = emptyMemory('da')
    addToMemory(memory, entry('Spotify sänder inte längre annonser för ICE i USA.', 'Spotify sender ikke længere annoncer for ICE i USA.', 'reviewed'))
    addToMemory(memory, entry('Spotify sänder inte längre annonser för ICE i Sverige.', 'Spotify sender ikke længere annoncer for ICE i Sverige (maskine).', 'machine'))
    addToMemory(memory, entry('Regeringen har inte kommenterat saken.', 'Regeringen har ikke kommenteret sagen.', 'reviewed'))
    const found = findFuzzy(memory, 'Spotify sänder inte längre annonser för ICE i Norge.')
    expect(found.map((match) => [match.entry.target, match.entry.status])).toEqual([
      ['Spotify sender ikke længere annoncer for ICE i USA.', 'reviewed'],
      ['Spotify sender ikke længere annoncer for ICE i Sverige (maskine).', 'machine'],
    ])
    expect(found[0]!.similarity).toBeCloseTo(9 / 10)
    expect(findFuzzy(memory, 'Helt andra ord står i den här meningen.')).toEqual([])
  })

  it('finds every match a full comparison would find, whatever the memory size', () => {
    // A deterministic pseudo-random corpus with many shared words, so the prefix filter is exercised.
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    const words = Array.from({ length: 40 }, (_, i) => `ord${i}`)
    const sentence = () => Array.from({ length: 6 + (next() % 10) }, () => words[next() % words.length]).join(' ') + '.'
    const memory = emptyMemory('da')
    const sources: string[] = []
    for (let i = 0; i < 400; i++) {
      const base = sentence()
      sources.push(base)
      addToMemory(memory, entry(base, `t${i}`, i % 2 ? 'reviewed' : 'machine'))
      // near copies: one word changed
      const parts = base.split(' ')
      parts[next() % parts.length] = words[next() % words.length]!
      addToMemory(memory, entry(parts.join(' '), `u${i}`, 'machine'))
    }
    for (const query of sources.slice(0, 60)) {
      const expected = [...memory.entries.values()].filter((candidate) => similarity(query, candidate.source) >= 0.75).map((candidate) => candidate.target).sort()
      expect(findFuzzy(memory, query).map((match) => match.entry.target).sort()).toEqual(expected)
    }
  })

  it('finds a source written in another Unicode form or with surrounding spaces, as unit keys treat it', () => {
    const memory = emptyMemory('da')
    addToMemory(memory, entry('Malm\u00f6 stad.', 'Malmø by.'))
    expect(findExact(memory, ' Malmo\u0308 stad. ').map((found) => found.target)).toEqual(['Malmø by.'])
    expect(findExact(memory, 'Malmo stad.')).toEqual([])
  })

  it('keeps both look-ups up to date with entries added after the first look-up', () => {
    const memory = emptyMemory('da')
    addToMemory(memory, entry('Spotify sänder inte längre annonser för ICE i USA.', 'Maskine 1.', 'machine'))
    // Both indexes are built here, before the next entries arrive.
    expect(findExact(memory, 'Spotify sänder inte längre annonser för ICE i USA.')).toHaveLength(1)
    expect(findFuzzy(memory, 'Spotify sänder inte längre annonser för ICE i Norge.').map((match) => match.entry.target)).toEqual(['Maskine 1.'])
    addToMemory(memory, entry('Spotify sänder inte längre annonser för ICE i Sverige.', 'Anmeldt 2.', 'reviewed'))
    addToMemory(memory, { ...entry('Spotify sänder inte längre annonser för ICE i USA.', 'Maskine 1.', 'reviewed'), reviewer: 'Anna' })
    const found = findFuzzy(memory, 'Spotify sänder inte längre annonser för ICE i Norge.')
    expect(found.map((match) => [match.entry.target, match.entry.status, match.entry.reviewer])).toEqual([
      ['Anmeldt 2.', 'reviewed', undefined],
      ['Maskine 1.', 'reviewed', 'Anna'],
    ])
    expect(findExact(memory, 'Spotify sänder inte längre annonser för ICE i USA.')).toEqual([{ ...entry('Spotify sänder inte längre annonser för ICE i USA.', 'Maskine 1.', 'reviewed'), reviewer: 'Anna' }])
  })

  it('counts a repeated word as often as it occurs, so repeats alone do not make a match', () => {
    const memory = emptyMemory('da')
    addToMemory(memory, entry('nej nej nej nej nej nej nej nej', 'nej x8'))
    addToMemory(memory, entry('nej nej nej nej nej nej nej ja', 'nej x7'))
    expect(findFuzzy(memory, 'nej nej nej nej nej nej nej nej').map((match) => [match.entry.target, match.similarity])).toEqual([
      ['nej x8', 1],
      ['nej x7', 0.875],
    ])
    expect(findFuzzy(memory, 'nej nej nej nej')).toEqual([])
  })

  it('keeps a pair once, never turns a reviewed entry back into a machine one, and upgrades a machine one', () => {
    const memory = emptyMemory('da')
    expect(addToMemory(memory, entry('A b c.', 'X y z.', 'machine'))).toBe(true)
    expect(addToMemory(memory, entry('A b c.', 'X y z.', 'machine'))).toBe(false)
    expect(findExact(memory, 'A b c.')[0]!.status).toBe('machine')
    expect(addToMemory(memory, { ...entry('A b c.', 'X y z.', 'reviewed'), reviewer: 'Anna' })).toBe(true)
    expect(addToMemory(memory, entry('A b c.', 'X y z.', 'machine'))).toBe(false)
    expect(findExact(memory, 'A b c.')).toEqual([{ ...entry('A b c.', 'X y z.', 'reviewed'), reviewer: 'Anna' }])
    expect(memory.entries.size).toBe(1)
  })

  it('writes locales/<lng>/memory.json with sorted keys and reads back the same entries', async () => {
    const project = await makeProject({}, { locales: false })
    try {
      const localesDir = join(project.dir, 'locales')
      const memory = emptyMemory('da')
      addToMemory(memory, entry('Zebra går.', 'Zebra går.'))
      addToMemory(memory, { ...entry('Anna säger nej.', 'Anna siger nej.'), reviewer: 'Per', reviewedAt: '2026-01-09T10:00:00.000Z' })
      await writeMemory(localesDir, memory)
      const text = await project.read('locales/da/memory.json')
      const parsed = JSON.parse(text) as { version: number; entries: Record<string, MemoryEntry> }
      expect(parsed.version).toBe(1)
      expect(Object.keys(parsed.entries)).toEqual(Object.keys(parsed.entries).sort())
      expect(text).toContain('"reviewer": "Per"')
      const again = await readMemory(localesDir, 'da')
      expect([...again.entries.values()].map((found) => found.target).sort()).toEqual(['Anna siger nej.', 'Zebra går.'])
      again.changed = true
      await writeMemory(localesDir, again)
      expect(await readFile(memoryPath(localesDir, 'da'), 'utf8')).toBe(text)
      expect((await readMemory(localesDir, 'nb')).entries.size).toBe(0)
    } finally {
      await project.cleanup()
    }
  })

  it('refuses a memory file of another shape, naming the file', async () => {
    const project = await makeProject({}, { locales: false })
    try {
      await mkdir(join(project.dir, 'locales', 'da'), { recursive: true })
      await writeFile(join(project.dir, 'locales', 'da', 'memory.json'), JSON.stringify({ version: 1, entries: { x: { source: 'a' } } }))
      const error = await readMemory(join(project.dir, 'locales'), 'da').catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).message).toMatch(/entry `x`/)
      expect((error as InputError).place?.file).toMatch(/locales\/da\/memory\.json$/)
    } finally {
      await project.cleanup()
    }
  })
})
