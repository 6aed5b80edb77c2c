import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseGlossaryFast } from '../../src/glossary/load-fast.ts'
import { parseGlossaryYaml, readGlossaryFile } from '../../src/glossary/load.ts'
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

describe('the fast reading of a glossary', () => {
  it.each([
    ['every field of an entry', everything],
    ['a generated glossary of 500 entries', generatedGlossary(500)],
  ])('gives the same entries and places as the careful reading for %s', (_name, text) => {
    const fast = parseGlossaryFast(text, 'glossary/test.yaml')
    expect(fast).toBeDefined()
    expect(fast).toEqual(parseGlossaryYaml(text, 'glossary/test.yaml'))
  })

  it('gives the same entries and places as the careful reading for the project glossary', async () => {
    const text = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8')
    expect(parseGlossaryFast(text, 'glossary/terms.yaml')).toEqual(parseGlossaryYaml(text, 'glossary/terms.yaml'))
  })

  it.each([
    ['a YAML syntax error', 'terms:\n  - id: a\n    sv: [x\n', 'glossary/bad.yaml:4:1: Invalid YAML'],
    ['an unknown key', 'terms:\n  - id: a\n    sv: x\n    svv: y\n', 'glossary/bad.yaml:4:5: Unexpected key `svv`'],
    ['a list where a string belongs', 'terms:\n  - id: a\n    sv: [x, y]\n', 'glossary/bad.yaml:3:9: Unexpected value at `sv`, expected a string'],
    ['a missing lemma', 'terms:\n  - id: a\n    keep: true\n', 'glossary/bad.yaml:2:5: Missing `sv`, expected a string'],
    ['a duplicate key', 'terms:\n  - id: a\n    sv: x\n    sv: y\n', 'glossary/bad.yaml:4:5:'],
  ])('leaves %s to the careful reading, which names its place', (_name, text, message) => {
    expect(parseGlossaryFast(text, 'glossary/bad.yaml')).toBeUndefined()
    expect(() => readGlossaryFile(text, 'glossary/bad.yaml')).toThrow()
    try {
      readGlossaryFile(text, 'glossary/bad.yaml')
    } catch (error) {
      expect(String(error)).toContain(message)
    }
  })
})
