import PQueue from 'p-queue'

/** File operations in flight at once: enough to hide disk latency, few enough not to exhaust descriptors. */
export const fileConcurrency = 16

/**
 * Map over items with at most `concurrency` calls in flight; results keep the items' order.
 *
 * A call that does its work synchronously (files in the page cache, parsing, rendering) settles
 * in a microtask, and thousands of them in a row would never let the event loop run: no signal
 * handler (Ctrl-C, which saves what is done), no timer, no output for minutes in a big build. So
 * the event loop is given a turn (`turn`) before a call once 50 ms have passed since the last.
 * Once `signal` is aborted, no further call starts (the map rejects with its reason).
 */
export async function mapInParallel<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, concurrency = fileConcurrency, signal?: AbortSignal): Promise<R[]> {
  const queue = new PQueue({ concurrency })
  return Promise.all(
    items.map(
      (item, index) =>
        queue.add(async () => {
          const waiting = turn()
          if (waiting) await waiting
          signal?.throwIfAborted()
          return fn(item, index)
        }) as Promise<R>,
    ),
  )
}

const interval = 50
let last = performance.now()
let pending: Promise<void> | undefined

/**
 * Let the event loop run (signals, timers, I/O callbacks) if it has not for `interval` ms. Every
 * call made while a turn is pending waits for that turn: one caller waiting alone would not do,
 * since the others' calls would go on settling in microtasks and the loop would never get it.
 */
function turn(): Promise<void> | undefined {
  if (pending) return pending
  if (performance.now() - last < interval) return undefined
  pending = new Promise<void>((resolve) =>
    setImmediate(() => {
      pending = undefined
      last = performance.now()
      resolve()
    }),
  )
  return pending
}
