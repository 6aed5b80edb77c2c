import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'
import { deeplParams, deeplServer, type TestServer } from '../engines/servers.ts'

/** One build at a time per workspace: a second waits for the first (a lock file with its pid), so no text is paid for twice. */

const key = 'workspace-lock-key-19:fx'
const servers: TestServer[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function tolk(args: string[], cwd: string) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tolk.js'), ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DEEPL_AUTH_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout.resume()
  return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })))
}

async function project(url: string) {
  // Twelve sentences that differ in words, not numbers: numbers reach an engine as placeholders, so sentences differing only in them would be sent as one text.
  const things = ['fisken', 'båten', 'vinden', 'kajen', 'fyren', 'nätet', 'seglet', 'ankaret', 'masten', 'skeppet', 'kranen', 'tullen']
  const text = things.map((thing) => `En mening om ${thing} i hamnen.`).join('\n\n')
  const made = await makeProject({ 'tolk.config.yaml': `targets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { serverUrl: "${url}", batchSize: 2, concurrency: 1, retryDelay: 10 }\n`, 'articles/a.sv.md': `${text}\n` })
  cleanups.push(made.cleanup)
  return made
}

describe('the workspace lock', () => {
  test('two builds at once send no text twice', async () => {
    const server = await deeplServer({ key, delayMs: 150 })
    servers.push(server)
    const { dir } = await project(server.url)
    const [first, second] = await Promise.all([tolk(['build'], dir), tolk(['build'], dir)])
    expect([first.code, second.code], `${first.stderr}\n${second.stderr}`).toEqual([0, 0])
    const texts = server.requests.flatMap((request) => deeplParams(request).texts)
    expect(texts).toHaveLength(12)
    expect(new Set(texts).size).toBe(12)
    expect(`${first.stderr}${second.stderr}`).toMatch(/waiting for another tolk build in this workspace \(pid \d+\)/)
  }, 60_000)

  test('a lock left by a process that is gone is taken over', async () => {
    const server = await deeplServer({ key })
    servers.push(server)
    const { dir } = await project(server.url)
    const gone = spawn(process.execPath, ['-e', ''])
    const pid = gone.pid!
    await new Promise((resolve) => gone.on('close', resolve))
    const { hostname } = await import('node:os')
    await writeFile(join(dir, '.tolk.lock'), `${JSON.stringify({ pid, host: hostname(), command: 'build' })}\n`)
    const run = await runCli(['build'], dir, { DEEPL_AUTH_KEY: key })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain(`removed a stale workspace lock (.tolk.lock) of pid ${pid}, which is no longer running`)
    await expect(readFile(join(dir, '.tolk.lock'))).rejects.toThrow()
  })
})
