import { execFileSync } from 'node:child_process'
import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import type { Io } from '../../src/cli/registry.ts'
import { loadGlossary } from '../../src/project/glossary.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'

const fixtures = join(repoRoot, 'tests', 'fixtures', 'tbx')
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function project(files: Record<string, string> = {}) {
  const glossary = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8')
  const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n  da: { engines: [identity] }\n  nb: { engines: [identity] }\n', 'glossary/terms.yaml': glossary, ...files })
  cleanups.push(made.cleanup)
  const run = async (argv: string[]) => {
    let stdout = ''
    let stderr = ''
    const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd: made.dir, isTTY: false }
    return { code: await main(argv, io), stdout, stderr }
  }
  return { ...made, run }
}

describe('tolk glossary export', () => {
  it('writes TBX that validates against the TBX v3 core structure (xmllint --relaxng)', async () => {
    const { dir, run } = await project()
    const result = await run(['glossary', 'export', '--format', 'tbx', '--to', 'out/terms.tbx'])
    expect(result.code).toBe(0)
    const output = execFileSync('xmllint', ['--noout', '--relaxng', join(fixtures, 'TBXcoreStructV03.rng'), join(dir, 'out', 'terms.tbx')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect(output).toBe('')
    const tbx = await readFile(join(dir, 'out', 'terms.tbx'), 'utf8')
    expect(tbx).toContain('<term>rekrutteringskampagne</term>')
    expect(tbx).toContain('<termNote type="x-tolk-defpl">rekrutteringskampagnerne</termNote>')
    expect(tbx).toContain('<term>vervingskampagne</term>\n            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>')
  })

  it('prints CSV with a header row and one column per language on stdout', async () => {
    const { run } = await project()
    const result = await run(['glossary', 'export', '--format', 'csv'])
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('id,sv,da,en,nb,note')
    expect(lines).toContain('rekryteringskampanj,rekryteringskampanj,rekrutteringskampagne,recruitment campaign,rekrutteringskampanje,The 2025 federal ICE recruitment campaign and campaigns like it.')
    expect(lines).toContain('dhs,DHS,DHS,DHS,DHS,US Department of Homeland Security.')
  })

  it('refuses an unknown format with exit 2', async () => {
    const { run } = await project()
    const result = await run(['glossary', 'export', '--format', 'xlsx'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Expected `--format tbx` or `--format csv`, got `xlsx`\n')
  })
})

describe('tolk glossary import', () => {
  it('round-trips the project glossary through TBX: every form, target and forbidden term comes back', async () => {
    const { dir, run } = await project()
    expect((await run(['glossary', 'export', '--format', 'tbx', '--to', 'terms.tbx'])).code).toBe(0)
    const result = await run(['glossary', 'import', 'terms.tbx', '--to', 'again/terms.yaml'])
    expect(result.code).toBe(0)
    const strip = (entries: Awaited<ReturnType<typeof loadGlossary>>['entries']) => entries.map(({ place: _place, places: _places, hash: _hash, ...rest }) => rest)
    const original = await loadGlossary(join(dir, 'glossary'))
    const imported = await loadGlossary(join(dir, 'again'))
    expect(strip(imported.entries)).toEqual(strip(original.entries))
  })

  const ltac: Array<[string, number, string]> = [
    ['basic_good.tbx', 39, 'open cluster'],
    ['min_good.tbx', 6, 'open cluster'],
    ['core_structure_good.tbx', 3, 'open cluster'],
  ]
  it.each(ltac)('reads the LTAC file %s (with its byte-order mark)', async (name, count, first) => {
    const { dir, run } = await project()
    await copyFile(join(fixtures, name), join(dir, name))
    const result = await run(['glossary', 'import', name, '--source-lang', 'en', '--to', 'imp/imported.yaml'])
    expect(result.code).toBe(0)
    const glossary = await loadGlossary(join(dir, 'imp'))
    expect(glossary.entries.length).toBeGreaterThanOrEqual(count)
    expect(glossary.entries[0]!.sv).toBe(first)
    expect(glossary.entries[0]!.targets.es?.term).toBe('cúmulo abierto')
  })

  it('takes deprecated terms of a TBX file as forbidden', async () => {
    const { dir, run } = await project()
    await copyFile(join(fixtures, 'basic_good.tbx'), join(dir, 'basic_good.tbx'))
    await run(['glossary', 'import', 'basic_good.tbx', '--source-lang', 'en', '--to', 'imp/imported.yaml'])
    const glossary = await loadGlossary(join(dir, 'imp'))
    expect(glossary.entries.find((entry) => entry.id === 'c38')?.forbidden.es).toEqual(['ciclo del carbono-nitrógeno-oxígeno', 'ciclo del carbono'])
  })

  it('refuses poorly formed XML with its line number and writes nothing', async () => {
    const { dir, run } = await project()
    await copyFile(join(fixtures, 'poorly_formed_xml.tbx'), join(dir, 'bad.tbx'))
    const before = await readdir(join(dir, 'glossary'))
    const result = await run(['glossary', 'import', 'bad.tbx', '--source-lang', 'en'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe("bad.tbx:42:6: Invalid XML: Expected closing tag 'term' (opened in line 41, col 7) instead of closing tag 'termSec'.\n")
    expect(await readdir(join(dir, 'glossary'))).toEqual(before)
  })

  it('refuses a file that declares entities, never expanding them', async () => {
    const { dir, run } = await project()
    await writeFile(join(dir, 'xxe.tbx'), '<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<tbx>&secret;</tbx>\n')
    const result = await run(['glossary', 'import', 'xxe.tbx', '--to', 'out.yaml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('xxe.tbx:3:1: Unexpected entity declaration, expected a TBX file without `<!ENTITY>` (entities are never expanded)\n')
    expect((await readdir(dir)).includes('out.yaml')).toBe(false)
  })

  it('says which languages the file has when it has no term in the source language', async () => {
    const { dir, run } = await project()
    await copyFile(join(fixtures, 'min_good.tbx'), join(dir, 'min_good.tbx'))
    const result = await run(['glossary', 'import', 'min_good.tbx'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^min_good\.tbx:1:1: No term in the source language `sv`, expected --source-lang to be one of the file's languages: en, es/)
  })

  it('reads CSV with a header row of language codes, and keeps a term that is the same in every language', async () => {
    const { run, read } = await project({ 'terms.csv': '\uFEFFsv,da,nb,note\nrekryteringskampanj,rekrutteringskampagne,rekrutteringskampanje,"The campaign, 2025"\nICE,ICE,ICE,\n' })
    const result = await run(['glossary', 'import', 'terms.csv', '--to', 'glossary/from-csv.yaml'])
    expect(result.code).toBe(0)
    expect(await read('glossary/from-csv.yaml')).toBe(`# Imported by \`tolk glossary import\` from terms.csv (source language: sv).
terms:
  - id: rekryteringskampanj
    sv: rekryteringskampanj
    note: The campaign, 2025
    targets:
      da: { term: rekrutteringskampagne }
      nb: { term: rekrutteringskampanje }
  - id: ice
    sv: ICE
    keep: true
`)
  })

  it('refuses a CSV column that is not a language code, with its line and column', async () => {
    const { run } = await project({ 'terms.csv': 'sv,danish\nkampanj,kampagne\n' })
    const result = await run(['glossary', 'import', 'terms.csv'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('terms.csv:1:4: Unexpected column `danish`, expected `id`, `note` or a language code such as `sv`\n')
  })
})
