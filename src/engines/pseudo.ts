import * as z from 'zod'
import { defineEngine } from './descriptor.ts'
import type { Translator } from './types.ts'

const accents: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ', n: 'ñ', o: 'ô', p: 'þ', r: 'ŕ',
  s: 'š', t: 'ţ', u: 'û', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž', A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î',
  J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ', N: 'Ñ', O: 'Ô', P: 'Þ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
}

/**
 * Pseudo-localization: accented letters and text about a third longer, placeholders and entities
 * intact, so layouts and the pipeline can be checked without a real engine.
 */
export function pseudoLocalize(text: string): string {
  let letters = 0
  const accented = text.replace(/(<[^>]*>|&[a-z]+;|&#x?[0-9a-f]+;)|([A-Za-z])/gi, (whole, tag: string | undefined, letter: string | undefined) => {
    if (tag) return tag
    letters++
    return accents[letter!] ?? whole
  })
  const padding = '·'.repeat(Math.ceil(letters / 3))
  return padding ? `⟦${accented} ${padding}⟧` : accented
}

export function pseudoEngine(): Translator {
  return {
    id: 'pseudo',
    maxBatch: 1000,
    async translate(batch) {
      return batch.map((request) => ({ key: request.key, text: pseudoLocalize(request.text) }))
    },
  }
}

export const pseudo = defineEngine({ id: 'pseudo', options: z.object({}), defaults: { concurrency: 1 }, create: () => pseudoEngine() })
