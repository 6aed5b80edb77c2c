import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * HTTP servers on 127.0.0.1 that speak the engines' real protocols (DeepL `/v2/translate`,
 * OpenAI `/v1/chat/completions`), record every request they receive, and can be told to fail
 * a given request the way the real services do.
 */

export interface Recorded {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** Raw body bytes as received. */
  raw: string
  /** When the request arrived (ms, monotonic). */
  at: number
}

/**
 * What to answer one request with; `hang: true` never answers; `cutAfter: n` sends the status,
 * the headers (with the whole body's Content-Length) and the body's first n bytes, then resets the
 * connection, as a proxy or a server that dies mid-answer does.
 */
export interface Reply {
  status?: number
  headers?: Record<string, string>
  body?: unknown
  delayMs?: number
  hang?: boolean
  cutAfter?: number
}

export interface TestServer {
  url: string
  requests: Recorded[]
  close: () => Promise<void>
}

export async function startServer(answer: (request: Recorded, index: number) => Reply | Promise<Reply>): Promise<TestServer> {
  const requests: Recorded[] = []
  const open = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const recorded: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks).toString('utf8'), at: performance.now() }
      const index = requests.push(recorded) - 1
      const reply = await answer(recorded, index)
      if (reply.hang) {
        open.add(res)
        return
      }
      const send = () => {
        const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
        const length = reply.cutAfter === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }
        res.writeHead(reply.status ?? 200, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', ...length, ...reply.headers })
        if (reply.cutAfter === undefined) return res.end(body)
        res.write(Buffer.from(body).subarray(0, reply.cutAfter), () => res.socket?.resetAndDestroy())
      }
      if (reply.delayMs) setTimeout(send, reply.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const res of open) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The texts and parameters of a DeepL request (form-encoded, as deepl-node sends, or JSON). */
export function deeplParams(request: Recorded): { texts: string[]; params: URLSearchParams } {
  if (String(request.headers['content-type'] ?? '').includes('application/json')) {
    const body = JSON.parse(request.raw) as Record<string, unknown>
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(body)) if (key !== 'text') params.set(key, String(value))
    return { texts: body.text as string[], params }
  }
  const params = new URLSearchParams(request.raw)
  return { texts: params.getAll('text'), params }
}

/** A stand-in translation that keeps every tag: each text run gets the target code in front. */
export function fakeTranslate(text: string, target: string): string {
  return text.replace(/(^|>)([^<]+)/g, (_whole, start: string, run: string) => (run.trim() ? `${start}${run.replace(/\S.*\S|\S/s, (words) => `[${target}] ${words}`)}` : `${start}${run}`))
}

export interface DeeplServerOptions {
  key: string
  /** Answer request `index` some other way (a fault); undefined: translate normally. */
  fault?: (request: Recorded, index: number) => Reply | undefined | Promise<Reply | undefined>
  /** Delay before every normal answer. */
  delayMs?: number
}

/** A DeepL-compatible server: auth by `DeepL-Auth-Key`, a User-Agent required, DeepL's limits and errors. */
export function deeplServer(options: DeeplServerOptions): Promise<TestServer> {
  return startServer(async (request, index) => {
    if (request.headers.authorization !== `DeepL-Auth-Key ${options.key}`) return { status: 403, body: '' }
    if (!request.headers['user-agent']) return { status: 400, body: { message: 'User-Agent header missing.' } }
    if (request.method !== 'POST' || request.path !== '/v2/translate') return { status: 404, body: { message: 'Not found' } }
    const fault = await options.fault?.(request, index)
    if (fault) return fault
    if (Buffer.byteLength(request.raw) > 128 * 1024) return { status: 413, body: { message: 'Request Entity Too Large' } }
    const { texts, params } = deeplParams(request)
    if (texts.length === 0 || !params.get('target_lang')) return { status: 400, body: { message: 'Parameter "text" or "target_lang" missing' } }
    if (texts.length > 50) return { status: 413, body: { message: 'Too many texts' } }
    const target = params.get('target_lang')!.toUpperCase()
    return {
      delayMs: options.delayMs,
      body: { translations: texts.map((text) => ({ detected_source_language: 'SV', text: fakeTranslate(text, target), billed_characters: [...text].length })) },
      headers: { 'x-trace-id': `trace-${index}` },
    }
  })
}

export interface ChatUnit {
  id: string
  text: string
  paragraph?: number
  previous_problem?: string
}

/** The units and target of a chat request as the `openai` engine sends them. */
export function chatUnits(request: Recorded): { body: Record<string, unknown>; units: ChatUnit[]; target: string; paragraphs: string[] } {
  const body = JSON.parse(request.raw) as { messages: Array<{ role: string; content: string }> }
  const user = JSON.parse(body.messages.find((message) => message.role === 'user')!.content) as { units: ChatUnit[]; target_language: string; paragraphs: string[] }
  return { body, units: user.units, target: user.target_language, paragraphs: user.paragraphs }
}

export function chatCompletion(content: string, finishReason = 'stop', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, ...extra }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  }
}

/** The answer a well-behaved model gives: every unit, placeholders kept. */
export function goodAnswer(units: readonly ChatUnit[], target: string): string {
  const code = /\(([a-z-]+)\)$/.exec(target)?.[1] ?? target
  return JSON.stringify({ translations: units.map((unit) => ({ id: unit.id, text: fakeTranslate(unit.text, code.toUpperCase()) })) })
}

export interface OpenAiServerOptions {
  /** Expected key; undefined: no Authorization header expected. */
  key?: string
  fault?: (request: Recorded, index: number) => Reply | undefined | Promise<Reply | undefined>
  delayMs?: number
}

/** An OpenAI-compatible chat-completions server: Bearer auth, OpenAI's error bodies. */
export function openaiServer(options: OpenAiServerOptions): Promise<TestServer> {
  return startServer(async (request, index) => {
    if (options.key !== undefined && request.headers.authorization !== `Bearer ${options.key}`) {
      const shown = String(request.headers.authorization ?? '').replace(/^Bearer /, '')
      // OpenAI echoes (part of) the refused key in its message; the adapter must not pass it on.
      return { status: 401, body: { error: { message: `Incorrect API key provided: ${shown}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } }
    }
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') return { status: 404, body: { error: { message: 'Not found', type: 'invalid_request_error', param: null, code: null } } }
    const fault = await options.fault?.(request, index)
    if (fault) return fault
    const { units, target } = chatUnits(request)
    return { delayMs: options.delayMs, body: chatCompletion(goodAnswer(units, target)) }
  })
}
