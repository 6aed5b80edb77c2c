import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'
import { deeplParams, deeplServer, type TestServer } from '../engines/servers.ts'
import { readLanguageCatalogs } from '../../src/catalog/store.ts'

/**
 * A real full disk: a small tmpfs mounted for the test (this needs root, or CAP_SYS_ADMIN), filled
 * up to a chosen number of free pages. A build that runs out of space says which file it could not
 * write, exits 2 (the environment's code) without a stack trace, and loses nothing: catalogs and
 * locks stay valid JSON, every machine translation still says machine, and once there is space
 * again the next build asks no engine for what the first one had saved.
 */

const key = 'full-disk-key-3c81:fx'
const env = { DEEPL_AUTH_KEY: key }

/** Why this machine cannot mount a tmpfs for the test, or undefined when it can. */
function mountProblem(): string | undefined {
  const probe = join(tmpdir(), `tolk-mount-probe-${process.pid}`)
  try {
    execFileSync('mkdir', ['-p', probe])
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' })
    execFileSync('umount', [probe], { stdio: 'pipe' })
    return undefined
  } catch (error) {
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim() || 'mount failed'}); the full-disk tests need root`
  } finally {
    execFileSync('rm', ['-rf', probe])
  }
}

const problem = mountProblem()
if (problem) console.warn(`skipping the full-disk tests: ${problem}`)

const servers: TestServer[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A tmpfs of `size` bytes mounted on a fresh folder; `fill(pages)` leaves that many 4 KiB pages free, `free()` gives the space back. */
async function smallDisk(size: number, options: { readOnly?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-small-disk-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir])
  cleanups.push(async () => {
    execFileSync('umount', [dir])
    await rm(dir, { recursive: true, force: true })
  })
  const filler = join(dir, 'filler')
  return {
    dir,
    async fill(pages: number) {
      const { bavail, bsize } = await statfs(dir)
      await writeFile(filler, Buffer.alloc(Math.max(0, Number(bavail) - pages) * Number(bsize)))
    },
    free: () => rm(filler, { force: true }),
  }
}

const things = ['fisken', 'båten', 'vinden', 'kajen', 'fyren', 'nätet', 'seglet', 'ankaret', 'masten', 'skeppet', 'kranen', 'tullen', 'vågen', 'stranden', 'bryggan', 'hamnen']
// Sentences that differ in words: a number reaches an engine as a placeholder.
const sentences = things.flatMap((thing) => things.map((other) => `En mening om ${thing} och ${other} vid vattnet.`))
const files = (url: string) => ({
  'tolk.config.yaml': `targets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { serverUrl: "${url}", batchSize: 16, concurrency: 1, retryDelay: 10, retries: 0 }\n`,
  'articles/a.sv.md': `# Hamnen\n\n${sentences.slice(0, 128).join('\n\n')}\n`,
  'articles/b.sv.md': `# Vattnet\n\n${sentences.slice(128).join('\n\n')}\n`,
})

async function countingServer() {
  const server = await deeplServer({ key })
  servers.push(server)
  return server
}

const sentTexts = (server: TestServer, from = 0) => server.requests.slice(from).flatMap((request) => deeplParams(request).texts)

/** Every catalog and lock under locales/en/articles: valid JSON, and each key with a lock entry that does not say reviewed. */
async function expectCatalogsWhole(dir: string) {
  const folder = join(dir, 'locales', 'en', 'articles')
  const names = await readdir(folder).catch(() => [] as string[])
  for (const name of names.filter((entry) => entry.endsWith('.json') && !entry.endsWith('.lock.json'))) {
    const entries = JSON.parse(await readFile(join(folder, name), 'utf8')) as Record<string, string>
    const lockText = await readFile(join(folder, name.replace(/\.json$/, '.lock.json')), 'utf8').catch(() => '{}')
    const lock = JSON.parse(lockText) as Record<string, { status: string }>
    for (const entryKey of Object.keys(entries)) expect(lock[entryKey]?.status, `${name}: ${entryKey}`).toBe('machine')
  }
  for (const name of names.filter((entry) => entry.endsWith('.lock.json'))) JSON.parse(await readFile(join(folder, name), 'utf8'))
}

/** The source texts whose translations the next build will find (catalogs, and journals a failed build left), as tolk reads them. */
async function keptTexts(dir: string): Promise<Set<string>> {
  const sources = new Map<string, string>()
  for (const name of await readdir(join(dir, 'locales', 'sv', 'articles')).catch(() => [] as string[])) {
    for (const [unit, text] of Object.entries(JSON.parse(await readFile(join(dir, 'locales', 'sv', 'articles', name), 'utf8')) as Record<string, string>)) sources.set(unit, text)
  }
  const catalogs = await readLanguageCatalogs(join(dir, 'locales'), 'en')
  return new Set(catalogs.flatMap((catalog) => Object.keys(catalog.entries).map((unit) => sources.get(unit)!)))
}

describe.skipIf(problem !== undefined)('a full disk', () => {
  test('an output folder on a full filesystem: the path and ENOSPC, exit 2, no stack, and the next build pays for nothing again', async () => {
    const server = await countingServer()
    const made = await makeProject(files(server.url))
    cleanups.push(made.cleanup)
    const disk = await smallDisk(64 * 1024)
    await disk.fill(0)
    const out = join(disk.dir, 'dist')
    const run = await runCli(['build', '--out', out], made.dir, env)
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.stderr).toMatch(new RegExp(`^tolk: cannot write ${relative(made.dir, out)}/en/[ab]\\.md: no space left on the device \\(ENOSPC\\)$`, 'm'))
    expect(run.code).toBe(2)
    await expectCatalogsWhole(made.dir)
    const paid = server.requests.length
    expect(new Set(sentTexts(server)).size).toBe(sentTexts(server).length)

    await disk.free()
    const again = await runCli(['build', '--out', out], made.dir, env)
    expect(again.code).toBe(0)
    expect(server.requests.length).toBe(paid)
    expect(await readFile(join(out, 'en', 'a.md'), 'utf8')).toContain('[EN-GB] En mening om fisken och båten vid vattnet.')
  }, 60_000)

  test('a project on a filesystem that fills up at any point of the build: the file named, exit 2, catalogs whole, and only answers in flight or waiting to be saved are asked for again', async () => {
    const server = await countingServer()
    const template = files(server.url)
    const failedAt = new Set<string>()
    // 0 free pages: the workspace lock cannot be written; more: the source catalogs, the journal partway, the locks, the catalogs; then room for all.
    for (const pages of [0, 2, 4, 8, 10, 12, 16, 20, 24, 28, 29, 30, 31, 32, 40]) {
      const disk = await smallDisk(1024 * 1024)
      const dir = join(disk.dir, 'project')
      for (const [path, content] of Object.entries(template)) {
        await mkdir(join(dir, path, '..'), { recursive: true })
        await writeFile(join(dir, path), content)
      }
      for (const lang of ['sv', 'en']) {
        await mkdir(join(dir, 'locales', lang), { recursive: true })
        await writeFile(join(dir, 'locales', lang, 'tolk.json'), await readFile(join(repoRoot, 'locales', lang, 'tolk.json')))
      }
      await disk.fill(pages)
      const before = server.requests.length
      const run = await runCli(['build'], dir, env)
      expect(run.stderr, `${pages} pages free`).not.toMatch(/internal error|\n\s+at /)
      if (run.code !== 0) {
        expect(run.code, `${pages} pages free: ${run.stderr}`).toBe(2)
        const line = /^tolk: cannot write (\S+): no space left on the device \(ENOSPC\)$/m.exec(run.stderr)
        expect(line, `${pages} pages free: ${run.stderr}`).not.toBeNull()
        failedAt.add(line![1]!.replace(/[ab](?=\.)/, '*'))
      }
      await expectCatalogsWhole(dir)
      const kept = await keptTexts(dir)
      const first = sentTexts(server, before)
      const asked = server.requests.length

      await disk.free()
      const again = await runCli(['build'], dir, env)
      expect(again.code, `${pages} pages free, then room: ${again.stderr}`).toBe(0)
      await expectCatalogsWhole(dir)
      // What the first build saved is never asked for again; it lost at most the answers in flight
      // and waiting to be saved when the disk filled (1 request and 3 batches of 16 texts).
      const second = sentTexts(server, asked)
      expect(second.filter((text) => kept.has(text)), `${pages} pages free`).toEqual([])
      expect(first.filter((text) => !kept.has(text)).length, `${pages} pages free`).toBeLessThanOrEqual(64)
      expect(await readFile(join(dir, 'dist', 'editions', 'en', 'b.md'), 'utf8')).toContain('[EN-GB] En mening om')
      await cleanups.pop()!()
    }
    // The runs ran out of room in different places: the workspace lock, the source catalogs, the journal partway, the locks and catalogs.
    expect(failedAt).toContain('locales/en/articles/.*.journal')
    expect(failedAt.size).toBeGreaterThanOrEqual(4)
  }, 240_000)

  test('a read-only output folder: the path and EROFS, exit 2, no stack', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/a.sv.md': '# Rubrik\n\nEn mening.\n' })
    cleanups.push(made.cleanup)
    const disk = await smallDisk(64 * 1024, { readOnly: true })
    const run = await runCli(['build', '--out', disk.dir], made.dir)
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.stderr).toMatch(new RegExp(`^tolk: cannot write ${relative(made.dir, disk.dir)}/en/a\\.md: read-only file system \\(EROFS\\)$`, 'm'))
    expect(run.code).toBe(2)
  })
})
