/**
 * Counts of a long step (articles read, editions written, rules run) passed on to a caller's
 * `onProgress`: each step's first (`done: 0`) and last (`done === total`) always, the ones between
 * at most every `every` ms, so reporting costs nothing next to the work.
 */
export function throttledProgress<E extends { done: number; total: number }>(report: ((event: E) => void) | undefined, idOf: (event: E) => string, every = 100, now: () => number = () => performance.now()): (event: E) => void {
  const last = new Map<string, number>()
  return (event) => {
    if (!report) return
    const id = idOf(event)
    const at = now()
    if (event.done !== 0 && event.done !== event.total && at - (last.get(id) ?? Number.NEGATIVE_INFINITY) < every) return
    last.set(id, at)
    report(event)
  }
}
