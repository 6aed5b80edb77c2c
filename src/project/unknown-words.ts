import { LineIndex } from '../document/lines.ts'
import { plainText } from '../document/placeholders.ts'
import type { UnitView } from '../document/segment.ts'
import { escapeRegExp, isFragment } from '../glossary/fragments.ts'
import { comparePaths, compareSwedish } from './order.ts'

/**
 * The words the engines did not know, per language: deduplicated, counted, with the first place
 * each stands in the sources. Fragments of abbreviations, initials and party letters are left
 * out (`glossary/fragments.ts`).
 */

export interface UnknownWord {
  word: string
  count: number
  file: string
  line: number
  column: number
}

export class UnknownWordList {
  readonly #words = new Map<string, UnknownWord>()

  /**
   * Count a word of a unit; its place is where it first stands in the article's source from the
   * unit's start on (the unit's own place when the engine named a word of its own language).
   */
  add(word: string, unit: { source: string; file: string; line: number; column: number; offset: number; text: string; at: (offset: number) => { line: number; column: number } }): void {
    if (isFragment(word, unit.text)) return
    const known = this.#words.get(word)
    if (known) {
      known.count++
      return
    }
    const found = findWord(unit.source, word, unit.offset)
    const place = found >= 0 ? unit.at(found) : { line: unit.line, column: unit.column }
    this.#words.set(word, { word, count: 1, file: unit.file, ...place })
  }

  /** Most frequent first, then alphabetically (Swedish order). */
  list(): UnknownWord[] {
    return [...this.#words.values()].sort((a, b) => b.count - a.count || compareSwedish(a.word, b.word))
  }
}

function findWord(text: string, word: string, from: number): number {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'gu')
  pattern.lastIndex = from
  return pattern.exec(text)?.index ?? -1
}

/** The unknown words of a language's fresh engine answers, article by article in path order, unit by unit. */
export function unknownWordsOf(articles: ReadonlyArray<{ file: string; source: string; units: readonly UnitView[] }>, answers: ReadonlyMap<string, { unknownWords?: string[] }>): UnknownWord[] {
  const list = new UnknownWordList()
  for (const article of [...articles].sort((a, b) => comparePaths(a.file, b.file))) {
    let lines: LineIndex | undefined
    for (const unit of article.units) {
      const words = answers.get(unit.key)?.unknownWords
      if (!words || words.length === 0) continue
      const index = (lines ??= new LineIndex(article.source))
      const text = plainText(unit.text)
      for (const word of words) list.add(word, { source: article.source, text, file: article.file, line: unit.line, column: unit.column, offset: index.offsetOf(unit.line, unit.column), at: (offset) => index.at(offset) })
    }
  }
  return list.list()
}
