/**
 * The DeepL phase of a real build: a cold `tolk build` (the `build()` the CLI runs) of generated
 * articles with one target, `en: { engines: [catalog, deepl] }`, DeepL with its default settings
 * (concurrency 4, 50 texts per request, no rate limit) pointed at a local DeepL-compatible server in
 * its own process (`bench/engines-server.ts`) that answers every request after 50 ms.
 *
 * The phase: from the moment the chain starts on DeepL (its first progress event, `done: 0`, after
 * the units are protected and batched) to the moment the last batch's answers are in the catalogs'
 * journals (the progress event with `done = total`). The ideal: the requests the server received
 * ÷ 4 × 50 ms, as if four requests were always in flight and nothing else took any time.
 *
 * Two corpora of `bench/corpus.ts`'s articles, every sentence made its own (each gets `enligt
 * uppgift <article>:<sentence>`, so no unit is shared: about 31 units an article): `plain`, and
 * `shared`, where one more paragraph, the same sentence in every article, is shared by all of them.
 *
 *   npx tsx bench/deepl-phase.ts [articles] [plain|shared|both]   (default 1,000, both)
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from '../src/commands/build.ts'
import { article } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const which = process.argv[3] ?? 'both'
const latency = 50
const concurrency = 4
const root = join(import.meta.dirname, '..')

/** The last words of `bench/corpus.ts`'s sentences: each gets the article's number before its full stop. */
const endings = ['för ICE.', 'i USA.', 'mediepaket.', 'granskning.', '(https://www.dhs.gov/).', 'under 2025.', 'inom ett år.', 'löner`.']
const pattern = new RegExp(endings.map((ending) => ending.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g')
const sharedSentence = 'Spotify har inte svarat på frågor om hur länge annonserna sändes.'

function corpusArticle(index: number, shared: boolean): string {
  let sentence = 0
  const text = article(index).replace(pattern, (ending) => `${ending.slice(0, -1)} enligt uppgift ${index}:${++sentence}.`)
  return shared ? `${text}\n${sharedSentence}\n` : text
}

async function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'engines-server.ts'), 'deepl', String(latency)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  const { url, arrivals } = JSON.parse(line) as { url: string; arrivals: string }
  return {
    url,
    /** [arrival, answer] of each request, epoch ms. */
    times: async () => ((await (await fetch(`${arrivals}both`)).json()) as Array<[number, number]>).sort((a, b) => a[0] - b[0]),
    stop: () => child.kill('SIGTERM'),
  }
}

/** The most requests the server held at once. */
function mostInFlight(times: ReadonlyArray<readonly [number, number]>): number {
  const events = times.flatMap(([at, answered]) => [[at, 1], [answered, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let now = 0
  let most = 0
  for (const [, step] of events) most = Math.max(most, (now += step))
  return most
}

async function measure(shared: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-deepl-phase-'))
  const server = await startServer()
  try {
    await mkdir(join(dir, 'articles'), { recursive: true })
    for (let index = 0; index < count; index++) await writeFile(join(dir, 'articles', `artikel-${String(index).padStart(4, '0')}.sv.md`), corpusArticle(index, shared))
    for (const lang of ['sv', 'en']) {
      await mkdir(join(dir, 'locales', lang), { recursive: true })
      await cp(join(root, 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
    }
    await cp(join(root, 'glossary'), join(dir, 'glossary'), { recursive: true })
    await writeFile(join(dir, 'tolk.config.yaml'), `source: sv\ntargets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { authKeyEnv: BENCH_KEY, serverUrl: "${server.url}" }\n`)

    let phase: { start: number; end: number; cpu: NodeJS.CpuUsage; cpuUsed?: NodeJS.CpuUsage; units: number } | undefined
    const cpu = process.cpuUsage()
    const started = performance.now()
    const result = await build({
      cwd: dir,
      services: { env: { BENCH_KEY: 'bench-key' } },
      onProgress: (event) => {
        if (event.step !== 'translate' || event.engine !== 'deepl') return
        const now = performance.now()
        if (!phase) phase = { start: now, end: now, cpu: process.cpuUsage(), units: event.total }
        if (event.done === event.total) {
          phase.end = now
          phase.cpuUsed = process.cpuUsage(phase.cpu)
        }
      },
    })
    const wall = performance.now() - started
    const used = process.cpuUsage(cpu)
    if (result.exitCode !== 0 || !phase?.cpuUsed) throw new Error(`build exited ${result.exitCode}`)
    const times = await server.times()
    const requests = times.length
    const ideal = (requests / concurrency) * latency
    const span = phase.end - phase.start
    const serverSpan = Math.max(...times.map(([, answered]) => answered)) - times[0]![0]
    const phaseCpu = (phase.cpuUsed.user + phase.cpuUsed.system) / 1000
    const label = shared ? 'shared' : 'plain'
    console.log(`${label}: ${count} articles, ${phase.units} units to DeepL in ${requests} requests (${(phase.units / requests).toFixed(1)} per request), at most ${mostInFlight(times)} at the server at once`)
    console.log(`  DeepL phase ${span.toFixed(0)} ms (server busy ${serverSpan.toFixed(0)} ms), ideal ${ideal.toFixed(0)} ms: ratio ${(span / ideal).toFixed(2)}× (target ≤ 1.2×); CPU in the phase ${phaseCpu.toFixed(0)} ms`)
    console.log(`  whole build: wall ${wall.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`)
    return span / ideal
  } finally {
    server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`)
if (which !== 'shared') await measure(false)
if (which !== 'plain') await measure(true)
console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`)
