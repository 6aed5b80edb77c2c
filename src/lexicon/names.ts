import { capitalisedWords, nameContext, type NameContext } from '../glossary/names.ts'
import { plainView } from '../glossary/protect.ts'
import { lexiconFor, type LexiconOptions } from './apertium.ts'

/**
 * The name contexts of a build's articles: which capitalised words stand inside a sentence in each
 * article, and what the Swedish lexicon says of the words that start a sentence (and of possible
 * genitives), looked up for all articles in one `lt-proc` call. A unit is judged by the articles
 * it stands in, never by others, so an article gets the same names whether it is built alone, in
 * a shard, or with the whole repository. Without an installed lexicon a sentence's first word is
 * a name only when it also stands capitalised inside a sentence of its article.
 */
export async function buildNameContexts(articles: ReadonlyArray<readonly string[]>, options: LexiconOptions & { /** The articles' language, whose lexicon is asked. Default: `sv`. */ lang?: string } = {}): Promise<(unitText: string) => NameContext> {
  const ask = new Set<string>()
  const perArticle = articles.map((texts) => {
    const midSentence = new Set<string>()
    for (const text of texts) {
      for (const word of capitalisedWords(plainView(text).text)) {
        if (word.initial) ask.add(word.word)
        else midSentence.add(word.word)
        if (/[^sxz]s$/.test(word.word)) ask.add(word.word)
      }
    }
    return midSentence
  })
  const lexicon = await lexiconFor(options.lang ?? 'sv', options)
  if (lexicon) await lexicon.load(ask)
  const analyse = lexicon ? (word: string) => lexicon.get(word) : undefined
  // A unit that stands in several articles takes the names of all of them.
  const byText = new Map<string, Set<string>>()
  articles.forEach((texts, index) => {
    for (const text of texts) {
      const known = byText.get(text)
      if (!known) byText.set(text, perArticle[index]!)
      else if (known !== perArticle[index]) byText.set(text, new Set([...known, ...perArticle[index]!]))
    }
  })
  const contexts = new Map<Set<string>, NameContext>()
  const empty = new Set<string>()
  return (unitText) => {
    const midSentence = byText.get(unitText) ?? empty
    let context = contexts.get(midSentence)
    if (!context) contexts.set(midSentence, (context = nameContext(midSentence, analyse)))
    return context
  }
}
