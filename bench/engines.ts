/**
 * Engine orchestration against a local engine server (its own process, `bench/engines-server.ts`)
 * that answers every request after a fixed 50 ms: 1,000 units through DeepL (deepl-node) and
 * through the OpenAI-compatible adapter, concurrency 8: wall time against the ideal
 * (requests ÷ concurrency × 50 ms). Then the DeepL run under a rate limit, checking that no window
 * of `interval` ms ever saw more than `intervalCap` requests — as started by tolk and as they
 * arrived at the server.
 *
 *   npx tsx bench/engines.ts
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { createInterface } from 'node:readline'
import type { ConfigInput, ResolvedConfig } from '../src/config/schema.ts'
import { configSchema } from '../src/commands/config.ts'
import { createEngines } from '../src/translate/engines.ts'
import { translateChain, type UnitJob } from '../src/translate/run.ts'

const latency = 50
const concurrency = 8
const unitCount = 1000

function config(engines: ConfigInput['engines']): ResolvedConfig {
  return { ...configSchema.parse({ engines }), root: '/', paths: { articles: '/a', glossary: '/g', locales: '/l', out: '/o' } }
}

const units: UnitJob[] = Array.from({ length: unitCount }, (_, index) => ({
  key: `k${index}`,
  text: `Spotify har <g id="1">bekräftat</g> att annons nummer ${index} inte längre sänds.`,
  context: `Stycke ${Math.floor(index / 5)} om Spotify och annonserna.`,
  slots: new Map([[1, { kind: 'g' as const }]]),
}))

async function startServer(kind: 'deepl' | 'openai') {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./engines-server.ts', import.meta.url).pathname, kind, String(latency)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  const { url, arrivals } = JSON.parse(line) as { url: string; arrivals: string }
  return {
    url,
    arrivals: async () => ((await (await fetch(arrivals)).json()) as number[]).sort((a, b) => a - b),
    stop: () => child.kill('SIGTERM'),
  }
}

async function run(engine: 'deepl' | 'openai', engines: ConfigInput['engines']) {
  const made = await createEngines(config(engines), [engine], { env: { BENCH_KEY: 'bench-key' } })
  const slot = made.slots.get(engine)!
  // The moment the engine's queue lets each request start (before the adapter's own work on it).
  const starts: number[] = []
  const add = slot.queue.add.bind(slot.queue)
  slot.queue.add = ((task: (options: { signal?: AbortSignal }) => unknown, options?: object) =>
    add((taskOptions) => {
      starts.push(performance.timeOrigin + performance.now())
      return task(taskOptions)
    }, options)) as typeof slot.queue.add
  const started = performance.now()
  const outcome = await translateChain({ source: 'sv', target: 'en', units, chain: [engine], engines: made.slots, missing: made.missing, lookup: () => undefined })
  const wall = performance.now() - started
  if (outcome.answers.size !== unitCount) throw new Error(`${engine}: ${outcome.answers.size} of ${unitCount} translated: ${outcome.failures[0]?.problem}`)
  return { wall, requests: starts.length, starts }
}

/** The most events within any `interval` ms. */
function busiestWindow(times: readonly number[], interval: number): number {
  let most = 0
  let start = 0
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= interval) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

console.log(`load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} on this machine`)
for (const [engine, batchSize] of [['deepl', 10], ['openai', 5]] as const) {
  const server = await startServer(engine)
  const engines: ConfigInput['engines'] = engine === 'deepl' ? { deepl: { authKeyEnv: 'BENCH_KEY', serverUrl: server.url, concurrency, batchSize } } : { openai: { baseUrl: `${server.url}/v1`, model: 'bench', apiKeyEnv: 'BENCH_KEY', concurrency, batchSize } }
  await run(engine, engines) // warm-up: module code and connections
  const { wall, requests } = await run(engine, engines)
  const ideal = (requests / concurrency) * latency
  console.log(`${engine}, ${batchSize} units per request: ${requests} requests, wall ${wall.toFixed(0)} ms, ideal ${ideal.toFixed(0)} ms, ratio ${(wall / ideal).toFixed(2)}× (target ≤ 1.3×)`)
  server.stop()
}

{
  const interval = 200
  const intervalCap = 10
  const server = await startServer('deepl')
  const { wall, requests, starts } = await run('deepl', { deepl: { authKeyEnv: 'BENCH_KEY', serverUrl: server.url, concurrency, batchSize: 10, interval, intervalCap } })
  const arrived = await server.arrivals()
  const floor = (Math.ceil(requests / intervalCap) - 1) * interval
  console.log(`deepl limited to ${intervalCap} requests per ${interval} ms: ${requests} requests in ${wall.toFixed(0)} ms (the limit alone needs ≥ ${floor} ms)`)
  console.log(`  busiest ${interval}-ms window: ${busiestWindow(starts, interval)} requests started by tolk, ${busiestWindow(arrived, interval)} arrived at the server (limit ${intervalCap})`)
  // The server stamps a request when its event loop gets to it; on a busy machine that lags the send.
  const lags = arrived.map((at, index) => at - starts[index]!).sort((a, b) => a - b)
  console.log(`  server saw each request ${lags[Math.floor(lags.length / 2)]!.toFixed(1)} ms (median) to ${lags.at(-1)!.toFixed(1)} ms (max) after tolk started it`)
  server.stop()
}
