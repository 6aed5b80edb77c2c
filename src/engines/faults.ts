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
 * a message, a log or a report: some servers echo the key they refused, whole, masked
 * (`sk-ab…yz`), cut short or percent-encoded. Every stretch of the text that shares 8 characters
 * in a row with a secret, and every occurrence of a secret's first or last 4 characters, becomes
 * `[redacted]`. Redact before shortening: a cut can leave a piece that no longer matches the whole key.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  const hidden = secretRanges(text, secrets)
  if (hidden.length === 0) return text
  let out = ''
  let at = 0
  for (const [start, end] of hidden) {
    out += `${text.slice(at, start)}[redacted]`
    at = end
  }
  return out + text.slice(at)
}

/** Whether text holds any piece of a secret that `redact` would hide. */
export function containsSecret(text: string, secrets: ReadonlyArray<string | undefined>): boolean {
  // Asked of every answer: a piece of `width` characters shows up in the text exactly when a stretch of the text is that piece.
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue
    for (const { pieces, ends } of secretForms(secret)) {
      for (const end of ends) if (text.includes(end)) return true
      for (const piece of pieces) if (text.includes(piece)) return true
    }
  }
  return false
}

/** The stretches of `text` that give away part of a secret, merged and in order. */
function secretRanges(text: string, secrets: ReadonlyArray<string | undefined>): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue
    for (const { width, pieces, ends } of secretForms(secret)) {
      for (let index = 0; index + width <= text.length; index++) if (pieces.has(text.slice(index, index + width))) ranges.push([index, index + width])
      for (const end of ends) {
        for (let found = text.indexOf(end); found !== -1; found = text.indexOf(end, found + 1)) ranges.push([found, found + end.length])
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([...range])
  }
  return merged
}

interface SecretForm {
  width: number
  /** Every stretch of `width` characters of the form. */
  pieces: ReadonlySet<string>
  /** Its first and last 4 characters. */
  ends: readonly string[]
}

// Every answer of every engine is searched for the build's few keys: each key's pieces are made once.
const forms = new Map<string, SecretForm[]>()

/** The key as it is and percent-encoded, each cut into the pieces `secretRanges` looks for. */
function secretForms(secret: string): SecretForm[] {
  let known = forms.get(secret)
  if (!known) {
    known = [...new Set([secret, encodeURIComponent(secret)])].map((form) => {
      const width = Math.min(8, form.length)
      const pieces = new Set<string>()
      for (let index = 0; index + width <= form.length; index++) pieces.add(form.slice(index, index + width))
      return { width, pieces, ends: [form.slice(0, 4), form.slice(-4)] }
    })
    if (forms.size >= 64) forms.clear()
    forms.set(secret, known)
  }
  return known
}

/** First line of a server's message, shortened: enough to say what went wrong, never a whole page. */
export function brief(text: string, max = 200): string {
  const line = text.trim().split('\n')[0] ?? ''
  return line.length > max ? `${line.slice(0, max)}…` : line
}
