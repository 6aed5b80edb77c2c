/**
 * Proper names in Swedish text. Swedish capitalises proper nouns only, so a capitalised word
 * inside a sentence is a name, and a run of them (`Västra Götaland`, `Anna Lindqvist (S)`,
 * `Svensk Försäkring`) is one name. A capitalised word at the start of a sentence is a name when
 * the Swedish lexicon does not know it as a common word, or when the same word stands capitalised
 * inside a sentence elsewhere in the build's articles; those decisions come in as a
 * {@link NameContext}, so this module stays free of I/O.
 */

export interface NameContext {
  /** Whether a capitalised word at the start of a sentence is a name. */
  initialIsName(word: string): boolean
  /** Whether a word at the start of a sentence is known as a proper noun (so it joins a run of names after it: `Västra Götaland`). */
  initialIsProper?(word: string): boolean
  /** The name a genitive is of (`Ellevios` → `Ellevio`), or undefined when the word is no genitive of a name. `initial`: the word starts a sentence. */
  genitiveOf(word: string, initial?: boolean): string | undefined
}

export interface NameSpan {
  /** Offsets into the text searched, `end` exclusive. */
  start: number
  end: number
  /** The name as written. */
  source: string
  /** The name without a genitive `-s`, when it is a genitive. */
  stem: string
  genitive: boolean
}

export interface NameWord {
  word: string
  start: number
  end: number
  /** First word of its sentence. */
  initial: boolean
}

/** A word: a letter first (not glued to a digit before it: `2FA`), then letters, digits (`CC0`, `L3`), apostrophes inside, hyphenated parts (`GPL-3.0`). */
const wordPattern = /(?<![\p{L}\p{M}\p{N}])[\p{L}\p{M}](?:[\p{L}\p{M}\p{N}'’]*[\p{L}\p{M}\p{N}])?(?:-[\p{L}\p{M}\p{N}]+(?:\.\d+)*)*/gu

/** What may stand between a sentence's end (or the text's start) and its first word. */
const openers = /[\s\uFFFC"”“»«'’(\[–—\-*_]/u

/** Capitalised words of a text, each marked when it starts a sentence. Hyphenated words with a lower-case part (`EU-kommissionen`) are no names. */
export function capitalisedWords(text: string): NameWord[] {
  if (!/\p{Lu}/u.test(text)) return []
  const words: NameWord[] = []
  for (const match of text.matchAll(wordPattern)) {
    const word = match[0]
    if (!/^\p{Lu}/u.test(word)) continue
    // `GPL-3.0`, `COVID-19`, `Hanna-Karin` are names; `EU-kommissionen` is not.
    if (word.split('-').some((part) => !/^[\p{Lu}\p{N}]/u.test(part))) continue
    words.push({ word, start: match.index, end: match.index + word.length, initial: startsSentence(text, match.index) })
  }
  return words
}

function startsSentence(text: string, index: number): boolean {
  // A capital right after an opening quotation mark or bracket starts a quoted title or sentence (`Boken ”Det sjunde inseglet”`).
  if (/[”“"«»'‘’(\[]/u.test(text[index - 1] ?? '')) return true
  let at = index - 1
  while (at >= 0 && openers.test(text[at]!)) at--
  if (at < 0) return true
  // A template tag ends what stands before it (`{{< callout >}}` then `Arbete pågår.`).
  if (/[}%]\}$/.test(text.slice(0, at + 1))) return true
  return /[.!?:…]/.test(text[at]!) && (at === index - 1 || /\s|\uFFFC/u.test(text.slice(at + 1, index)))
}

/** The names of a plain text (placeholders as U+FFFC), in order, runs joined. */
export function findNames(text: string, context: NameContext): NameSpan[] {
  const words = capitalisedWords(text)
  if (words.length === 0) return []
  const isName = words.map((word) => !word.initial || context.initialIsName(word.word))
  // A proper noun starting a sentence joins the name right after it: `Västra Götaland drabbades`.
  words.forEach((word, index) => {
    const next = words[index + 1]
    if (!isName[index] && word.initial && next && isName[index + 1] && /^[ \u00A0]$/.test(text.slice(word.end, next.start)) && context.initialIsProper?.(word.word)) isName[index] = true
  })
  const spans: NameSpan[] = []
  let index = 0
  while (index < words.length) {
    if (!isName[index]) {
      index++
      continue
    }
    const first = words[index]!
    let last = first
    index++
    while (index < words.length && isName[index] && !words[index]!.initial && /^[ \u00A0]$/.test(text.slice(last.end, words[index]!.start))) last = words[index++]!
    let end = last.end
    // A party's letters in brackets belong to the name before them: `Anna Lindqvist (S)`.
    const party = /^[ \u00A0]\(\p{Lu}{1,3}\)/u.exec(text.slice(end))
    if (party) {
      end += party[0].length
      while (index < words.length && words[index]!.start < end) index++
    }
    const source = text.slice(first.start, end)
    const stem = party ? undefined : context.genitiveOf(last.word, last.initial)
    spans.push({ start: first.start, end, source, stem: stem ? source.slice(0, last.start - first.start) + stem : source, genitive: stem !== undefined })
  }
  return spans
}

/**
 * A name context from what a build knows: the words that stand capitalised inside a sentence
 * somewhere, and the Swedish lexicon's analyses (undefined when no lexicon is installed: then a
 * sentence's first word is a name only when it stands capitalised inside a sentence elsewhere).
 */
export function nameContext(midSentence: ReadonlySet<string>, analyse?: (word: string) => { known: boolean; common: boolean; proper: boolean; genitiveOf?: string } | undefined): NameContext {
  const isName = (word: string) => {
    // An acronym or a word with digits (`SMHI`, `GPL-3.0`, `CC0`) is a name wherever it stands.
    if (midSentence.has(word) || /\p{N}/u.test(word) || /^\p{Lu}{2,}/u.test(word)) return true
    if (!analyse) return false
    const analysis = analyse(word)
    if (!analysis) return false
    return !analysis.common
  }
  return {
    initialIsName: isName,
    initialIsProper: (word) => analyse?.(word)?.proper === true,
    genitiveOf(word, initial) {
      if (!/[^sxz]s$/.test(word)) return undefined
      const stem = word.slice(0, -1)
      if (midSentence.has(stem)) return stem
      // At a sentence's start only a name seen elsewhere counts: `Obs` is no genitive of the river Ob.
      return initial ? undefined : analyse?.(word)?.genitiveOf
    },
  }
}
