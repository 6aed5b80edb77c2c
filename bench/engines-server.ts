/**
 * The engine server for `bench/engines.ts`, in its own process as a real service would be:
 * `npx tsx bench/engines-server.ts deepl|openai <latency-ms>` prints its URL, answers every
 * request after the latency, and tells what it received at `GET /__arrivals` (epoch ms).
 */
import { deeplServer, openaiServer } from '../tests/engines/servers.ts'

const [kind = 'deepl', delay = '50'] = process.argv.slice(2)
const arrivals: number[] = []
const record = () => {
  arrivals.push(performance.timeOrigin + performance.now())
  return undefined
}
const server = kind === 'deepl' ? await deeplServer({ key: 'bench-key', delayMs: Number(delay), fault: record }) : await openaiServer({ key: 'bench-key', delayMs: Number(delay), fault: record })
// A side door for the arrival times, on the same server so no second port is needed.
const { createServer } = await import('node:http')
const side = createServer((_req, res) => res.end(JSON.stringify(arrivals)))
await new Promise<void>((resolve) => side.listen(0, '127.0.0.1', resolve))
const sidePort = (side.address() as { port: number }).port
process.stdout.write(`${JSON.stringify({ url: server.url, arrivals: `http://127.0.0.1:${sidePort}/` })}\n`)
process.on('SIGTERM', async () => {
  await server.close()
  side.close()
  process.exit(0)
})
