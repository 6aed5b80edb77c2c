import { connect } from 'node:net'
import type OpenAI from 'openai'
import { plainText } from '../document/placeholders.ts'
import { RetryableEngineError, brief, isRetryableStatus, parseRetryAfter, redact } from './faults.ts'
import * as z from 'zod'
import { defineEngine, unavailableEngine } from './descriptor.ts'
import { EngineStoppedError, type TranslationRequest, type TranslationResult, type Translator } from './types.ts'

export interface OpenAiOptions {
  /** An OpenAI-compatible server, e.g. `https://api.openai.com/v1` or Ollama's `http://127.0.0.1:11434/v1`. */
  baseUrl: string
  model: string
  /** The key (read by the registry from the environment variable the config names); local servers need none. */
  apiKey?: string
  /** Units per request. Default: 20. */
  batchSize?: number
  /** Milliseconds the client waits for one answer. Default: 60 000. */
  timeout?: number
  /** How the answer is constrained: `json_schema` (structured output), `json_object`, or `none` for servers that support neither. Default: `json_schema`. */
  responseFormat?: 'json_schema' | 'json_object' | 'none'
}

export const systemPrompt = `You translate Swedish news articles for a newsroom. Translate each unit from Swedish into the target language as a professional news translator would: faithful, idiomatic, in the register of the source, without adding or leaving out information.

Units are XML fragments. Tags such as <g id="1">…</g> and <x id="2"/> are placeholders for formatting, links, code, quotations and glossary terms: give every placeholder back exactly once, unchanged (same tag, same id), around the words that correspond to it; you may move a placeholder where the target language's word order demands. Keep the escapes &amp; &lt; &gt; as they are. Never translate inside an <x/> tag and never add tags.

The paragraphs are context only: use them to resolve ambiguity, do not translate them.

Answer with JSON only, no other text: {"translations":[{"id":"<unit id>","text":"<translation>"}]}, one entry per unit, in the order given. When a unit carries "previous_problem", your earlier answer for it was rejected for that reason: correct it.`

const answerSchema = {
  type: 'object',
  properties: {
    translations: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' } }, required: ['id', 'text'], additionalProperties: false },
    },
  },
  required: ['translations'],
  additionalProperties: false,
} as const

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' })

/**
 * Any OpenAI-compatible chat-completions server through the official `openai` client: temperature 0,
 * several units per request with their paragraphs as context, the answer as JSON. The client's own
 * retries are off (`maxRetries: 0`) so the orchestration's shared pause governs 429s. An answer
 * that is not the expected JSON fails its units; the orchestration sends them once more with the
 * problem stated (`retryInvalid`) and then on to the next engine.
 */
export function openaiEngine(options: OpenAiOptions): Translator {
  // The client (about 500 modules) is loaded when units are left for it, not by every run whose chain names it.
  let client: Promise<{ module: typeof OpenAI; client: OpenAI }> | undefined
  const loadClient = () =>
    (client ??= import('openai').then(({ default: module }) => ({
      module,
      client: new module({
        baseURL: options.baseUrl,
        // A local server needs no key; the client insists on one, so it gets a dummy and the header is dropped.
        apiKey: options.apiKey ?? 'none',
        ...(options.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
        organization: null,
        project: null,
        maxRetries: 0,
        timeout: options.timeout ?? 60_000,
      }),
    })))
  const secrets = [options.apiKey]

  return {
    id: 'openai',
    maxBatch: options.batchSize ?? 20,
    retryInvalid: true,
    // A local server that is not running is no engine here: said once, not as a failure per unit after retries.
    // Asked only when units are left for this engine: the client loads here, outside any request's timeout.
    async unavailable() {
      const down = isLoopback(options.baseUrl) ? await localServerDown(options.baseUrl) : undefined
      if (!down) await loadClient()
      return down
    },
    estimate(batch) {
      const characters = batch.reduce((sum, request) => sum + [...request.text].length, 0)
      // About four characters per token; the answer repeats the units with JSON around them.
      const prompt = systemPrompt.length + JSON.stringify(userMessage(batch, 'en')).length
      const answer = characters * 1.2 + batch.length * 20
      return { characters, tokens: Math.ceil((prompt + answer) / 4) }
    },
    async translate(batch, context) {
      let completion: OpenAI.Chat.Completions.ChatCompletion
      const { module, client } = await loadClient()
      try {
        completion = await client.chat.completions.create(
          {
            model: options.model,
            temperature: 0,
            messages: [
              { role: 'system', content: systemPrompt },
              { role: 'user', content: JSON.stringify(userMessage(batch, context.target, context.source)) },
            ],
            ...responseFormat(options.responseFormat ?? 'json_schema'),
          },
          { signal: context.signal },
        )
      } catch (error) {
        if (context.signal?.aborted) throw context.signal.reason
        throw describe(module, error, secrets, options.baseUrl)
      }
      const choice = completion.choices?.[0]
      if (!choice) throw new Error('OpenAI-compatible server answered without a choice')
      if (choice.finish_reason === 'content_filter') throw new Error('the model refused: content filter')
      if (choice.message?.refusal) throw new Error(`the model refused: ${brief(redact(choice.message.refusal, secrets))}`)
      if (choice.finish_reason === 'length') return fail(batch, 'the answer was cut off (finish_reason: length)')
      return readAnswer(batch, choice.message?.content ?? '')
    },
  }
}

/** The user message: the units with short ids, the paragraphs they come from, the target language. */
function userMessage(batch: readonly TranslationRequest[], target: string, source = 'sv') {
  const paragraphs: string[] = []
  const units = batch.map((request, index) => {
    const paragraph = request.context ? plainText(request.context).trim() : ''
    let at = paragraph ? paragraphs.indexOf(paragraph) : -1
    if (paragraph && at === -1) at = paragraphs.push(paragraph) - 1
    return { id: String(index + 1), text: request.text, ...(at >= 0 ? { paragraph: at } : {}), ...(request.problem ? { previous_problem: request.problem } : {}) }
  })
  return { source_language: `${languageNames.of(source) ?? source} (${source})`, target_language: `${languageNames.of(target) ?? target} (${target})`, paragraphs, units }
}

function responseFormat(kind: NonNullable<OpenAiOptions['responseFormat']>): Pick<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, 'response_format'> {
  if (kind === 'json_schema') return { response_format: { type: 'json_schema', json_schema: { name: 'translations', strict: true, schema: answerSchema } } }
  if (kind === 'json_object') return { response_format: { type: 'json_object' } }
  return {}
}

/** Check the answer's shape: JSON only, one translation per unit, ids as sent. Placeholders are checked by the orchestration. */
export function readAnswer(batch: readonly TranslationRequest[], content: string): TranslationResult[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(content.trim())
  } catch {
    return fail(batch, `the answer is not JSON alone (starts with \`${brief(content, 40)}\`)`)
  }
  const list = (parsed as { translations?: unknown } | null)?.translations
  if (!Array.isArray(list)) return fail(batch, 'the answer has no `translations` array')
  if (list.length !== batch.length) return fail(batch, `the answer has ${list.length} translations for ${batch.length} units`)
  const texts = new Map<string, string>()
  for (const item of list as unknown[]) {
    const { id, text } = (item ?? {}) as { id?: unknown; text?: unknown }
    if (typeof id !== 'string' || typeof text !== 'string') return fail(batch, 'a translation is not `{"id": string, "text": string}`')
    if (texts.has(id)) return fail(batch, `the answer has unit ${id} twice`)
    texts.set(id, text)
  }
  return batch.map((request, index) => {
    const text = texts.get(String(index + 1))
    return text === undefined ? { key: request.key, error: `the answer has no translation for unit ${index + 1}` } : { key: request.key, text }
  })
}

function fail(batch: readonly TranslationRequest[], error: string): TranslationResult[] {
  return batch.map((request) => ({ key: request.key, error }))
}

/** Turn what the client threw into what the orchestration acts on; never carries the key. */
function describe(OpenAI: typeof import('openai').default, error: unknown, secrets: ReadonlyArray<string | undefined>, baseUrl: string): Error {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new RetryableEngineError(`no answer in time from the OpenAI-compatible server at ${shownUrl(baseUrl)}`)
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = (error.cause as { cause?: { code?: string; message?: string } } | undefined)?.cause
    const reason = cause?.code ?? cause?.message ?? error.message
    return new RetryableEngineError(`cannot reach the OpenAI-compatible server at ${shownUrl(baseUrl)}: ${brief(redact(reason, secrets))}`)
  }
  // The client reads the body after the headers, outside its connection handling: fetch's "terminated" is a cut mid-answer.
  const cut = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code
  if (error instanceof TypeError && typeof cut === 'string' && /^(UND_ERR_SOCKET|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(cut)) {
    return new RetryableEngineError(`the connection to the OpenAI-compatible server at ${shownUrl(baseUrl)} was cut mid-answer (${cut})`)
  }
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return new Error(brief(redact(error instanceof Error ? error.message : String(error), secrets)))
  const status = error.status
  const detail = brief(redact(error.message, secrets))
  const quota = error.code === 'insufficient_quota' || error.type === 'insufficient_quota'
  if (status === 429 && quota) return new EngineStoppedError(`OpenAI quota exhausted (429 insufficient_quota): no more requests to this engine in this build`)
  if (status === 401 || status === 403) return new EngineStoppedError(`the OpenAI-compatible server refused the key (${status}): check the environment variable named by engines.openai.apiKeyEnv`)
  if (isRetryableStatus(status)) {
    return new RetryableEngineError(`OpenAI-compatible server ${status}: ${detail}`, { status, retryAfterMs: parseRetryAfter(error.headers?.get('retry-after'), error.headers?.get('retry-after-ms')) })
  }
  return new Error(`OpenAI-compatible server ${status}: ${detail}`)
}

function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host)
}

/** Why a server on this machine cannot be used (nothing listens on its port), or undefined when something answers a connection. */
function localServerDown(baseUrl: string): Promise<string | undefined> {
  const url = new URL(baseUrl)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 })
    const done = (reason: string | undefined) => {
      socket.destroy()
      resolve(reason)
    }
    socket.once('connect', () => done(undefined))
    socket.once('timeout', () => done(`no answer from a local server at ${url.origin}`))
    socket.once('error', (error: NodeJS.ErrnoException) => done(`no local server at ${url.origin} (${error.code ?? 'unreachable'})`))
  })
}

export const openaiDescriptor = defineEngine({
  id: 'openai',
  options: z.object({
    /** An OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1` for Ollama. */
    baseUrl: z.url().optional(),
    model: z.string().min(1).optional(),
    /** Name of the environment variable holding the key; optional for local servers. */
    apiKeyEnv: z.string().min(1).optional(),
    /** Units per request. Default: 20. */
    batchSize: z.number().int().min(1).optional(),
    /** How the answer is constrained: `json_schema` (structured output), `json_object`, or `none` for servers that support neither. Default: `json_schema`. */
    responseFormat: z.enum(['json_schema', 'json_object', 'none']).optional(),
  }),
  create(options, services) {
    if (!options.baseUrl || !options.model) return unavailableEngine('openai', 'not configured: engines.openai needs `baseUrl` and `model`')
    const apiKey = options.apiKeyEnv ? (services.env ?? process.env)[options.apiKeyEnv] : undefined
    if (options.apiKeyEnv && !apiKey) return unavailableEngine('openai', `no key: environment variable ${options.apiKeyEnv} is not set`)
    return openaiEngine({ baseUrl: options.baseUrl, model: options.model, apiKey, batchSize: options.batchSize, timeout: options.timeout, responseFormat: options.responseFormat })
  },
})

/** A server URL fit for a message: without any user name or password in it. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    return parsed.href.replace(/\/$/, '')
  } catch {
    return url
  }
}
