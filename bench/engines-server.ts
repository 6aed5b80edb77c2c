/**
 * The engine server for `bench/engines.ts` and `bench/deepl-phase.ts`, in its own process as a
 * real service would be: `npx tsx bench/engines-server.ts deepl|openai <latency-ms>` prints its
 * URL, answers every request after the latency (DeepL: sends its answer that long after the request
 * arrived, the server's own work included), and tells what it received: `GET /` on the side
 * port gives the arrival times (epoch ms), `GET /both` the arrival and answer time of each request.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { deeplParams, deeplServer, fakeTranslate, openaiServer, type Recorded, type Reply } from '../tests/engines/servers.ts'

const [kind = 'deepl', delay = '50'] = process.argv.slice(2)
const latency = Number(delay)
const arrivals: number[] = []
const answers: number[] = []
const now = () => performance.timeOrigin + performance.now()
// The latency is waited for here (the hook may take its time), so the moment the answer goes out is known too.
const record = async () => {
  const index = arrivals.push(now()) - 1
  await sleep(latency)
  answers[index] = now()
  return undefined
}
// DeepL: the answer is made first and sent `latency` ms after the request arrived, as a service that
// answers after 50 ms does; the server's own work is not added to the wait. What DeepL would refuse
// (too many texts, too big a body) goes to the server's own checks.
const deeplAnswer = async (request: Recorded, index: number): Promise<Reply | undefined> => {
  const arrived = arrivals.push(now()) - 1
  const { texts, params } = deeplParams(request)
  if (texts.length === 0 || texts.length > 50 || Buffer.byteLength(request.raw) > 128 * 1024 || !params.get('target_lang')) return (answers[arrived] = now()), undefined
  const target = params.get('target_lang')!.toUpperCase()
  const body = JSON.stringify({ translations: texts.map((text) => ({ detected_source_language: 'SV', text: fakeTranslate(text, target), billed_characters: [...text].length })) })
  await sleep(Math.max(0, latency - (now() - arrivals[arrived]!)))
  answers[arrived] = now()
  return { body, headers: { 'content-type': 'application/json', 'x-trace-id': `trace-${index}` } }
}
const server = kind === 'deepl' ? await deeplServer({ key: 'bench-key', fault: deeplAnswer }) : await openaiServer({ key: 'bench-key', fault: record })
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
