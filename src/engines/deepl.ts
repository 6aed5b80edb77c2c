import type * as deepl from 'deepl-node'
import { plainText } from '../document/placeholders.ts'
import { RetryableEngineError, brief, isRetryableStatus, parseRetryAfter, redact } from './faults.ts'
import { type Exchange, watchHttp } from './http-exchange.ts'
import * as z from 'zod'
import { defineEngine, unavailableEngine } from './descriptor.ts'
import { languageCode } from '../config/language-code.ts'
import { EngineStoppedError, type TranslationRequest, type TranslationResult, type Translator } from './types.ts'

export interface DeeplOptions {
  /** The key itself (read by the registry from the environment variable the config names). */
  authKey: string
  /** A DeepL-compatible server; requests go to `<serverUrl>/v2/translate`. Default: DeepL's API for the key (Free keys end in `:fx`). */
  serverUrl?: string
  formality?: 'default' | 'more' | 'less' | 'prefer_more' | 'prefer_less'
  /** DeepL target codes per language. Default: {@link defaultTargetLangs}, otherwise the code upper-cased. */
  targetLangs?: Record<string, string>
  /** Milliseconds the client waits for one answer. Default: 60 000. */
  timeout?: number
  /** Texts per request, at most 50. Default: 50. */
  batchSize?: number
}

/** DeepL needs a variant for English and Portuguese; Norwegian Bokmål is `NB`. */
export const defaultTargetLangs: Readonly<Record<string, string>> = { en: 'EN-GB', pt: 'PT-PT', nb: 'NB', no: 'NB' }

/** DeepL's documented limits for one `/v2/translate` request. */
export const deeplLimits = { texts: 50, bodyBytes: 128 * 1024 } as const

/** Room kept in a request body for everything that is not a text (target, flags, context). */
const overheadBytes = 4 * 1024
/** Context is not billed but counts toward the body: at most this much of it is sent. */
const contextBytes = 8 * 1024

/**
 * DeepL through the official `deepl-node` client. Units are XML fragments, so `tag_handling: xml`
 * keeps the `<g>`/`<x>` placeholders; the paragraphs the batch's units come from go along as
 * `context` (DeepL takes one context per request; it is not billed). The client's own retries are
 * off (`maxRetries: 0`): the orchestration retries, so one 429 pauses every request to DeepL
 * instead of each request backing off on its own, and retries do not multiply.
 */
export function deeplEngine(options: DeeplOptions): Translator {
  // deepl-node (with axios, form-data, mime-db) is loaded on the first request, not by every run
  // whose chain merely names DeepL: a catalog-only build never pays for it.
  let client: Promise<{ module: typeof deepl; client: deepl.Translator }> | undefined
  const loadClient = () =>
    (client ??= import('deepl-node').then((namespace) => {
      // deepl-node is CommonJS: Node and tsx give its exports as named exports, lib/'s bundle only as the default export.
      const module = typeof namespace.Translator === 'function' ? namespace : (namespace as unknown as { default: typeof deepl }).default
      const translator = new module.Translator(options.authKey, {
        ...(options.serverUrl ? { serverUrl: options.serverUrl.replace(/\/+$/, '') } : {}),
        maxRetries: 0,
        minTimeout: options.timeout ?? 60_000,
        sendPlatformInfo: false,
        appInfo: { appName: 'tolk', appVersion: '0.1.0' },
      })
      return { module, client: translator }
    }))
  const secrets = [options.authKey]

  return {
    id: 'deepl',
    maxBatch: Math.min(options.batchSize ?? deeplLimits.texts, deeplLimits.texts),
    // Asked only when units are left for this engine: the client loads here, outside any request's timeout.
    unavailable: () => loadClient().then(() => undefined),
    fits: (batch) => batch.length <= deeplLimits.texts && formBytes(batch.map((request) => request.text)) + overheadBytes <= deeplLimits.bodyBytes,
    estimate: (batch) => ({ characters: batch.reduce((sum, request) => sum + codePoints(request.text), 0) }),
    async translate(batch, context) {
      const target = targetCode(context.target, options.targetLangs)
      const texts = batch.map((request) => request.text)
      const { module, client } = await loadClient()
      const { value, error, exchange } = await watchHttp(context.signal, () =>
        client.translateText(texts, context.source.toUpperCase() as deepl.SourceLanguageCode, target as deepl.TargetLanguageCode, {
          tagHandling: 'xml',
          ...(options.formality ? { formality: options.formality } : {}),
          ...contextOption(batch, formBytes(texts)),
        }),
      )
      if (error !== undefined) {
        if (context.signal?.aborted) throw context.signal.reason
        throw describe(module, error, exchange, secrets)
      }
      const translations = value ?? []
      if (translations.length !== batch.length) throw new Error(`DeepL returned ${translations.length} translations for ${batch.length} texts`)
      return batch.map((request, index): TranslationResult => {
        const text = translations[index]?.text ?? ''
        return text.trim() === '' ? { key: request.key, error: 'empty translation' } : { key: request.key, text }
      })
    },
  }
}

/** The DeepL target code for a language: the config's mapping, the defaults, or the code upper-cased. */
export function targetCode(lang: string, configured?: Record<string, string>): string {
  return configured?.[lang] ?? defaultTargetLangs[lang] ?? lang.toUpperCase()
}

/** The distinct paragraphs of the batch, as plain text, within the context budget and the body limit. */
function contextOption(batch: readonly TranslationRequest[], textBytes: number): { context?: string } {
  const budget = Math.min(contextBytes, deeplLimits.bodyBytes - overheadBytes - textBytes)
  const paragraphs: string[] = []
  // The units of one paragraph share its context: each is made plain text once.
  const seen = new Set<string>()
  let size = 0
  for (const request of batch) {
    if (!request.context || seen.has(request.context)) continue
    seen.add(request.context)
    const paragraph = plainText(request.context).trim()
    if (!paragraph || paragraphs.includes(paragraph)) continue
    const cost = formBytes([paragraph]) + 3
    if (size + cost > budget) break
    paragraphs.push(paragraph)
    size += cost
  }
  return paragraphs.length > 0 ? { context: paragraphs.join('\n\n') } : {}
}

/** Characters as DeepL bills them (code points), without making an array of them for every text of every batch. */
function codePoints(text: string): number {
  let count = text.length
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index)
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--
        index++
      }
    }
  }
  return count
}

/** Bytes the texts take in the form-encoded body deepl-node sends. */
function formBytes(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + textBytes(text), 0)
}

// `fits` is asked again for every unit a batch grows by: each text is encoded once.
const encodedSizes = new Map<string, number>()

function textBytes(text: string): number {
  let size = encodedSizes.get(text)
  if (size === undefined) {
    size = new URLSearchParams({ text }).toString().length + 1
    if (encodedSizes.size > 10_000) encodedSizes.clear()
    encodedSizes.set(text, size)
  }
  return size
}

/** Turn what the client threw into what the orchestration acts on; never carries the key. */
function describe(deepl: typeof import('deepl-node'), error: unknown, exchange: Exchange | undefined, secrets: readonly string[]): Error {
  const status = exchange?.status
  const retryAfter = exchange?.headers?.['retry-after']
  const detail = brief(redact(error instanceof Error ? error.message : String(error), secrets))
  if (error instanceof deepl.AuthorizationError || status === 403) return new EngineStoppedError('DeepL refused the key (403): check the key in the environment variable named by engines.deepl.authKeyEnv')
  if (error instanceof deepl.QuotaExceededError || status === 456) return new EngineStoppedError('DeepL quota exhausted (456): no more requests to DeepL in this build')
  if (error instanceof deepl.TooManyRequestsError || (status !== undefined && isRetryableStatus(status))) {
    return new RetryableEngineError(`DeepL ${status ?? 429}: ${detail}`, { status: status ?? 429, retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) })
  }
  if (error instanceof deepl.ConnectionError && error.shouldRetry) return new RetryableEngineError(`DeepL connection failed: ${detail}`)
  // deepl-node retries a reset only before the answer starts; one cut mid-body (axios: "stream has been aborted") is as transient.
  if (error instanceof deepl.ConnectionError && exchange?.complete === false) return new RetryableEngineError(`DeepL connection cut mid-answer: ${detail}`)
  return new Error(status ? `DeepL ${status}: ${detail}` : `DeepL: ${detail}`)
}

export const deeplDescriptor = defineEngine({
  id: 'deepl',
  options: z.object({
    /** Name of the environment variable holding the key. Default: `DEEPL_AUTH_KEY`. */
    authKeyEnv: z.string().min(1).default('DEEPL_AUTH_KEY'),
    /** A DeepL-compatible server; requests go to `<serverUrl>/v2/translate`. */
    serverUrl: z.url().optional(),
    /** DeepL's `formality`. Default: not sent (DeepL's default). */
    formality: z.enum(['default', 'more', 'less', 'prefer_more', 'prefer_less']).optional(),
    /** DeepL target codes per language. Default: `en` → `EN-GB`, `nb` → `NB`, `pt` → `PT-PT`, otherwise the code upper-cased. */
    targetLangs: z.record(languageCode, z.string().min(2)).optional(),
    /** Texts per request; DeepL takes at most 50 (and 128 KiB), which tolk never exceeds. Default: 50. */
    batchSize: z.number().int().min(1).max(50).optional(),
  }),
  create(options, services) {
    const authKey = (services.env ?? process.env)[options.authKeyEnv]
    if (!authKey) return unavailableEngine('deepl', `no key: environment variable ${options.authKeyEnv} is not set`)
    return deeplEngine({ authKey, serverUrl: options.serverUrl, formality: options.formality, targetLangs: options.targetLangs, timeout: options.timeout, batchSize: options.batchSize })
  },
})
