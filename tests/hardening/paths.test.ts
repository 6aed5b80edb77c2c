import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { filesUnder, runCli } from '../helpers/cli.ts'

/**
 * Git stores symlinks, so a pull request can bring one: no article, catalog, glossary or locale
 * path may be a symlink, anything but a regular file, or lead outside the project. Each is refused
 * with exit 2 naming the path; an article is also refused above the configured size.
 */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const config = 'targets:\n  en: { engines: [identity] }\n'
const good = '# Rubrik\n\nEn vanlig mening om staden.\n'

async function project(files: Record<string, string> = {}) {
  const made = await makeProject({ 'tolk.config.yaml': config, 'articles/bra.sv.md': good, ...files })
  cleanups.push(made.cleanup)
  return made
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |internal error/)

describe('paths that lead out of the project', () => {
  test('an article linked to /proc/self/environ is refused, and the environment reaches no file', async () => {
    const { dir, read } = await project()
    await symlink('/proc/self/environ', join(dir, 'articles', 'env.sv.md'))
    const run = await runCli(['build'], dir, { TOLK_TEST_SECRET: 'environ-marker-7a1c' })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('articles/env.sv.md: Refusing a symbolic link')
    noStack(run.stderr)
    expect(await read('dist/editions/en/bra.md')).toContain('En vanlig mening om staden.')
    for (const [file, text] of await filesUnder(dir)) expect(text, file).not.toContain('environ-marker-7a1c')
  })

  test('an article linked to /dev/zero is refused at once', async () => {
    const { dir } = await project()
    await symlink('/dev/zero', join(dir, 'articles', 'noll.sv.md'))
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('articles/noll.sv.md: Refusing a symbolic link')
  }, 10_000)

  test('an article that is not a regular file is refused', async () => {
    const { dir } = await project()
    await mkdir(join(dir, 'articles', 'mapp.sv.md'))
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('articles/mapp.sv.md: Refusing something that is not a regular file')
  })

  test('an article named on the command line outside the project is refused', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'tolk-outside-'))
    cleanups.push(() => rm(outside, { recursive: true, force: true }))
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(outside, 'ute.sv.md'), good)
    const { dir } = await project()
    const run = await runCli(['build', join(outside, 'ute.sv.md')], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/ute\.sv\.md: Refusing a path outside the project/)
  })

  test('locales/en/articles as a symlink out of the project is refused and nothing is written there', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'tolk-outside-'))
    cleanups.push(() => rm(outside, { recursive: true, force: true }))
    const { dir } = await project()
    await mkdir(join(dir, 'locales', 'en'), { recursive: true })
    await symlink(outside, join(dir, 'locales', 'en', 'articles'))
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('locales/en/articles: Refusing a symbolic link')
    noStack(run.stderr)
    expect(await readdir(outside)).toEqual([])
  })

  test('an output folder that is a symlink out of the project is refused', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'tolk-outside-'))
    cleanups.push(() => rm(outside, { recursive: true, force: true }))
    const { dir } = await project()
    await mkdir(join(dir, 'dist'), { recursive: true })
    await symlink(outside, join(dir, 'dist', 'editions'))
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('dist/editions: Refusing a symbolic link')
    expect(await readdir(outside)).toEqual([])
  })

  test('a config folder outside the project is refused', async () => {
    const { dir } = await project({ 'tolk.config.yaml': `${config}out: ../elsewhere\n` })
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Refusing a path outside the project')
    expect(run.stderr).toContain('../elsewhere')
  })

  test('a glossary file that is a symlink is refused', async () => {
    const { dir } = await project()
    await mkdir(join(dir, 'glossary'), { recursive: true })
    await symlink('/etc/hostname', join(dir, 'glossary', 'termer.yaml'))
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('glossary/termer.yaml: Refusing a symbolic link')
  })

  test('a catalog that is a symlink is refused', async () => {
    const { dir } = await project()
    await mkdir(join(dir, 'locales', 'en', 'articles'), { recursive: true })
    await symlink('/etc/hostname', join(dir, 'locales', 'en', 'articles', 'bra.json'))
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('locales/en/articles/bra.json: Refusing a symbolic link')
  })

  test("a language's tolk.json that is a symlink is refused", async () => {
    const { dir } = await project()
    await rm(join(dir, 'locales', 'en', 'tolk.json'))
    await symlink('/etc/hostname', join(dir, 'locales', 'en', 'tolk.json'))
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('locales/en/tolk.json: Refusing a symbolic link')
  })
})

describe('the article size cap', () => {
  test('an article above limits.articleBytes is refused with the cap named, and the others still build', async () => {
    const { dir, read } = await project({ 'tolk.config.yaml': `${config}limits: { articleBytes: 2000 }\n`, 'articles/stor.sv.md': `# Stor\n\n${'En mening om staden. '.repeat(200)}\n` })
    const run = await runCli(['build'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/articles\/stor\.sv\.md: Article too large: \d+ bytes, expected at most 2000 \(limits\.articleBytes\)/)
    expect(await read('dist/editions/en/bra.md')).toContain('En vanlig mening')
  })
})
