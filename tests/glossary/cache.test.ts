import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { check } from '../../src/commands/check.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  delete process.env.TOLK_NO_CACHE
  while (cleanups.length) await cleanups.pop()!()
})

/** 2,000 generated entries (about 300 KB of YAML): some with forbidden forms, one id twice (a lint finding). */
function bigGlossary(): string {
  const lines = ['terms:']
  for (let index = 0; index < 2000; index++) {
    const lemma = `termord${index.toString(36)}kampanj`
    lines.push(`  - id: gen-${index === 1999 ? 0 : index}`, `    sv: ${lemma}`)
    if (index % 3 === 0) lines.push(`    sv_forms: { def: ${lemma}en, pl: ${lemma}er, defpl: ${lemma}erna }`)
    lines.push('    targets:', `      en: { term: term ${index} campaign, pl: term ${index} campaigns }`, `      da: { term: termord${index}kampagne, def: termord${index}kampagnen }`)
    if (index % 7 === 0) lines.push('    forbidden:', `      en: [bad ${index} campaign]`)
  }
  return `${lines.join('\n')}\n`
}

const article = `---
title: Kampanjer
---

# Kampanjer i år

Rapporten nämner termord0kampanj, termord1kampanjen och flera termord2kampanjer.

Spotify säger att termordakampanj har avslutats.
`

async function bigProject(files: Record<string, string> = {}) {
  const made = await makeProject({
    'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, pseudo] }\n  da: { engines: [catalog, pseudo] }\n',
    'articles/kampanjer.sv.md': article,
    'glossary/terms.yaml': await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8'),
    'glossary/generated.yaml': bigGlossary(),
    ...files,
  })
  cleanups.push(made.cleanup)
  return made
}

/** What a build and a check of the project give: the report and editions written, and the check's findings; `cache: false` runs them with TOLK_NO_CACHE=1. */
async function outputs(dir: string, options: { cache?: boolean } = {}) {
  if (options.cache === false) process.env.TOLK_NO_CACHE = '1'
  const built = await build({ cwd: dir })
  const checked = await check({ cwd: dir })
  delete process.env.TOLK_NO_CACHE
  return {
    exitCodes: [built.exitCode, checked.exitCode],
    report: await readFile(join(dir, 'dist/editions/report.json'), 'utf8'),
    editions: await Promise.all(['en', 'da'].map((lang) => readFile(join(dir, `dist/editions/${lang}/kampanjer.md`), 'utf8'))),
    findings: checked.findings,
  }
}

const cacheFiles = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith('glossary-')).sort()

describe('The compiled glossary cache', { timeout: 180_000 }, () => {
  it('stores a big glossary in .tolk-cache (ignored by git), and builds and checks from it with the same reports, editions and findings', async () => {
    const { dir } = await bigProject()
    // The first build drafts every unit into the catalogs; the builds compared both answer from them.
    await outputs(dir)
    const cache = join(dir, '.tolk-cache')
    expect(await readFile(join(cache, '.gitignore'), 'utf8')).toBe('*\n')
    expect((await cacheFiles(cache)).map((name) => name.replace(/^glossary-[0-9a-f]+-/, ''))).toEqual(['compounds.bin', 'forms-da.bin', 'forms-en.bin', 'lint-en-da.bin', 'matcher.bin', 'places.bin'])
    const without = await outputs(dir, { cache: false })
    expect(without.findings.some((finding) => finding.rule === 'glossary')).toBe(true)
    expect(await outputs(dir)).toEqual(without)
  })

  it('does not use a damaged cache file: the outputs stay the same and the file is written again', async () => {
    const { dir } = await bigProject()
    await outputs(dir)
    const without = await outputs(dir, { cache: false })
    const cache = join(dir, '.tolk-cache')
    const names = await cacheFiles(cache)
    expect(names).toHaveLength(6)
    const sound = new Map<string, Buffer>()
    for (const name of names) {
      const bytes = await readFile(join(cache, name))
      sound.set(name, Buffer.from(bytes))
      // In the body after the two header lines, which a job that opens the file reads whole.
      const body = bytes.indexOf(10, bytes.indexOf(10) + 1) + 1
      bytes[body + 2] = bytes[body + 2]! ^ 0xff
      await writeFile(join(cache, name), bytes)
    }
    // The places of values are read only for the lint, when its messages are not cached.
    await rm(join(cache, names.find((name) => name.includes('-lint-'))!))
    expect(await outputs(dir)).toEqual(without)
    for (const name of names) expect(await readFile(join(cache, name))).toEqual(sound.get(name))
  })

  it('does not use a damaged part of a file (the entries, compound keys and target forms a job reads): the outputs stay the same and the file is written again', async () => {
    const { dir } = await bigProject()
    await outputs(dir)
    const without = await outputs(dir, { cache: false })
    const cache = join(dir, '.tolk-cache')
    // The article has termord1kampanjen and termordakampanj: the build reads the first's part of the entries and looks the second up in the compound index (as a form, the first of its keys' parts), the check reads the groups of the target forms.
    const parts: Record<string, string> = { 'matcher.bin': '"sv":"termord1kampanj"', 'compounds.bin': '"termordakampanj"', 'forms-en.bin': '"term 1 campaign"', 'forms-da.bin': '"termord1kampagne"' }
    const sound = new Map<string, Buffer>()
    for (const [kind, text] of Object.entries(parts)) {
      const name = (await cacheFiles(cache)).find((each) => each.endsWith(`-${kind}`))!
      const bytes = await readFile(join(cache, name))
      sound.set(name, Buffer.from(bytes))
      const at = bytes.indexOf(Buffer.from(text))
      expect(at).toBeGreaterThan(bytes.indexOf(10, bytes.indexOf(10) + 1))
      bytes[at + 3] = bytes[at + 3]! ^ 0xff
      await writeFile(join(cache, name), bytes)
    }
    expect(await outputs(dir)).toEqual(without)
    for (const [name, bytes] of sound) expect(await readFile(join(cache, name))).toEqual(bytes)
  })

  it('follows a change of the glossary: the new entries count, and the old files are removed', async () => {
    const { dir } = await bigProject()
    await outputs(dir)
    const before = await cacheFiles(join(dir, '.tolk-cache'))
    const changed = bigGlossary().replace('en: { term: term 0 campaign, pl: term 0 campaigns }', 'en: { term: zero campaign, pl: zero campaigns }')
    await writeFile(join(dir, 'glossary/generated.yaml'), changed)
    const after = await outputs(dir)
    expect(after.editions[0]).toContain('zero campaign')
    const files = await cacheFiles(join(dir, '.tolk-cache'))
    expect(files).toHaveLength(before.length)
    expect(files.filter((name) => before.includes(name))).toEqual([])
  })

  it('lives in node_modules/.cache/tolk when the project has node_modules, and is not written with TOLK_NO_CACHE=1 or for a small glossary', async () => {
    const withModules = await bigProject()
    await mkdir(join(withModules.dir, 'node_modules'))
    await outputs(withModules.dir)
    expect(await cacheFiles(join(withModules.dir, 'node_modules/.cache/tolk'))).toHaveLength(6)
    expect(await readdir(withModules.dir)).not.toContain('.tolk-cache')

    const off = await bigProject()
    process.env.TOLK_NO_CACHE = '1'
    await outputs(off.dir)
    expect(await readdir(off.dir)).not.toContain('.tolk-cache')
    delete process.env.TOLK_NO_CACHE

    const small = await bigProject({ 'glossary/generated.yaml': 'terms: []\n' })
    await outputs(small.dir)
    // (The folder may hold the lexicon's answers, which every project keeps.)
    expect(await cacheFiles(join(small.dir, '.tolk-cache'))).toEqual([])
  })
})
