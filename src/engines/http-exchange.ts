import { AsyncLocalStorage } from 'node:async_hooks'
import diagnostics from 'node:diagnostics_channel'
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http'

/**
 * Some official clients (deepl-node) hide the HTTP response from their caller: its status only
 * shows in an error message, its `Retry-After` header not at all, and they take no AbortSignal.
 * Node publishes every outgoing request and its response on `diagnostics_channel`; this module
 * listens there and hands an adapter the exchange made on its behalf (found through
 * AsyncLocalStorage, which follows the client's promise chain into `http.request`), and destroys
 * the request when the adapter's signal aborts. Nothing of the request itself is recorded.
 */

export interface Exchange {
  status?: number
  headers?: IncomingHttpHeaders
  /** False from the response's headers until its whole body has arrived: a connection cut mid-answer leaves it false. */
  complete?: boolean
}

interface Watch {
  signal?: AbortSignal
  exchanges: Exchange[]
}

const current = new AsyncLocalStorage<Watch>()
const watched = new WeakMap<ClientRequest, Exchange>()
let subscribed = false

function subscribe(): void {
  if (subscribed) return
  subscribed = true
  diagnostics.subscribe('http.client.request.start', (message) => {
    const watch = current.getStore()
    if (!watch) return
    const { request } = message as { request: ClientRequest }
    const exchange: Exchange = {}
    watch.exchanges.push(exchange)
    watched.set(request, exchange)
    const signal = watch.signal
    if (!signal) return
    const abort = () => request.destroy(new Error('request aborted'))
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    request.once('close', () => signal.removeEventListener('abort', abort))
  })
  diagnostics.subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage }
    const exchange = watched.get(request)
    if (!exchange) return
    exchange.status = response.statusCode
    exchange.headers = response.headers
    exchange.complete = false
    response.once('end', () => (exchange.complete = true))
  })
}

/**
 * Run `work` (which makes HTTP requests through any client) and return its outcome together with
 * the last HTTP exchange it made. Requests still open when `signal` aborts are destroyed, and the
 * returned promise rejects at once with the signal's reason.
 */
export async function watchHttp<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<{ value?: T; error?: unknown; exchange?: Exchange }> {
  subscribe()
  const watch: Watch = { signal, exchanges: [] }
  const outcome = current.run(watch, () => settle(work(), signal))
  const settled = await outcome
  return { ...settled, exchange: watch.exchanges.at(-1) }
}

async function settle<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<{ value?: T; error?: unknown }> {
  if (!signal) return promise.then((value) => ({ value }), (error: unknown) => ({ error }))
  signal.throwIfAborted()
  let onAbort: (() => void) | undefined
  const aborted = new Promise<{ error: unknown }>((resolve) => {
    onAbort = () => resolve({ error: signal.reason })
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), aborted])
  } finally {
    signal.removeEventListener('abort', onAbort!)
  }
}
