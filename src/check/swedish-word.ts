import type { Catalog } from '../catalog/store.ts'
import { isFragmentAt } from '../glossary/fragments.ts'
import { editionLexicons, lexiconFor, type Lexicon } from '../lexicon/apertium.ts'
import { blockText, quoteAtoms, type Edition } from './documents.ts'
import { machineUnits } from './machine-units.ts'
import type { CheckRule, RuleMessage } from './types.ts'

/** Each target language with an installed lexicon is asked once, for all its editions' words. */
export const swedishWordRule: CheckRule = {
  id: 'swedish-word',
  defaultSeverity: 'error',
  async check(context) {
    const { config } = context
    const swedish = await lexiconFor(config.source, { root: config.root })
    if (!swedish) return []
    const english = await lexiconFor('en', { root: config.root })
    const glossary = await context.glossary()
    const messages: RuleMessage[] = []
    for (const lang of context.targets) {
      if (lang.split('-')[0] === config.source.split('-')[0]) continue
      const target = await editionLexicons(lang, { root: config.root })
      if (target.length === 0) continue
      const approved = (text: string) => glossary.forms(text, lang).map((form) => [form.start, form.end] as [number, number])
      const found: SwedishWordCandidate[] = []
      for (const slot of context.editions) {
        if (slot.lang !== lang || !slot.edition || !slot.comparable) continue
        context.checked({ file: slot.file, kind: 'edition', lang })
        const catalog = await context.catalog(lang, slot.article.slug)
        for (const candidate of swedishWordCandidates(slot.edition, machineUnits(catalog), approved, admittedWords(catalog))) found.push(candidate)
      }
      for (const message of await findSwedishWords(found, { target, swedish, english: lang.split('-')[0] === 'en' ? undefined : english })) messages.push(message)
    }
    return messages
  },
}

/** The words an engine said it did not know in each unit (the lock's `unknown`). */
export function admittedWords(catalog: Catalog | undefined): (key: string) => readonly string[] {
  return (key) => catalog?.lock[key]?.unknown ?? []
}

/**
 * swedish-word: a Swedish word an engine left in an edition's sentence without saying so.
 *
 * A word of a machine-translated block is a candidate when it is written in small letters (names
 * are capitalised), is not part of an abbreviation (`bl.a.`, `kl. 14.30`: `glossary/fragments.ts`),
 * stands outside quotations (kept in Swedish on purpose) and outside the glossary's forms. It is a
 * finding when the Swedish lexicon knows it as a common word and
 *
 * - no lexicon of the edition's language knows it in any case (every installed analyser of the
 *   language is asked, and for Norwegian those of both written standards: `avrop`, `bero`);
 * - the English lexicon does not know it, in a Danish or Norwegian edition (`policy`, `release`:
 *   an international word the source used as it is);
 * - the engine did not say it did not know it. Apertium marks such a word (`*vd`); the build
 *   strips the mark, records the word in the lock (`unknown`) and lists it after the build with
 *   its place, and `tolk glossary suggest` drafts an entry for it. That is a draft awaiting
 *   review, and reported; what this rule catches is Swedish passed off as a translation.
 *
 * A compound the Swedish lexicon only builds from parts (`helbred+tips`) is the engine's own
 * attempt at a target word unless it has `ä` or `ö`. Blocks a person reviewed and languages
 * without an installed lexicon are not checked.
 */
export interface SwedishWordCandidate {
  edition: Edition
  word: string
  offset: number
  block: { line: number; column: number }
  /** The engine said it did not know this word in a unit of the block. */
  admitted: boolean
}

/** A word in small letters: two letters or more (`vd`), not glued to a mark, a digit or a hyphen. */
const smallWord = /(?<![\p{L}\p{N}'’@#*-])\p{Ll}[\p{Ll}\p{M}]+(?![\p{L}\p{N}'’-])/gu

/**
 * The words of an edition the rule must ask the lexicons about. `machine` says whether a unit is
 * a machine translation, `admitted` which words its engine said it did not know.
 */
export function swedishWordCandidates(edition: Edition, machine: (key: string) => boolean = () => true, approved?: (text: string) => Array<[number, number]>, admitted: (key: string) => readonly string[] = () => []): SwedishWordCandidate[] {
  const found: SwedishWordCandidate[] = []
  edition.article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    // A block whose every unit a person reviewed is theirs.
    const units = block.parts.flatMap((part) => (part.kind === 'unit' && machine(part.unit.key) ? [part.unit.key] : []))
    if (!target || units.length === 0) return
    const unknown = new Set(units.flatMap((key) => admitted(key).map((word) => word.toLowerCase())))
    const { text: rendered, offsetOf } = blockText(target, edition.text)
    let text = rendered
    const blank = (start: number, end: number) => (text = text.slice(0, start) + ' '.repeat(end - start) + text.slice(end))
    for (const atom of quoteAtoms(block)) {
      const at = text.indexOf(atom.text)
      if (at >= 0) blank(at, at + atom.text.length)
    }
    // The glossary's approved and forbidden forms are its rules' business (`talsperson` is an approved Bokmål term).
    for (const [start, end] of approved?.(text) ?? []) blank(start, end)
    for (const match of text.matchAll(smallWord)) {
      if (isFragmentAt(rendered, match.index, match.index + match[0].length)) continue
      const offset = offsetOf(match.index)
      if (offset === undefined) continue
      found.push({ edition, word: match[0], offset, block: { line: block.line, column: block.column }, admitted: unknown.has(match[0]) })
    }
  })
  return found
}

export interface Lexicons {
  /** The edition's language, and for Norwegian the other written standard. */
  target: readonly Lexicon[]
  swedish: Lexicon
  /** English, for the international words of a Danish or Norwegian edition; not for an English one. */
  english?: Lexicon
}

/** Ask the lexicons about the candidates the engine did not own up to (one batch each), then judge them. */
export async function findSwedishWords(candidates: readonly SwedishWordCandidate[], lexicons: Lexicons): Promise<RuleMessage[]> {
  const words = new Set(candidates.filter((candidate) => !candidate.admitted).map((candidate) => candidate.word))
  if (words.size === 0) return []
  const forms = [...words].flatMap((word) => [word, capitalise(word)])
  await Promise.all(lexicons.target.map((lexicon) => lexicon.load(forms)))
  let left = [...words].filter((word) => !knownTo(lexicons.target, word))
  if (lexicons.english) {
    await lexicons.english.load(left)
    left = left.filter((word) => lexicons.english!.get(word)?.known !== true)
  }
  await lexicons.swedish.load(left)
  return checkSwedishWords(candidates, lexicons)
}

/** The findings among candidates whose words the lexicons were asked about. */
export function checkSwedishWords(candidates: readonly SwedishWordCandidate[], { target, swedish, english }: Lexicons): RuleMessage[] {
  const messages: RuleMessage[] = []
  for (const candidate of candidates) {
    const { edition, word } = candidate
    if (candidate.admitted || !target.some((lexicon) => lexicon.get(word)) || knownTo(target, word)) continue
    if (english?.get(word)?.known === true) continue
    const here = swedish.get(word)
    if (!here?.known || !here.common) continue
    // A compound the Swedish analyser only puts together from parts (`helbred+tips`) may be the
    // engine's own attempt at a target word; a compound is Swedish when it has Swedish letters.
    if (here.parts && !/[äö]/u.test(word)) continue
    const source = `${edition.article.file}:${candidate.block.line}:${candidate.block.column}`
    messages.push({
      file: edition.file,
      ...edition.lines.at(candidate.offset),
      message: `Unexpected Swedish word \`${word}\` in the ${edition.lang} edition, expected a ${edition.lang} word: the ${edition.lang} lexicon does not know it, the Swedish one does, and the engine did not say it had left it (source ${source})`,
      source: { file: edition.article.file, ...candidate.block },
    })
  }
  return messages
}

/** Known to one of the lexicons as written or capitalised (a word some analysers know only at a sentence's start). */
function knownTo(lexicons: readonly Lexicon[], word: string): boolean {
  return lexicons.some((lexicon) => lexicon.get(word)?.known === true || lexicon.get(capitalise(word))?.known === true)
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
