import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import type { Io } from '../../src/cli/registry.ts'
import { lintGlossary, parseGlossaryYaml, glossaryFromEntries } from '../../src/glossary/index.ts'
import { makeProject } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function run(argv: string[], files: Record<string, string>) {
  const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n  da: { engines: [identity] }\n', ...files })
  cleanups.push(made.cleanup)
  let stdout = ''
  let stderr = ''
  const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd: made.dir, isTTY: false }
  return { code: await main(argv, io), stdout, stderr, read: made.read }
}

function lint(yaml: string, targets = ['en', 'da']) {
  return lintGlossary(glossaryFromEntries(parseGlossaryYaml(yaml, 'glossary/terms.yaml')), targets).map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message}`)
}

describe('lintGlossary', () => {
  const cases: Array<[string, string, string[]]> = [
    [
      'a duplicate id',
      'terms:\n  - { id: ice, sv: ICE, keep: true }\n  - { id: ice, sv: DHS, keep: true }\n',
      ['3:11 glossary-duplicate-id Unexpected duplicate id `ice`, expected each entry to have its own id (first used at glossary/terms.yaml:2:5)'],
    ],
    [
      'one Swedish form claimed by two entries with different targets',
      'terms:\n  - id: a\n    sv: kampanj\n    targets: { en: { term: campaign }, da: { term: kampagne } }\n  - id: b\n    sv: kampanjen\n    targets: { en: { term: drive }, da: { term: kampagne } }\n',
      ['6:9 glossary-form-conflict Unexpected Swedish form `kampanjen` in `b`, expected each form to belong to one entry (also `a` at glossary/terms.yaml:2:5, with other targets)'],
    ],
    [
      'a target language of the config with no target',
      'terms:\n  - id: a\n    sv: kampanj\n    targets: { en: { term: campaign } }\n',
      ['2:5 glossary-missing-target Unexpected missing target `da` in `a`, expected `targets.da.term` (or `keep: true`)'],
    ],
    [
      'a forbidden form equal to an approved one',
      'terms:\n  - id: a\n    sv: kampanj\n    targets: { en: { term: campaign }, da: { term: kampagne } }\n    forbidden: { da: [Kampagne] }\n',
      ['5:23 glossary-forbidden-approved Unexpected forbidden `Kampagne` in `a`, expected a form that is not also approved for `da`'],
    ],
    [
      'empty and padded terms',
      'terms:\n  - id: a\n    sv: " kampanj"\n    targets: { en: { term: "" }, da: { term: kampagne } }\n',
      [
        '3:9 glossary-padded-term Unexpected white space around `sv` " kampanj" in `a`, expected "kampanj"',
        '4:28 glossary-empty-term Unexpected empty `targets.en.term` in `a`, expected a term',
      ],
    ],
  ]
  it.each(cases)('reports %s with its line and column', (_name, yaml, expected) => {
    expect(lint(yaml)).toEqual(expected)
  })

  it('finds nothing wrong with the minimal entries', () => {
    expect(lint('terms:\n  - { id: a, sv: kampanj, targets: { en: { term: campaign }, da: { term: kampagne } } }\n  - { id: ice, sv: ICE, keep: true }\n')).toEqual([])
  })
})

describe('tolk glossary lint', () => {
  it('exits 0 on the project glossary', async () => {
    const { readFile } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const { repoRoot } = await import('../helpers/project.ts')
    const yaml = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8')
    const result = await run(['glossary', 'lint'], { 'glossary/terms.yaml': yaml })
    expect(result.stdout).toBe('')
    expect(result.code).toBe(0)
  })

  it('exits 1 with file:line:column and the rule id for each problem', async () => {
    const result = await run(['glossary', 'lint'], { 'glossary/terms.yaml': 'terms:\n  - { id: ice, sv: ICE, keep: true }\n  - { id: ice, sv: DHS, keep: true }\n' })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('glossary/terms.yaml:3:11: error Unexpected duplicate id `ice`, expected each entry to have its own id (first used at glossary/terms.yaml:2:5) (glossary-duplicate-id)\n')
  })

  it('exits 2 with file:line:column on a YAML syntax error', async () => {
    const result = await run(['glossary', 'lint'], { 'glossary/terms.yaml': 'terms:\n  - id: ice\n    sv: "ICE\n' })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('glossary/terms.yaml:4:1: Invalid YAML: Missing closing "quote\n')
  })

  it('exits 2 on an entry of the wrong shape, naming what was expected', async () => {
    const result = await run(['glossary', 'lint'], { 'glossary/terms.yaml': 'terms:\n  - id: ice\n    sv: ICE\n    keep: yes please\n' })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('glossary/terms.yaml:4:11: Unexpected value at `keep`, expected `true` or `false`\n')
  })
})
