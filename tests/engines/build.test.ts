import { spawn } from 'node:child_process'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { readCatalog } from '../../src/catalog/store.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { chatUnits, deeplParams, deeplServer, openaiServer, type TestServer } from './servers.ts'

/**
 * The build end to end: `node bin/tolk.js build` in a temporary project, its engines pointed at
 * servers this test runs on 127.0.0.1.
 */

const deeplKey = 'e2e-deepl-key-8c41d7f0:fx'
const openaiKey = 'sk-e2e-openai-key-27ab90'
const slug = 'spotify-ice-annonser'
const servers: TestServer[] = []
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function project(engines: string) {
  const article = await readFile(join(repoRoot, 'articles', `${slug}.sv.md`), 'utf8')
  const made = await makeProject({ [`articles/${slug}.sv.md`]: article, 'tolk.config.yaml': engines })
  cleanups.push(made.cleanup)
  return made
}

function deeplConfig(url: string, extra = '') {
  return `targets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { authKeyEnv: DEEPL_AUTH_KEY, serverUrl: "${url}", retryDelay: 10${extra} }\n`
}

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Start `tolk` as a child process; `run.done` settles when it exits. */
function tolk(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tolk.js'), ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done }
}

/** The same CLI in this process (starting `node` costs seconds): its output captured, `env` set for the run. */
async function tolkHere(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]))
  Object.assign(process.env, env)
  try {
    const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, isTTY: false })
    return { code, signal: null, stdout, stderr }
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** What the en catalog holds as tolk reads it: its file and the answers a running (or killed) build has journaled. */
async function catalogEntries(dir: string): Promise<Record<string, string>> {
  try {
    return (await readCatalog(join(dir, 'locales'), 'en', slug)).entries
  } catch {
    return {}
  }
}

async function until(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

const sentTexts = (server: TestServer) => server.requests.flatMap((request) => deeplParams(request).texts)

describe('tolk build with cloud engines', () => {
  test('with DEEPL_AUTH_KEY set and serverUrl pointing at a DeepL-compatible server, the en edition is made through deepl', async () => {
    const server = await deeplServer({ key: deeplKey })
    servers.push(server)
    const { dir, read } = await project(deeplConfig(server.url))
    const run = await tolk(['build'], dir, { DEEPL_AUTH_KEY: deeplKey }).done

    expect(run.stderr).toContain(`wrote dist/editions/en/${slug}.md (0 from catalog, 23 machine)`)
    expect(run.code).toBe(0)
    const edition = await read(`dist/editions/en/${slug}.md`)
    expect(edition).toMatch(/^engines:\n  - deepl$/m)
    expect(edition).toContain('Spotify [EN-GB] sänder')
    const report = JSON.parse(await read('dist/editions/report.json')) as { characters: Record<string, number> }
    expect(report.characters.deepl).toBe(sentTexts(server).reduce((sum, text) => sum + [...text].length, 0))
    expect(Object.keys(await catalogEntries(dir))).toHaveLength(23)
  }, 30_000)

  test('with an OpenAI-compatible server the en edition is made through openai', async () => {
    const server = await openaiServer({ key: openaiKey })
    servers.push(server)
    const { dir, read } = await project(`targets:\n  en: { engines: [catalog, openai] }\nengines:\n  openai: { baseUrl: "${server.url}/v1", model: test-model, apiKeyEnv: LLM_KEY, batchSize: 10 }\n`)
    const run = await tolk(['build'], dir, { LLM_KEY: openaiKey }).done

    expect(run.code).toBe(0)
    expect(server.requests.map((request) => chatUnits(request).units.length)).toEqual([10, 10, 3])
    const edition = await read(`dist/editions/en/${slug}.md`)
    expect(edition).toMatch(/^engines:\n  - openai$/m)
    expect(edition).toContain('Spotify [EN] sänder')
  }, 30_000)

  test('--dry-run calls no engine and prints, per language and engine, the units and characters the catalog cannot answer', async () => {
    const server = await deeplServer({ key: deeplKey })
    servers.push(server)
    const { dir } = await project(`${deeplConfig(server.url)}  openai: { baseUrl: "${server.url}/v1", model: m }\n`.replace('en: { engines: [catalog, deepl] }', 'en: { engines: [catalog, deepl] }\n  nb: { engines: [catalog, openai] }'))
    const first = await tolkHere(['build', '--locales', 'en'], dir, { DEEPL_AUTH_KEY: deeplKey })
    expect(first.code).toBe(0)
    const before = server.requests.length
    const article = join(dir, 'articles', `${slug}.sv.md`)
    await writeFile(article, `${await readFile(article, 'utf8')}\nEtt nytt stycke om Spotify.\n`)
    await rm(join(dir, 'dist'), { recursive: true })

    const run = await tolkHere(['build', '--dry-run'], dir, { DEEPL_AUTH_KEY: deeplKey })
    expect(run.code).toBe(0)
    expect(server.requests.length).toBe(before)
    expect(run.stderr).toContain('en: catalog answers 23 units')
    // The name goes as a placeholder: engines never see it.
    expect(run.stderr).toContain(`en: deepl would be sent 1 units, ${[...'Ett nytt stycke om <x id="1"/>.'].length} characters in 1 request`)
    expect(run.stderr).toMatch(/nb: openai would be sent 24 units, \d+ characters in 2 requests, about \d+ tokens/)
    await expect(readdir(join(dir, 'dist'))).rejects.toThrow()
  }, 30_000)

  test('a 456 mid-build keeps what was translated and exits 1; the next build sends only what is left', async () => {
    let quota = true
    const server = await deeplServer({ key: deeplKey, fault: (_request, index) => (quota && index === 2 ? { status: 456, body: { message: 'Quota for this billing period has been exceeded.' } } : undefined) })
    servers.push(server)
    const { dir } = await project(deeplConfig(server.url, ', batchSize: 5, concurrency: 1'))
    const first = await tolkHere(['build'], dir, { DEEPL_AUTH_KEY: deeplKey })

    expect(first.code).toBe(1)
    expect(first.stderr).toContain('DeepL quota exhausted (456)')
    expect(first.stderr).toContain(`not written: dist/editions/en/${slug}.md: 13 segments without translation`)
    expect(server.requests).toHaveLength(3)
    const kept = await catalogEntries(dir)
    expect(Object.keys(kept)).toHaveLength(10)
    const paid = sentTexts(server).slice(0, 10)

    quota = false
    const requestsBefore = server.requests.length
    const second = await tolkHere(['build'], dir, { DEEPL_AUTH_KEY: deeplKey })
    expect(second.code).toBe(0)
    const resent = server.requests.slice(requestsBefore).flatMap((request) => deeplParams(request).texts)
    expect(resent).toHaveLength(13)
    for (const text of paid) expect(resent).not.toContain(text)
    expect(second.stderr).toContain('(10 from catalog, 13 machine)')
  }, 30_000)

  test('Ctrl-C stops the build with exit 130 and keeps every batch already translated', async () => {
    const server = await deeplServer({ key: deeplKey, delayMs: 400 })
    servers.push(server)
    const { dir } = await project(deeplConfig(server.url, ', batchSize: 5, concurrency: 1'))
    const run = tolk(['build'], dir, { DEEPL_AUTH_KEY: deeplKey })
    await until(async () => Object.keys(await catalogEntries(dir)).length >= 5)
    run.child.kill('SIGINT')
    const result = await run.done

    expect(result.code).toBe(130)
    expect(result.stderr).toContain('interrupted; translations finished so far are saved in the catalogs')
    const kept = await catalogEntries(dir)
    expect(Object.keys(kept).length).toBeGreaterThanOrEqual(5)
    expect(Object.keys(kept).length).toBeLessThan(23)
    for (const text of Object.values(kept)) expect(text).toContain('[EN-GB] ')
    await expect(readFile(join(dir, 'dist', 'editions', 'en', `${slug}.md`))).rejects.toThrow()
  }, 30_000)

  test('a build killed with SIGKILL resumes where it stopped and re-bills nothing it had saved', async () => {
    const server = await deeplServer({ key: deeplKey, delayMs: 300 })
    servers.push(server)
    const { dir } = await project(deeplConfig(server.url, ', batchSize: 5, concurrency: 1'))
    const run = tolk(['build'], dir, { DEEPL_AUTH_KEY: deeplKey })
    await until(async () => Object.keys(await catalogEntries(dir)).length >= 10)
    run.child.kill('SIGKILL')
    expect((await run.done).signal).toBe('SIGKILL')
    const saved = await catalogEntries(dir)
    const before = server.requests.length

    const second = await tolkHere(['build'], dir, { DEEPL_AUTH_KEY: deeplKey })
    expect(second.code).toBe(0)
    const resent = server.requests.slice(before).flatMap((request) => deeplParams(request).texts)
    expect(resent).toHaveLength(23 - Object.keys(saved).length)
    const sv = JSON.parse(await readFile(join(dir, 'locales', 'sv', 'articles', `${slug}.json`), 'utf8')) as Record<string, string>
    for (const key of Object.keys(saved)) expect(resent).not.toContain(sv[key])
  }, 30_000)

  test('keys never reach a written file, stdout or stderr, even when servers echo them', async () => {
    const echo = (text: string) => ({ status: 400, body: { message: `Bad request for key ${deeplKey}: ${text}` } })
    const deepl = await deeplServer({ key: deeplKey, fault: (_request, index) => (index === 0 ? { status: 500, body: { message: `internal error, key=${deeplKey}` } } : echo('no')) })
    const openai = await openaiServer({ key: 'the-right-key' })
    servers.push(deepl, openai)
    const { dir } = await project(
      `targets:\n  en: { engines: [catalog, deepl, openai] }\nengines:\n  deepl: { serverUrl: "${deepl.url}", retryDelay: 10 }\n  openai: { baseUrl: "${openai.url}/v1", model: m, apiKeyEnv: LLM_KEY }\n`,
    )
    // One run as a child process, one in this process with --json.
    const runs = [await tolk(['build'], dir, { DEEPL_AUTH_KEY: deeplKey, LLM_KEY: openaiKey }).done, await tolkHere(['build', '--json'], dir, { DEEPL_AUTH_KEY: deeplKey, LLM_KEY: openaiKey })]

    expect(runs.map((run) => run.code)).toEqual([1, 1])
    expect(runs[0]!.stderr).toContain('deepl: DeepL 400: Bad request, message: Bad request for key [redacted]: no')
    expect(runs[0]!.stderr).toContain('openai: the OpenAI-compatible server refused the key (401)')
    const files = await filesUnder(dir)
    expect(files.some((file) => file.endsWith('report.json'))).toBe(true)
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      expect(text, file).not.toContain(deeplKey)
      expect(text, file).not.toContain(openaiKey)
    }
    for (const run of runs) for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toContain(deeplKey)
      expect(output).not.toContain(openaiKey)
    }
  }, 30_000)
})
