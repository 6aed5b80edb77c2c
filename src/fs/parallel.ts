import PQueue from 'p-queue'

/** File operations in flight at once: enough to hide disk latency, few enough not to exhaust descriptors. */
export const fileConcurrency = 16

/** Map over items with at most `concurrency` calls in flight; results keep the items' order. */
export async function mapInParallel<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, concurrency = fileConcurrency): Promise<R[]> {
  const queue = new PQueue({ concurrency })
  return Promise.all(items.map((item, index) => queue.add(() => fn(item, index)) as Promise<R>))
}
