import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { check } from '../../src/commands/check.ts'
import { makeProject } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const articles = {
  'articles/a.sv.md': '# Rubrik\n\nEn mening om vädret.\n',
  'articles/b.sv.md': '# Annan rubrik\n\nEn mening om vädret.\n\nEn mening till.\n',
  'articles/c.sv.md': '# Tredje rubrik\n\nNågot helt annat.\n',
}

/** Three articles built once with the identity engine, then only the catalogs answer (no engine). */
async function builtProject() {
  const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, identity] }\n', ...articles })
  cleanups.push(made.cleanup)
  expect((await build({ cwd: made.dir })).exitCode).toBe(0)
  await writeFile(join(made.dir, 'tolk.config.yaml'), 'targets:\n  en: { engines: [catalog] }\n')
  return made
}

const catalogOf = (dir: string, slug: string) => join(dir, 'locales', 'en', 'articles', `${slug}.json`)

describe("Other articles' catalogs", () => {
  it('are not read when the article’s own catalog answers every unit, so a broken one elsewhere does not matter', async () => {
    const { dir } = await builtProject()
    await writeFile(catalogOf(dir, 'c'), '{ "broken": ')
    const result = await build({ cwd: dir, articles: ['articles/a.sv.md'] })
    expect(result.exitCode).toBe(0)
    expect(result.editions.map((edition) => edition.slug)).toEqual(['a'])
    const checked = await check({ cwd: dir, articles: ['articles/a.sv.md'] })
    expect(checked.findings.filter((finding) => finding.file.includes('locales/en/articles/c'))).toEqual([])
  })

  it('lend a unit the article’s own catalog lacks, which is then copied into that catalog', async () => {
    const { dir } = await builtProject()
    const own = JSON.parse(await readFile(catalogOf(dir, 'a'), 'utf8')) as Record<string, string>
    const shared = Object.keys(own).find((key) => own[key] === 'En mening om vädret.')!
    expect(shared).toBeDefined()
    delete own[shared]
    await writeFile(catalogOf(dir, 'a'), JSON.stringify(own))
    const result = await build({ cwd: dir, articles: ['articles/a.sv.md'] })
    expect(result.exitCode).toBe(0)
    expect(result.editions[0]!.markdown).toContain('En mening om vädret.')
    expect(JSON.parse(await readFile(catalogOf(dir, 'a'), 'utf8'))[shared]).toBe('En mening om vädret.')
  })

  it('are read when a unit is left unanswered, and a broken one is then reported with its place', async () => {
    const { dir } = await builtProject()
    const own = JSON.parse(await readFile(catalogOf(dir, 'a'), 'utf8')) as Record<string, string>
    delete own[Object.keys(own).find((key) => own[key] === 'En mening om vädret.')!]
    await writeFile(catalogOf(dir, 'a'), JSON.stringify(own))
    await writeFile(catalogOf(dir, 'c'), '{ "broken": ')
    const error = await build({ cwd: dir, articles: ['articles/a.sv.md'] }).catch((thrown: unknown) => thrown)
    expect(error).toMatchObject({ message: expect.stringMatching(/^Invalid catalog/), place: { file: catalogOf(dir, 'c'), line: 1 } })
  })
})
