import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findTargetForms, glossaryFromEntries, parseGlossaryYaml, targetFormsOf, type Glossary } from '../../src/glossary/index.ts'
import { keyLength, targetFormsData, targetFormsIndexData, useTargetFormsData, useTargetFormsIndex } from '../../src/glossary/find-target.ts'
import { repoRoot } from '../helpers/project.ts'

/**
 * 10,000 generated entries besides the project's: multi-word English forms that share their first
 * `keyLength` code units with many others, Danish and Norwegian closed words with letters outside
 * ASCII, forms shorter than a key, forbidden forms, apostrophes.
 */
function generated(): string {
  const lines = ['terms:']
  for (let index = 0; index < 10_000; index++) {
    lines.push(`  - id: gen-${index}`, `    sv: termord${index.toString(36)}kampanj`, '    targets:')
    lines.push(`      en: { term: term ${index} campaign, pl: term ${index} campaigns${index % 5 === 0 ? `, def: the term ${index} campaign` : ''} }`)
    lines.push(`      da: { term: termord${index}kampagne, def: termord${index}kampagnen${index % 4 === 0 ? `, pl: tø${index}` : ''} }`)
    lines.push(`      nb: { term: ${index % 9 === 0 ? `Øy-${index}` : `termord${index}kampanje`} }`)
    if (index % 7 === 0) lines.push('    forbidden:', `      en: [bad ${index} campaign, "o'${index}"]`, `      da: [verv${index}]`)
  }
  return `${lines.join('\n')}\n`
}

async function bigGlossary(): Promise<Glossary> {
  const project = parseGlossaryYaml(await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8'), 'glossary/terms.yaml')
  return glossaryFromEntries([...project, ...parseGlossaryYaml(generated(), 'glossary/generated.yaml')])
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

/** Texts full of the glossary's target forms: inflected, capitalised, in capitals, glued to words, hyphenated, in URLs, with odd white space and characters around. */
function texts(glossary: Glossary, lang: string, count: number): string[] {
  const next = random(lang.length * 7919 + count)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const forms = glossary.entries.filter((_, index) => index % 37 === 0 || index < 40).flatMap((entry) => {
    const { approved, forbidden } = targetFormsOf(entry, lang)
    return [...approved, ...forbidden]
  })
  const around = [' ', '  ', '\n', '\t', '. ', ', ', '-', '(', ')', '"', '”', '’', "'", 'x', 'İ', 'ß', '😀', '𝐀', '/', 'https://example.com/', 'www.', '@', '', 'ordet ', ' och ']
  const endings = ['', 's', "'s", '’s', "'", '’', 'n', 'r', 'ne', 'rne', 'en', 'x', '-led']
  return Array.from({ length: count }, () => {
    let text = ''
    for (let word = 0; word < 30; word++) {
      let form = pick(forms)
      const style = next()
      if (style < 0.15) form = form.charAt(0).toUpperCase() + form.slice(1)
      else if (style < 0.25) form = form.toUpperCase()
      else if (style < 0.35) form = form.replace(/ /g, pick(['  ', '\n', '\u00a0', ' ']))
      else if (style < 0.4) form = form.slice(0, Math.max(1, Math.floor(form.length * next())))
      text += `${pick(around)}${form}${pick(endings)}${pick(around)}`
    }
    return text
  })
}

/** The same glossary twice (the compiled forms belong to the glossary object): one searched by one automaton, one by keyed groups. */
function bothWays(glossary: Glossary, lang: string, unreadable?: (index: number) => boolean) {
  const automaton: Glossary = { ...glossary }
  useTargetFormsData(automaton, lang, targetFormsData(glossary, lang))
  const keyed: Glossary = { ...glossary }
  const { keys, groups } = targetFormsIndexData(glossary, lang)
  const asked: number[] = []
  useTargetFormsIndex(keyed, lang, { keys, groups: (indexes) => indexes.map((index) => (asked.push(index), unreadable?.(index) ? undefined : groups[index])) })
  return { automaton, keyed, keys, asked }
}

describe('Target forms looked up by key', { timeout: 120_000 }, () => {
  it('find the same forms as one automaton of every pattern, on a 10,000-term glossary with hits', async () => {
    const glossary = await bigGlossary()
    for (const lang of ['en', 'da', 'nb']) {
      const { automaton, keyed, keys, asked } = bothWays(glossary, lang)
      let hits = 0
      for (const text of texts(glossary, lang, 150)) {
        const expected = findTargetForms(text, automaton, lang)
        expect(findTargetForms(text, keyed, lang)).toEqual(expected)
        hits += expected.length
      }
      expect(hits).toBeGreaterThan(1000)
      expect(keys.some((key) => key.length < keyLength)).toBe(true)
      // Only the groups of what the texts hold are read.
      expect(new Set(asked).size).toBeLessThan(keys.length / 4)
    }
  })

  it('find the same forms in the repository article as the automaton', async () => {
    const glossary = await bigGlossary()
    for (const lang of ['en', 'da', 'nb']) {
      const edition = await readFile(join(repoRoot, 'locales', lang, 'articles', 'spotify-ice-annonser.json'), 'utf8').catch(() => '')
      const text = `${edition} The recruitment campaign, term 0 campaign's and TERM 250 CAMPAIGNS; termord0kampagnen, Øy-9.`
      const { automaton, keyed } = bothWays(glossary, lang)
      expect(findTargetForms(text, keyed, lang)).toEqual(findTargetForms(text, automaton, lang))
    }
  })

  it('compile the forms when a group cannot be read (a damaged cache file), and find the same', async () => {
    const glossary = await bigGlossary()
    const { automaton, keyed } = bothWays(glossary, 'en', () => true)
    const text = 'The term 7 campaigns and bad 7 campaign, the recruitment campaign.'
    const expected = findTargetForms(text, automaton, 'en')
    expect(expected.length).toBeGreaterThan(2)
    expect(findTargetForms(text, keyed, 'en')).toEqual(expected)
  })
})
