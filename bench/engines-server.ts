/**
 * The engine server for `bench/engines.ts` and `bench/deepl-phase.ts`, in its own process as a
 * real service would be: `npx tsx bench/engines-server.ts deepl|openai <latency-ms>` prints its
 * URL, answers every request after the latency, and tells what it received: `GET /` on the side
 * port gives the arrival times (epoch ms), `GET /both` the arrival and answer time of each request.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { deeplServer, openaiServer } from '../tests/engines/servers.ts'

const [kind = 'deepl', delay = '50'] = process.argv.slice(2)
const arrivals: number[] = []
const answers: number[] = []
const now = () => performance.timeOrigin + performance.now()
// The latency is waited for here (the hook may take its time), so the moment the answer goes out is known too.
const record = async () => {
  const index = arrivals.push(now()) - 1
  await sleep(Number(delay))
  answers[index] = now()
  return undefined
}
const server = kind === 'deepl' ? await deeplServer({ key: 'bench-key', fault: record }) : await openaiServer({ key: 'bench-key', fault: record })
// A side door for the times, on its own port so it never counts as a request to the engine.
const { createServer } = await import('node:http')
const side = createServer((req, res) => res.end(JSON.stringify(req.url === '/both' ? arrivals.map((at, index) => [at, answers[index] ?? null]) : arrivals)))
await new Promise<void>((resolve) => side.listen(0, '127.0.0.1', resolve))
const sidePort = (side.address() as { port: number }).port
process.stdout.write(`${JSON.stringify({ url: server.url, arrivals: `http://127.0.0.1:${sidePort}/` })}\n`)
process.on('SIGTERM', async () => {
  await server.close()
  side.close()
  process.exit(0)
})
