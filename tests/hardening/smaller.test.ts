import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { parseCsv, writeCsv } from '../../src/glossary/csv.ts'
import { makeProject } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'
import type { Glossary } from '../../src/glossary/types.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function project(files: Record<string, string>) {
  const made = await makeProject(files)
  cleanups.push(made.cleanup)
  return made
}

describe('glossary import', () => {
  test('refuses to overwrite an existing glossary file without --force, and overwrites with it', async () => {
    const existing = 'terms:\n  - id: kampanj\n    sv: kampanj\n    sv_forms: { def: kampanjen }\n    targets:\n      en: { term: campaign }\n    forbidden: { en: [drive] }\n'
    const { dir, read } = await project({ 'glossary/termer.yaml': existing, 'termer.csv': 'id,sv,en\nkampanj,kampanj,campaign\n' })
    const run = await runCli(['glossary', 'import', 'termer.csv'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('glossary/termer.yaml: Refusing to overwrite an existing glossary file, expected --force to replace it (its inflected and forbidden forms would be lost)')
    expect(await read('glossary/termer.yaml')).toBe(existing)
    const forced = await runCli(['glossary', 'import', 'termer.csv', '--force'], dir)
    expect(forced.code).toBe(0)
    expect(await read('glossary/termer.yaml')).not.toContain('sv_forms')
  })
})

describe('CSV export', () => {
  const glossary = (terms: Array<[string, string]>): Glossary =>
    ({ entries: terms.map(([sv, en], index) => ({ id: `t${index}`, sv, keep: false, targets: { en: { term: en } }, forbidden: {} })), files: [] }) as unknown as Glossary

  test('neutralises cells a spreadsheet would run as a formula, and the import undoes it', () => {
    const text = writeCsv(glossary([['=HYPERLINK("http://x")', '+1'], ['-minus', '@SUM(A1)']]), { source: 'sv', languages: ['en'] })
    for (const cell of ['=HYPERLINK', '+1', '-minus', '@SUM']) expect(text).not.toMatch(new RegExp(`(^|,|")\\${cell[0]}${cell.slice(1).replace(/[()]/g, '\\$&')}`, 'm'))
    expect(text).toContain("'=HYPERLINK")
    const back = parseCsv(text, 'x.csv', { source: 'sv' })
    expect(back.entries.map((entry) => [entry.sv, entry.targets.en?.term])).toEqual([
      ['=HYPERLINK("http://x")', '+1'],
      ['-minus', '@SUM(A1)'],
    ])
  })
})

describe('config', () => {
  test('a target language equal to the source is refused with its place', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  sv: { engines: [identity] }\n', 'articles/a.sv.md': '# A\n' })
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('tolk.config.yaml:2:3: Target language `sv` is the source language, expected a language to translate into')
  })
})

describe('the OpenAI-compatible engine', () => {
  test('names the URL of a server it cannot reach', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, openai] }\nengines:\n  openai: { baseUrl: "http://127.0.0.1:9/v1", model: m, retries: 0 }\n', 'articles/a.sv.md': '# Rubrik\n\nEn mening om staden.\n' })
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('http://127.0.0.1:9')
  })
})

describe('catalogs and lock files of the wrong shape', () => {
  test('a catalog value that is not text is refused with its place', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, identity] }\n', 'articles/a.sv.md': '# Rubrik\n', 'locales/en/articles/a.json': '{\n  "abc": 42\n}\n' })
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^locales\/en\/articles\/a\.json:2:3: Invalid catalog: expected `abc` to be text, got 42$/m)
    const check = await runCli(['check'], dir)
    expect(check.code).toBe(2)
    expect(check.stderr).toMatch(/^locales\/en\/articles\/a\.json:2:3: Invalid catalog: expected `abc` to be text, got 42$/m)
  })

  test('a lock entry that is not { engine, status, source } is refused with its place', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, identity] }\n', 'articles/a.sv.md': '# Rubrik\n', 'locales/en/articles/a.lock.json': '{\n  "abc": { "engine": "deepl", "status": "approved-ish", "source": "x" }\n}\n' })
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^locales\/en\/articles\/a\.lock\.json:2:3: Invalid lock file: expected `abc` to be \{ engine, status, source \} with status machine, needs-review or reviewed/)
  })

  test('check reports a lock entry for a key its catalog does not have', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, identity] }\n', 'articles/a.sv.md': '# Rubrik\n\nEn mening.\n' })
    expect((await runCli(['build'], dir)).code).toBe(0)
    const path = join(dir, 'locales', 'en', 'articles', 'a.lock.json')
    const lock = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
    lock.f00dfeedf00dfeed = { engine: 'identity', status: 'machine', source: '0000000000000000' }
    await writeFile(path, `${JSON.stringify(lock, null, 2)}\n`)
    const check = await runCli(['check', '--format', 'json'], dir)
    expect(check.code).toBe(1)
    const report = JSON.parse(check.stdout) as { findings: Array<{ file: string; rule: string; message: string }> }
    expect(report.findings).toContainEqual(expect.objectContaining({ file: 'locales/en/articles/a.lock.json', rule: 'catalog', message: 'Lock entry `f00dfeedf00dfeed` has no translation in locales/en/articles/a.json, expected the lock file to describe its catalog' }))
  })
})

describe('CRLF articles', () => {
  test('leave no lone carriage return inside a kept multi-line quotation', async () => {
    const article = '# Rubrik\r\n\r\nHon sa: ”Det här är en lång mening\r\nsom fortsätter på nästa rad och slutar här.” Sedan gick hon.\r\n'
    // pseudo, not identity: check reads an identity "translation" as the Swedish it is (`swedish-word`).
    const { dir, read } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n', 'articles/a.sv.md': article })
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(0)
    const edition = await read('dist/editions/en/a.md')
    expect(edition).toContain('”Det här är en lång mening\nsom fortsätter på nästa rad och slutar här.”')
    expect(edition).not.toContain('\r')
    // The identity engine leaves Swedish in the edition (swedish-word); what matters here is that the kept quotation matches its source.
    const check = await runCli(['check', '--format', 'json'], dir)
    const findings = (JSON.parse(check.stdout) as { findings: Array<{ rule: string; message: string }> }).findings
    expect(findings.filter((finding) => finding.rule === 'quote-verbatim' || finding.message.includes('\r'))).toEqual([])
  })
})
