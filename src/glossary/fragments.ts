/**
 * Pieces of abbreviations, initials and party letters: no words. An engine reading `bl.a.`,
 * `kl. 14.30`, `t.ex.` or `Anna Lindqvist (S)` marks `bl`, `a`, `kl`, `ex`, `S` as unknown, and
 * an edition keeps `bl.a.` as Danish and Norwegian write it too; none of them is a word a desk
 * could put in the glossary or an engine left untranslated. A short word that is whole (`vd` in
 * `Hon blir ny vd.`) is a word, even at the end of a sentence.
 */

/** Whether the word standing at `start` of `text` is a fragment. */
export function isFragmentAt(text: string, start: number, end: number): boolean {
  const word = text.slice(start, end)
  if ([...word].length <= 1) return true
  if (/\p{N}/u.test(word)) return true
  // Party letters and initials: `S`, `KD`, `MP`.
  if (/^\p{Lu}{2,3}$/u.test(word)) return true
  if ([...word].length > 4) return false
  // The second piece of `bl.a.`, `t.ex.`: a letter and a full stop right before it.
  if (/\p{L}\.$/u.test(text.slice(Math.max(0, start - 2), start))) return true
  // A piece between hyphens: `Za` of `[0-9A-Za-z-]`.
  if (text[start - 1] === '-' && text[end] === '-') return true
  // A full stop glued to it that ends no sentence: another piece (`bl.a.`), a small letter or digit
  // after it (`kl. 14.30`, `ca. 5`, `t.ex. när`), or a bracket or comma (`etc.)`).
  return /^\.(?:\p{L}|[ \u00A0]+[\p{Ll}\p{N}]|[)\]},;:])/u.test(text.slice(end))
}

/** Whether a word an engine named is a fragment where it first stands (as a whole word) in a unit's text. */
export function isFragment(word: string, text: string): boolean {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'u')
  const found = pattern.exec(text)
  if (!found) return isFragmentAt(word, 0, word.length)
  return isFragmentAt(text, found.index, found.index + word.length)
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
