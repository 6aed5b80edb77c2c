import { spawn } from 'node:child_process'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { configWith, runChain, unit } from './chain.ts'
import { deeplParams, deeplServer, type TestServer } from './servers.ts'

/**
 * How answers reach the disk while an engine works: each batch's answers are saved as they come,
 * one save at a time, and those of batches that finish during a slow save go together in the next
 * one; a sentence many articles share is journaled once, and a crash still keeps it.
 */

const key = 'saving-test-key-3b1c:fx'
const servers: TestServer[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe('saving the answers of a chain', () => {
  test('batches that finish while a save is running are saved together in the next one, never two saves at once, every answer once', async () => {
    const server = await deeplServer({ key, delayMs: 20 })
    servers.push(server)
    const units = Array.from({ length: 40 }, (_, index) => unit(`k${index}`, `Mening nummer ${'abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLM'[index]} om vädret.`))
    let running = 0
    let overlapped = false
    const saves: string[][] = []
    const { outcome } = await runChain(configWith({ deepl: { serverUrl: server.url, batchSize: 2, concurrency: 4 } }), ['deepl'], units, {
      env: { DEEPL_AUTH_KEY: key },
      onBatch: async (fresh) => {
        overlapped ||= running > 0
        running++
        saves.push([...fresh.keys()])
        // A slow disk: the engine answers several batches meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 60))
        running--
      },
    })
    expect(outcome.answers.size).toBe(40)
    expect(server.requests).toHaveLength(20)
    expect(overlapped).toBe(false)
    const saved = saves.flat()
    expect(saved.sort()).toEqual(units.map((entry) => entry.key).sort())
    expect(saves.length).toBeLessThan(20)
    expect(saves.some((keys) => keys.length > 2)).toBe(true)
  }, 30_000)
})

describe('a sentence shared by many articles', () => {
  test('is journaled in one catalog, and after a kill a build of another article that has it takes it from there without asking again', async () => {
    const server = await deeplServer({ key, fault: (_request, index) => (index === 0 ? undefined : { hang: true }) })
    servers.push(server)
    const shared = 'En mening om vädret som alla artiklar har.'
    const made = await makeProject({
      'tolk.config.yaml': `targets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { serverUrl: "${server.url}", batchSize: 1, concurrency: 1, retryDelay: 10 }\n`,
      'articles/a.sv.md': `${shared}\n\nEn mening som bara a har.\n`,
      'articles/b.sv.md': `${shared}\n`,
      'articles/c.sv.md': `${shared}\n`,
    })
    cleanups.push(made.cleanup)
    const folder = join(made.dir, 'locales', 'en', 'articles')
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tolk.js'), 'build'], { cwd: made.dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DEEPL_AUTH_KEY: key }, stdio: 'ignore' })
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)))
    // The first request (the shared sentence) is answered; the build is killed once that answer is in a journal.
    const started = Date.now()
    while (Date.now() - started < 60_000) {
      const journals = await Promise.all((await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.journal')).map((name) => readFile(join(folder, name), 'utf8')))
      if (journals.some((text) => text.includes('[EN-GB]'))) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    child.kill('SIGKILL')
    expect(await closed).toBe('SIGKILL')
    const answered = server.requests.length
    expect(deeplParams(server.requests[0]!).texts).toEqual([shared])

    const names = (await readdir(folder)).sort()
    expect(names).toEqual(['.a.journal'])
    expect(await readFile(join(folder, '.a.journal'), 'utf8')).toContain('[EN-GB] En mening om vädret som alla artiklar har.')

    await writeFile(join(made.dir, 'tolk.config.yaml'), 'targets:\n  en: { engines: [catalog] }\n')
    const result = await build({ cwd: made.dir, articles: ['articles/b.sv.md'] })
    expect(result.exitCode).toBe(0)
    expect(result.editions.find((edition) => edition.slug === 'b')!.markdown).toContain('[EN-GB] En mening om vädret som alla artiklar har.')
    const lock = JSON.parse(await readFile(join(folder, 'b.lock.json'), 'utf8')) as Record<string, { engine: string; status: string }>
    expect(Object.values(lock)).toEqual([expect.objectContaining({ engine: 'deepl', status: 'machine' })])
    expect(server.requests).toHaveLength(answered)
  }, 90_000)
})
