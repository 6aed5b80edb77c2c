import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseGlossaryYaml } from '../../src/glossary/load.ts'
import { InputError } from '../../src/errors.ts'
import { repoRoot } from '../helpers/project.ts'
import { generatedGlossary } from '../../bench/corpus.ts'

const everything = `# A glossary using every field.
terms:
  - id: rekryteringskampanj
    sv: rekryteringskampanj
    sv_forms: { def: rekryteringskampanjen, pl: rekryteringskampanjer, defpl: rekryteringskampanjerna }
    note: >-
      The 2025 federal campaign,
      folded over two lines.
    targets:
      en: { term: recruitment campaign, pl: recruitment campaigns }
      da:
        term: rekrutteringskampagne
        def: "rekrutteringskampagnen"
        gen: rekrutteringskampagnens
    forbidden:
      da: [vervingskampagne, 'hvervekampagne']
      nb:
        - vervingskampanje
    compounds: { hyphen: true, closed: true }
  - id: ice
    sv: ICE   # an acronym
    keep: true
    inflect: false
    note:
  - id: tal
    sv: 2025
    targets: { en: { term: 2025 } }
`

const file = 'glossary/test.yaml'

describe('reading a glossary file', () => {
  it('reads every field of an entry, with the place of each value', () => {
    const [campaign, ice, year] = parseGlossaryYaml(everything, file)
    expect(campaign).toMatchObject({
      id: 'rekryteringskampanj',
      sv: 'rekryteringskampanj',
      svForms: { def: 'rekryteringskampanjen', pl: 'rekryteringskampanjer', defpl: 'rekryteringskampanjerna' },
      note: 'The 2025 federal campaign, folded over two lines.',
      keep: false,
      targets: { en: { term: 'recruitment campaign', pl: 'recruitment campaigns' }, da: { term: 'rekrutteringskampagne', def: 'rekrutteringskampagnen', gen: 'rekrutteringskampagnens' } },
      forbidden: { da: ['vervingskampagne', 'hvervekampagne'], nb: ['vervingskampanje'] },
      compounds: { hyphen: true, closed: true },
      place: { file, line: 3, column: 5 },
    })
    expect(campaign!.places).toMatchObject({
      id: { file, line: 3, column: 9 },
      sv: { file, line: 4, column: 9 },
      'sv_forms.pl': { line: 5, column: 49 },
      'targets.da': { line: 11, column: 7 },
      'targets.da.def': { line: 13, column: 14 },
      'forbidden.da.1': { line: 16, column: 30 },
      'forbidden.nb.0': { line: 18, column: 11 },
    })
    expect(ice).toMatchObject({ id: 'ice', sv: 'ICE', keep: true, inflect: false, place: { line: 20, column: 5 } })
    expect(ice).not.toHaveProperty('note')
    expect(year).toMatchObject({ id: 'tal', sv: '2025', targets: { en: { term: '2025' } } })
  })

  it('reads a generated glossary of 500 entries in order, each at its own line', () => {
    const entries = parseGlossaryYaml(generatedGlossary(500), file)
    expect(entries).toHaveLength(500)
    const lines = entries.map((entry) => entry.place.line)
    expect(lines).toEqual([...lines].sort((a, b) => a - b))
    expect(new Set(lines).size).toBe(500)
  })

  it('reads the project glossary', async () => {
    const text = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8')
    const entries = parseGlossaryYaml(text, 'glossary/terms.yaml')
    expect(entries.map((entry) => entry.id)).toContain('rekryteringskampanj')
    expect(entries.find((entry) => entry.id === 'rekryteringskampanj')!.targets.en?.term).toBe('recruitment campaign')
  })

  it('reads a date-like lemma as the string it is', () => {
    expect(parseGlossaryYaml('terms:\n  - id: d\n    sv: 2025-01-01\n', file)[0]!.sv).toBe('2025-01-01')
  })

  it.each([
    ['a YAML syntax error', 'terms:\n  - id: a\n    sv: [x\n', 'glossary/bad.yaml:4:1: Invalid YAML'],
    ['a missing quote', 'terms:\n  - id: a\n    sv: "x\n', 'glossary/bad.yaml:4:1: Invalid YAML: Missing closing "quote'],
    ['an unknown key', 'terms:\n  - id: a\n    sv: x\n    svv: y\n', 'glossary/bad.yaml:4:5: Unexpected key `svv`, expected one of `id`'],
    ['an unknown form', 'terms:\n  - id: a\n    sv: x\n    targets: { da: { term: y, defn: z } }\n', 'glossary/bad.yaml:4:31: Unexpected key `targets.da.defn`'],
    ['a list where a string belongs', 'terms:\n  - id: a\n    sv: [x, y]\n', 'glossary/bad.yaml:3:9: Unexpected value at `sv`, expected a string'],
    ['a missing lemma', 'terms:\n  - id: a\n    keep: true\n', 'glossary/bad.yaml:2:5: Missing `sv`, expected a string'],
    ['a word where a boolean belongs', 'terms:\n  - id: a\n    sv: x\n    keep: yes\n', 'glossary/bad.yaml:4:11: Unexpected value at `keep`, expected `true` or `false`'],
    ['an unknown gender', 'terms:\n  - id: a\n    sv: x\n    targets: { da: { term: y, gender: masc } }\n', 'glossary/bad.yaml:4:39: Unexpected value `masc` at `targets.da.gender`'],
    ['a duplicate key', 'terms:\n  - id: a\n    sv: x\n    sv: y\n', 'glossary/bad.yaml:4:5:'],
    ['no terms list', 'entries: []\n', 'glossary/bad.yaml:1:1: Unexpected glossary shape, expected a mapping with a `terms:` list'],
  ])('refuses %s with file, line, column and what was expected', (_name, text, message) => {
    expect(() => parseGlossaryYaml(text, 'glossary/bad.yaml')).toThrow(InputError)
    try {
      parseGlossaryYaml(text, 'glossary/bad.yaml')
    } catch (error) {
      expect(String(error)).toContain(message)
    }
  })

  it('reports every problem of a file at once', () => {
    const text = 'terms:\n  - id: a\n    svv: x\n  - id: b\n    sv: [y]\n'
    try {
      parseGlossaryYaml(text, 'glossary/bad.yaml')
      expect.unreachable()
    } catch (error) {
      const all = [error as InputError, ...(error as InputError).problems].map(String)
      expect(all).toEqual([
        expect.stringContaining('glossary/bad.yaml:3:5: Unexpected key `svv`'),
        expect.stringContaining('glossary/bad.yaml:2:5: Missing `sv`'),
        expect.stringContaining('glossary/bad.yaml:5:9: Unexpected value at `sv`'),
      ])
    }
  })
})
