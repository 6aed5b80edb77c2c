import { execFile } from 'node:child_process'
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, test } from 'vitest'
import { makeProject, repoRoot } from '../helpers/project.ts'

/**
 * The lexicon's answers are kept between runs in the project's cache folder, so a build run again
 * asks `lt-proc` nothing. Each run is its own `node` process (a process keeps its answers anyway);
 * `lt-proc` is the real one, behind a wrapper on PATH that counts how often it is started.
 */

const run = promisify(execFile)
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const article = `---
title: Nya regler
---

# Nya regler

Karin Flod leder arbetet. Flod säger att reglerna gäller från i dag.

Stockholm inför samma regler. Rapporten kom i går.
`

async function project() {
  const made = await makeProject({
    'tolk.config.yaml': 'targets:\n  da: { engines: [catalog, pseudo] }\n',
    'articles/regler.sv.md': article,
  })
  cleanups.push(made.cleanup)
  const bin = await mkdtemp(join(tmpdir(), 'tolk-lt-proc-'))
  cleanups.push(() => rm(bin, { recursive: true, force: true }))
  const log = join(bin, 'started.log')
  await writeFile(join(bin, 'lt-proc'), `#!/bin/sh\necho started >> '${log}'\nexec /usr/bin/lt-proc "$@"\n`)
  await chmod(join(bin, 'lt-proc'), 0o755)
  /** One build in its own process, from no catalogs (every unit to the engine): how many `lt-proc` it started, and the edition and report it wrote. */
  const build = async (env: Record<string, string> = {}) => {
    await rm(log, { force: true })
    for (const lang of ['sv', 'da']) await rm(join(made.dir, 'locales', lang, 'articles'), { recursive: true, force: true })
    await run(process.execPath, [join(repoRoot, 'bin', 'tolk.js'), 'build'], { cwd: made.dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env } })
    const started = await readFile(log, 'utf8').then((text) => text.split('\n').filter(Boolean).length, () => 0)
    return { started, edition: await made.read('dist/editions/da/regler.md'), report: await made.read('dist/editions/report.json') }
  }
  const cacheFiles = async () => (await readdir(join(made.dir, '.tolk-cache')).catch(() => [] as string[])).filter((name) => name.startsWith('lexicon-')).sort()
  return { dir: made.dir, build, cacheFiles }
}

describe('the lexicon\'s answers between runs', () => {
  test('a second build asks lt-proc nothing and writes the same edition and report', async () => {
    const { dir, build, cacheFiles } = await project()
    const first = await build()
    expect(first.started).toBeGreaterThan(0)
    expect(await cacheFiles()).toEqual([expect.stringMatching(/^lexicon-sv-[0-9a-f]{32}\.json$/)])
    expect(await readFile(join(dir, '.tolk-cache', '.gitignore'), 'utf8')).toBe('*\n')
    const second = await build()
    expect(second.started).toBe(0)
    expect(second.edition).toBe(first.edition)
    expect(second.report).toBe(first.report)
    // The lexicon's answers were used both times: `Stockholm` starts a sentence and stands nowhere else, and only the lexicon knows it is a name; `Rapporten` is a common word.
    expect(second.edition).toMatch(/\bStockholm\b/)
    expect(second.edition).not.toMatch(/\bRapporten\b/)
  }, 60_000)

  test('a damaged cache file is not used: lt-proc is asked again and the file written whole', async () => {
    const { dir, build, cacheFiles } = await project()
    const first = await build()
    const [name] = await cacheFiles()
    const path = join(dir, '.tolk-cache', name!)
    const whole = await readFile(path, 'utf8')
    await writeFile(path, whole.slice(0, whole.length / 2))
    const again = await build()
    expect(again.started).toBeGreaterThan(0)
    expect(again.edition).toBe(first.edition)
    expect(await readFile(path, 'utf8')).toBe(whole)
  }, 60_000)

  test('TOLK_NO_CACHE=1 asks lt-proc every time and writes no cache', async () => {
    const { build, cacheFiles } = await project()
    const first = await build({ TOLK_NO_CACHE: '1' })
    const second = await build({ TOLK_NO_CACHE: '1' })
    expect(first.started).toBeGreaterThan(0)
    expect(second.started).toBe(first.started)
    expect(second.edition).toBe(first.edition)
    expect(await cacheFiles()).toEqual([])
  }, 60_000)
})
