import * as z from 'zod'
import { defineEngine } from './descriptor.ts'
import type { Translator } from './types.ts'

/** Copies the source text, placeholders and all. For tests and for checking the pipeline's round trip. */
export function identityEngine(): Translator {
  return {
    id: 'identity',
    maxBatch: 1000,
    async translate(batch) {
      return batch.map((request) => ({ key: request.key, text: request.text }))
    },
  }
}

export const identity = defineEngine({ id: 'identity', options: z.object({}), defaults: { concurrency: 1 }, create: () => identityEngine() })
