import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { journalMachine, readCatalog, readLanguageCatalogs } from '../../src/catalog/store.ts'
import { deeplParams, deeplServer, type TestServer } from '../engines/servers.ts'

/**
 * kill -9 during a real build: 40 articles of 50 sentences (2,000 units) through a DeepL-compatible
 * server on 127.0.0.1 with 8 requests in flight, killed at random moments, then built to the end.
 * After every kill the catalogs and locks must be valid JSON, every key tolk wrote must still say
 * `machine`, and a key a person added must still count as reviewed; what a killed build had saved
 * is never asked for again, and a kill loses at most the answers in flight.
 */

const key = 'crash-test-key-5f2e9a:fx'
const articles = 40
const sentences = 50
const handKey = { article: 3, sentence: 7 }
const maxKills = 8

const words = ['båten', 'staden', 'regnet', 'skolan', 'vägen', 'hamnen', 'kvällen', 'bussen', 'parken', 'torget']
// Numbers spelled out: a number goes to an engine as a placeholder, and the test maps the texts the server was sent back to units.
const digits = ['noll', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio']
const spell = (n: number) => [...String(n)].map((digit) => digits[Number(digit)]).join('')
const sentence = (a: number, s: number) => `Artikel ${spell(a)} mening ${spell(s)} handlar om ${words[(a + s) % words.length]} och ${words[(a * 7 + s * 3) % words.length]} nummer ${spell(a * 100 + s)}.`

function articleText(a: number): string {
  const paragraphs: string[] = []
  for (let s = 0; s < sentences; s += 5) paragraphs.push(Array.from({ length: 5 }, (_, i) => sentence(a, s + i)).join(' '))
  return `# Rubrik nummer ${spell(a)}\n\n${paragraphs.join('\n\n')}\n`
}

interface Answered {
  run: number
  texts: string[]
}

let server: TestServer | undefined
let cleanup: (() => Promise<void>) | undefined
afterAll(async () => {
  await server?.close()
  await cleanup?.()
})

function startBuild(dir: string) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tolk.js'), 'build', '--locales', 'en'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DEEPL_AUTH_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout.resume()
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })))
  return { child, done }
}

/** Every catalog and lock of a language, parsed; a file that is not valid JSON fails the test with its name. */
async function readFiles(dir: string, lang: string): Promise<Map<string, { entries: Record<string, string>; lock: Record<string, { status: string; engine: string }> }>> {
  const folder = join(dir, 'locales', lang, 'articles')
  const names = await readdir(folder).catch(() => [] as string[])
  const catalogs = new Map<string, { entries: Record<string, string>; lock: Record<string, { status: string; engine: string }> }>()
  for (const name of names.filter((name) => name.endsWith('.json'))) {
    const text = await readFile(join(folder, name), 'utf8')
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new Error(`${lang}/${name} is not valid JSON: ${(error as Error).message}`)
    }
    const slug = name.replace(/(\.lock)?\.json$/, '')
    const entry = catalogs.get(slug) ?? { entries: {}, lock: {} }
    if (name.endsWith('.lock.json')) entry.lock = value as typeof entry.lock
    else entry.entries = value as typeof entry.entries
    catalogs.set(slug, entry)
  }
  return catalogs
}

describe('a build killed with SIGKILL at random moments', () => {
  test('leaves valid catalogs and locks in which every machine translation still says machine, and never pays twice for what it had', async () => {
    let run = 0
    const answered: Answered[] = []
    server = await deeplServer({
      key,
      delayMs: 80,
      fault: (request) => {
        answered.push({ run, texts: deeplParams(request).texts })
        return undefined
      },
    })
    const files: Record<string, string> = {
      'catalog-only.yaml': 'targets:\n  en: { engines: [catalog] }\n',
      'tolk.config.yaml': `targets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { serverUrl: "${server.url}", batchSize: 5, concurrency: 8, retryDelay: 10 }\n`,
    }
    for (let a = 0; a < articles; a++) files[`articles/a${String(a).padStart(2, '0')}.sv.md`] = articleText(a)
    const project = await makeProject(files)
    cleanup = project.cleanup
    const { dir } = project

    // The units' keys come from the source catalogs a dry run does not write, so a first build with
    // no engine (catalog only) writes them; then a person adds one translation by hand.
    const seed = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tolk.js'), 'build', '--locales', 'en', '--config', 'catalog-only.yaml'], { cwd: dir, stdio: 'ignore' })
      child.on('close', resolve)
    })
    expect(seed).toBe(1) // nothing translated: every edition lacks units
    const a03 = JSON.parse(await readFile(join(dir, 'locales', 'sv', 'articles', 'a03.json'), 'utf8')) as Record<string, string>
    const hand = Object.entries(a03).find(([, text]) => text === sentence(handKey.article, handKey.sentence))?.[0]
    expect(hand).toBeDefined()
    await mkdir(join(dir, 'locales', 'en', 'articles'), { recursive: true })
    await writeFile(join(dir, 'locales', 'en', 'articles', 'a03.json'), `${JSON.stringify({ [hand!]: 'A sentence a translator wrote.' }, null, 2)}\n`)

    const sv = await readLanguageCatalogs(join(dir, 'locales'), 'sv')
    const keyOf = new Map(sv.flatMap((catalog) => Object.entries(catalog.entries).map(([unitKey, text]) => [text, unitKey] as const)))
    const keysSent = (entries: readonly Answered[]) =>
      entries.flatMap((entry) =>
        entry.texts.map((text) => {
          const unitKey = keyOf.get(text)
          if (!unitKey) throw new Error(`the server was sent a text that is no unit: ${text}`)
          return unitKey
        }),
      )

    const kills: Array<{ run: number; kept: Set<string>; lost: number }> = []
    let finished = false
    for (run = 1; run <= maxKills + 1 && !finished; run++) {
      const requestsBefore = answered.length
      const build = startBuild(dir)
      if (run <= maxKills) {
        // Wait for this run's first request, then kill at a random moment of its work.
        const started = Date.now()
        while (answered.length === requestsBefore && Date.now() - started < 60_000) await new Promise((resolve) => setTimeout(resolve, 5))
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2000))
        build.child.kill('SIGKILL')
      }
      const outcome = await build.done
      if (outcome.code === 0) finished = true
      else if (outcome.signal !== 'SIGKILL') throw new Error(`the build ended with ${outcome.code}: ${outcome.stderr}`)

      const catalogs = await readFiles(dir, 'en')
      for (const [slug, { entries, lock }] of catalogs) {
        for (const entryKey of Object.keys(entries)) {
          if (slug === 'a03' && entryKey === hand) {
            expect(lock[entryKey]?.status ?? 'reviewed', 'the hand-made translation counts as reviewed').toBe('reviewed')
            expect(entries[entryKey]).toBe('A sentence a translator wrote.')
            continue
          }
          expect(lock[entryKey]?.status, `en/${slug}.json key ${entryKey} after kill in run ${run}`).toBe('machine')
        }
      }
      if (outcome.signal === 'SIGKILL') {
        // What the next build will find (catalogs, and journals a crash left), as tolk reads it.
        const kept = new Set((await readLanguageCatalogs(join(dir, 'locales'), 'en')).flatMap((catalog) => Object.keys(catalog.entries)))
        const answeredNow = keysSent(answered.slice(requestsBefore))
        kills.push({ run, kept, lost: answeredNow.filter((unitKey) => !kept.has(unitKey)).length })
      }
    }
    expect(finished).toBe(true)
    expect(kills.length).toBeGreaterThanOrEqual(3)

    // Complete: every unit translated by machine, the hand-made one never sent.
    const catalogs = await readFiles(dir, 'en')
    const total = [...catalogs.values()].reduce((sum, catalog) => sum + Object.keys(catalog.entries).length, 0)
    expect(total).toBe(articles * (sentences + 1))
    expect(keysSent(answered)).not.toContain(hand)
    for (const kill of kills) {
      // Paid for is kept: what a killed build had saved is never sent again, and it lost at most
      // the answers in flight (8 requests of 5 texts, and as many being saved).
      const again = keysSent(answered.filter((entry) => entry.run > kill.run)).filter((unitKey) => kill.kept.has(unitKey))
      expect(again, `texts kept after the kill in run ${kill.run} and sent again`).toEqual([])
      expect(kill.lost, `answers lost by the kill in run ${kill.run}`).toBeLessThanOrEqual(80)
    }
  }, 300_000)
})

describe('a journal whose last line a crash or a full disk cut short', () => {
  test('keeps the answers the next build appends to it', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n' })
    const localesDir = join(made.dir, 'locales')
    await mkdir(join(localesDir, 'en', 'articles'), { recursive: true })
    const journal = join(localesDir, 'en', 'articles', '.a.journal')
    const line = (key: string) => JSON.stringify({ key, text: `Text ${key}.`, lock: { engine: 'deepl', source: '0123456789abcdef' } })
    await writeFile(journal, `${line('aaaaaaaaaaaaaaaa')}\n${line('bbbbbbbbbbbbbbbb').slice(0, 30)}`)
    const catalog = await readCatalog(localesDir, 'en', 'a')
    expect(Object.keys(catalog.entries)).toEqual(['aaaaaaaaaaaaaaaa'])
    await journalMachine(localesDir, catalog, [{ key: 'cccccccccccccccc', text: 'Text c.', lock: { engine: 'deepl', source: '0123456789abcdef' } }])
    // The build is killed before it writes the catalog: what the next one reads is the journal.
    const next = await readCatalog(localesDir, 'en', 'a')
    expect(next.entries).toEqual({ aaaaaaaaaaaaaaaa: 'Text aaaaaaaaaaaaaaaa.', cccccccccccccccc: 'Text c.' })
    expect(next.lock.cccccccccccccccc?.status).toBe('machine')
    await made.cleanup()
  })
})
