/**
 * What an engine adapter tells the orchestration about a failed request, and the helpers every
 * HTTP adapter needs to describe one safely. Stopping for the rest of the build (quota, refused
 * key) is `EngineStoppedError` in `types.ts`; everything else an adapter throws fails the batch
 * without a retry.
 */

/** A transient failure (429, 5xx, no answer in time): the orchestration retries it with backoff. */
export class RetryableEngineError extends Error {
  /** HTTP status, when there was an answer. */
  readonly status?: number
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number

  constructor(message: string, options: { status?: number; retryAfterMs?: number } = {}) {
    super(message)
    this.name = 'RetryableEngineError'
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
  }
}

/** HTTP statuses worth another try: rate limits and server trouble (DeepL's 529 is its "too many requests"). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3); `retry-after-ms`
 * as OpenAI sends it is preferred when present. Undefined when absent or unreadable.
 */
export function parseRetryAfter(retryAfter: string | null | undefined, retryAfterMs?: string | null, now = Date.now()): number | undefined {
  if (retryAfterMs && /^\d+(\.\d+)?$/.test(retryAfterMs.trim())) return Math.ceil(Number(retryAfterMs))
  if (!retryAfter) return undefined
  const value = retryAfter.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * Remove secrets from text that came back from a server or a client library before it can reach
 * a message, a log or a report: some servers echo the key they refused.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue
    out = out.split(secret).join('[redacted]')
    // A server may echo the key percent-encoded (in a URL) as well.
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret) out = out.split(encoded).join('[redacted]')
  }
  return out
}

/** First line of a server's message, shortened: enough to say what went wrong, never a whole page. */
export function brief(text: string, max = 200): string {
  const line = text.trim().split('\n')[0] ?? ''
  return line.length > max ? `${line.slice(0, max)}…` : line
}
