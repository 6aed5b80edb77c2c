import { capitalisedWords, nameContext, type NameContext } from '../glossary/names.ts'
import { plainView } from '../glossary/protect.ts'
import { lexiconFor, type LexiconOptions } from './apertium.ts'

/**
 * The name context of a build: which capitalised words stand inside a sentence somewhere in its
 * units, and what the Swedish lexicon says of the words that start a sentence (and of possible
 * genitives), looked up in one `lt-proc` call. Without an installed lexicon a sentence's first
 * word is a name only when it also stands capitalised inside a sentence.
 */
export async function buildNameContext(unitTexts: Iterable<string>, options: LexiconOptions = {}): Promise<NameContext> {
  const midSentence = new Set<string>()
  const ask = new Set<string>()
  for (const text of unitTexts) {
    for (const word of capitalisedWords(plainView(text).text)) {
      if (word.initial) ask.add(word.word)
      else midSentence.add(word.word)
      if (/[^sxz]s$/.test(word.word)) ask.add(word.word)
    }
  }
  const lexicon = await lexiconFor('sv', options)
  if (!lexicon) return nameContext(midSentence)
  await lexicon.load(ask)
  return nameContext(midSentence, (word) => lexicon.get(word))
}
