import type { TranslationRequest, Translator } from '../engines/types.ts'

/**
 * Cut work into batches in order: at most `maxBatch` units (default 50) and, when the engine
 * says how much fits in one request, no more than that. A unit too big on its own still gets a
 * batch of its own, so the engine can say why it refuses it.
 */
export function batchUnits<T>(items: readonly T[], translator: Pick<Translator, 'maxBatch' | 'fits'>, request: (item: T) => TranslationRequest): T[][] {
  const max = Math.max(1, translator.maxBatch ?? 50)
  const batches: T[][] = []
  let current: T[] = []
  let requests: TranslationRequest[] = []
  for (const item of items) {
    const full = current.length >= max || (translator.fits !== undefined && current.length > 0 && !translator.fits([...requests, request(item)]))
    if (current.length > 0 && full) {
      batches.push(current)
      current = []
      requests = []
    }
    current.push(item)
    requests.push(request(item))
  }
  if (current.length > 0) batches.push(current)
  return batches
}
