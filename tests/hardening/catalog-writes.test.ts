import { watch } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { makeProject } from '../helpers/project.ts'
import { deeplParams, deeplServer, type TestServer } from '../engines/servers.ts'

/** How the build writes catalogs: once per article and language, merged with what changed on disk meanwhile. */

const key = 'catalog-writes-key-77:fx'
const servers: TestServer[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const sentences = (count: number) => Array.from({ length: count }, (_, index) => `Mening nummer ${index + 1} om staden.`)

async function project(count: number, url: string) {
  const made = await makeProject({
    'tolk.config.yaml': `targets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { serverUrl: "${url}", batchSize: 2, concurrency: 1, retryDelay: 10 }\n`,
    'articles/a.sv.md': `${sentences(count).join('\n\n')}\n`,
  })
  cleanups.push(made.cleanup)
  return made
}

describe('catalog writing', () => {
  test('a catalog is written once per article and language, not once per batch', async () => {
    const server = await deeplServer({ key })
    servers.push(server)
    const { dir } = await project(40, server.url)
    const folder = join(dir, 'locales', 'en', 'articles')
    await mkdir(folder, { recursive: true })
    const renames: string[] = []
    const watcher = watch(folder, (event, name) => {
      if (name === 'a.json' || name === 'a.lock.json') renames.push(`${event} ${name}`)
    })
    try {
      const result = await build({ cwd: dir, services: { env: { DEEPL_AUTH_KEY: key } } })
      expect(result.exitCode).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      watcher.close()
    }
    expect(server.requests).toHaveLength(20)
    // One atomic rename each for the lock and the catalog (a watcher may report one twice).
    expect(renames.filter((entry) => entry.endsWith(' a.json')).length).toBeLessThanOrEqual(2)
    expect(renames.filter((entry) => entry.endsWith(' a.lock.json')).length).toBeLessThanOrEqual(2)
    expect(Object.keys(JSON.parse(await readFile(join(folder, 'a.json'), 'utf8')))).toHaveLength(40)
  })

  test('a translation a person writes into the catalog while a build runs is kept, and counts as reviewed', async () => {
    let dir = ''
    let handKey = ''
    const server = await deeplServer({
      key,
      fault: async (_request, index) => {
        if (index !== 3) return undefined
        // Mid-build, a person adds the translation of the last sentence (not yet translated) by hand.
        const sv = JSON.parse(await readFile(join(dir, 'locales', 'sv', 'articles', 'a.json'), 'utf8')) as Record<string, string>
        handKey = Object.entries(sv).find(([, text]) => text === 'Mening nummer 12 om staden.')![0]
        const path = join(dir, 'locales', 'en', 'articles', 'a.json')
        const catalog = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as Record<string, string>
        catalog[handKey] = 'Sentence twelve, by hand.'
        await mkdir(join(dir, 'locales', 'en', 'articles'), { recursive: true })
        await writeFile(path, JSON.stringify(catalog, null, 2))
        return undefined
      },
    })
    servers.push(server)
    const made = await project(12, server.url)
    dir = made.dir
    const result = await build({ cwd: dir, services: { env: { DEEPL_AUTH_KEY: key } } })
    expect(result.exitCode).toBe(0)

    const catalog = JSON.parse(await made.read('locales/en/articles/a.json')) as Record<string, string>
    const lock = JSON.parse(await made.read('locales/en/articles/a.lock.json')) as Record<string, { status: string }>
    expect(catalog[handKey]).toBe('Sentence twelve, by hand.')
    expect(lock[handKey]).toBeUndefined()
    expect(Object.keys(catalog)).toHaveLength(12)
    expect(Object.values(lock).every((entry) => entry.status === 'machine')).toBe(true)
    // The next build uses the person's translation and sends nothing.
    const before = server.requests.length
    const again = await build({ cwd: dir, services: { env: { DEEPL_AUTH_KEY: key } } })
    expect(again.exitCode).toBe(0)
    expect(server.requests.length).toBe(before)
    expect(await made.read('dist/editions/en/a.md')).toContain('Sentence twelve, by hand.')
    // Its number went as a placeholder, as every number does.
    expect(server.requests.flatMap((request) => deeplParams(request).texts)).toContain('Mening nummer <x id="1"/> om staden.')
  })
})
