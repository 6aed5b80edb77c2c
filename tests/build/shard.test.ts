import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { build } from '../../src/commands/build.ts'
import { check } from '../../src/commands/check.ts'
import { shardOf } from '../../src/project/shard.ts'
import { article } from '../../bench/corpus.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'

/**
 * `--shard i/n` splits the articles of a build or check by a stable hash of their path, and
 * `tolk report merge` combines the shards' reports into the report of the unsharded build.
 */

const config = 'targets:\n  en: { engines: [catalog, identity] }\n  da: { engines: [catalog, pseudo] }\n'
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** Articles whose sentences are their own (no sentence shared with another article). */
function distinctArticle(index: number): string {
  return [
    '---',
    `title: Artikel ${index} om rekryteringskampanjen`,
    '---',
    '',
    `Spotify har bekräftat att bolaget inte sände annonser för ICE i vecka ${index}.`,
    `Enligt bolaget upphörde kampanj nummer ${index} när kontraktet löpte ut, t.ex. i USA.`,
    '',
    `## Del ${index}`,
    '',
    `”Det finns inga ICE-annonser på Spotify, det har vi sagt,” uppgav företaget i vecka ${index}.`,
    '',
  ].join('\n')
}

async function project(articles: Record<string, string>) {
  const glossary = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8').catch(() => undefined)
  const made = await makeProject({ 'tolk.config.yaml': config, ...articles, ...(glossary ? { 'glossary/terms.yaml': glossary } : {}) })
  cleanups.push(made.cleanup)
  return made
}

/** Every file under `dist/editions/<lng>/`, path → content. */
async function editions(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const lang of ['en', 'da']) {
    for (const name of (await readdir(join(dir, 'dist', 'editions', lang))).sort()) files[`${lang}/${name}`] = await readFile(join(dir, 'dist', 'editions', lang, name), 'utf8')
  }
  return files
}

async function cli(args: string[], cwd: string) {
  let stdout = ''
  let stderr = ''
  const code = await main(args, { cwd, isTTY: false, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

const paths = (count: number, make: (index: number) => string) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`articles/artikel-${String(index).padStart(3, '0')}.sv.md`, make(index)]))

describe('build --shard and report merge', () => {
  test('four shards merged give the unsharded report byte for byte, and their editions are the unsharded editions', async () => {
    const files = paths(16, distinctArticle)
    const whole = await project(files)
    const sharded = await project(files)
    expect((await build({ cwd: whole.dir })).exitCode).toBe(0)
    for (let index = 1; index <= 4; index++) expect((await cli(['build', '--shard', `${index}/4`], sharded.dir)).code).toBe(0)

    const shardReports = await Promise.all([1, 2, 3, 4].map(async (index) => JSON.parse(await sharded.read(`dist/editions/report-${index}-of-4.json`)) as { articles: unknown[] }))
    expect(shardReports.reduce((sum, report) => sum + report.articles.length, 0)).toBe(16)
    expect(shardReports.filter((report) => report.articles.length > 0).length).toBeGreaterThan(1)

    const merged = await cli(['report', 'merge'], sharded.dir)
    expect(merged.stderr).toBe('merged 4 shard reports (16 articles) into dist/editions/report.json\n')
    expect(merged.code).toBe(0)
    expect(await sharded.read('dist/editions/report.json')).toBe(await whole.read('dist/editions/report.json'))
    expect(await editions(sharded.dir)).toEqual(await editions(whole.dir))
  })

  test('with sentences shared across shards, warm shard builds merge to the warm unsharded report', async () => {
    const made = await project(paths(12, article))
    expect((await build({ cwd: made.dir })).exitCode).toBe(0) // fills the catalogs
    await rm(join(made.dir, 'dist'), { recursive: true })
    expect((await build({ cwd: made.dir })).exitCode).toBe(0)
    const report = await made.read('dist/editions/report.json')
    const built = await editions(made.dir)
    await rm(join(made.dir, 'dist'), { recursive: true })

    for (let index = 1; index <= 4; index++) expect((await build({ cwd: made.dir, shard: { index, count: 4 } })).exitCode).toBe(0)
    expect((await cli(['report', 'merge', '--to', 'merged.json', ...[4, 2, 3, 1].map((index) => `dist/editions/report-${index}-of-4.json`)], made.dir)).code).toBe(0)
    expect(await made.read('merged.json')).toBe(report)
    expect(await editions(made.dir)).toEqual(built)
  })

  test('an article stays in its shard when other articles are added', () => {
    const before = ['articles/a.sv.md', 'articles/b.sv.md', 'articles/c.sv.md'].map((path) => shardOf(path, 4))
    expect(before.every((index) => index >= 1 && index <= 4)).toBe(true)
    expect(['articles/a.sv.md', 'articles/b.sv.md', 'articles/c.sv.md'].map((path) => shardOf(path, 4))).toEqual(before)
  })

  test('report merge refuses a missing shard, a shard twice and a report that is not a shard report', async () => {
    const made = await project(paths(8, distinctArticle))
    for (const index of [1, 2, 3]) expect((await cli(['build', '--shard', `${index}/4`], made.dir)).code).toBe(0)
    const missing = await cli(['report', 'merge'], made.dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('dist/editions/report-1-of-4.json: Missing shard report 4/4, expected all 4 shards\n')

    await cp(join(made.dir, 'dist/editions/report-3-of-4.json'), join(made.dir, 'copy.json'))
    const twice = await cli(['report', 'merge', 'dist/editions/report-1-of-4.json', 'dist/editions/report-3-of-4.json', 'copy.json'], made.dir)
    expect(twice.code).toBe(2)
    expect(twice.stderr).toBe('copy.json: Shard 3/4 twice, expected each shard once (also in dist/editions/report-3-of-4.json)\n')

    expect((await cli(['build'], made.dir)).code).toBe(0)
    const unsharded = await cli(['report', 'merge', 'dist/editions/report.json'], made.dir)
    expect(unsharded.code).toBe(2)
    expect(unsharded.stderr).toBe('dist/editions/report.json: Not a shard report, expected the report of `tolk build --shard i/n` (it has `shard`)\n')
  })

  test('a shard that is not i/n with 1 ≤ i ≤ n is a usage error', async () => {
    const made = await project(paths(1, distinctArticle))
    for (const shard of ['0/4', '5/4', '2', 'a/b']) {
      const run = await cli(['build', '--shard', shard], made.dir)
      expect(run.code).toBe(2)
      expect(run.stderr).toBe(`Expected \`--shard\` to be i/n with 1 ≤ i ≤ n (such as 1/4), got \`${shard}\`\n`)
    }
  })
})

describe('check --shard', () => {
  test('the shards together find what the unsharded check finds, project-wide findings once', async () => {
    const made = await project(paths(12, distinctArticle))
    expect((await build({ cwd: made.dir })).exitCode).toBe(0)
    // An edition edited by hand, an orphaned catalog and an orphaned edition.
    const edition = join(made.dir, 'dist/editions/en/artikel-005.md')
    await writeFile(edition, (await readFile(edition, 'utf8')).replace('Spotify', 'Spotifi'))
    await writeFile(join(made.dir, 'locales/en/articles/gone.json'), '{}\n')
    await writeFile(join(made.dir, 'dist/editions/da/gone.md'), 'x\n')

    const whole = await check({ cwd: made.dir })
    const shards = await Promise.all([1, 2, 3, 4].map((index) => check({ cwd: made.dir, shard: { index, count: 4 } })))
    const key = (finding: { file: string; line: number; column: number; rule: string; message: string }) => `${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`
    expect(shards.flatMap((result) => result.findings.map(key)).sort()).toEqual(whole.findings.map(key).sort())
    expect(whole.findings.map((finding) => finding.file)).toEqual(expect.arrayContaining(['dist/editions/en/artikel-005.md', 'locales/en/articles/gone.json', 'dist/editions/da/gone.md']))
    expect(shards.reduce((sum, result) => sum + result.subjects.filter((subject) => subject.kind === 'locale').length, 0)).toBe(2)
  })
})
