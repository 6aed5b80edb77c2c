import type { Lexicon } from '../lexicon/apertium.ts'
import { blockText, quoteAtoms, type Edition } from './documents.ts'
import { lexiconFor } from '../lexicon/apertium.ts'
import { machineUnits } from './machine-units.ts'
import type { CheckRule, RuleMessage } from './types.ts'

/** Each target language with an installed lexicon is asked once, for all its editions' words. */
export const swedishWordRule: CheckRule = {
  id: 'swedish-word',
  defaultSeverity: 'error',
  async check(context) {
    const { config } = context
    const swedish = await lexiconFor(config.source)
    if (!swedish) return []
    const glossary = await context.glossary()
    const messages: RuleMessage[] = []
    for (const lang of context.targets) {
      if (lang.split('-')[0] === config.source.split('-')[0]) continue
      const lexicon = await lexiconFor(lang)
      if (!lexicon) continue
      const approved = (text: string) => glossary.forms(text, lang).map((form) => [form.start, form.end] as [number, number])
      const found: SwedishWordCandidate[] = []
      for (const slot of context.editions) {
        if (slot.lang !== lang || !slot.edition || !slot.comparable) continue
        context.checked({ file: slot.file, kind: 'edition', lang })
        const machine = machineUnits(await context.catalog(lang, slot.article.slug))
        for (const candidate of swedishWordCandidates(slot.edition, machine, approved)) found.push(candidate)
      }
      if (found.length === 0) continue
      const words = new Set(found.map((candidate) => candidate.word))
      await lexicon.load(words)
      await swedish.load([...words].filter((word) => lexicon.get(word)?.known === false))
      for (const message of checkSwedishWords(found, lexicon, swedish)) messages.push(message)
    }
    return messages
  },
}

/**
 * swedish-word: a Swedish word left in an edition's sentence — one the target language's lexicon
 * does not know and the Swedish one knows as a common word (Apertium's analysers: dan→swe,
 * nob→swe, nno→swe from the installed pairs). Quotations (kept in Swedish on purpose), names
 * (capitalised words), glossary forms, compounds the Swedish lexicon only builds from parts
 * unless they have `ä` or `ö`, words shorter than four letters and blocks a person
 * reviewed are left alone. Languages without an installed lexicon are not checked.
 */
export interface SwedishWordCandidate {
  edition: Edition
  word: string
  offset: number
  block: { line: number; column: number }
}

/** The words of an edition the rule must ask the lexicons about. */
export function swedishWordCandidates(edition: Edition, machine: (key: string) => boolean = () => true, approved?: (text: string) => Array<[number, number]>): SwedishWordCandidate[] {
  const found: SwedishWordCandidate[] = []
  edition.article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    // A block whose every unit a person reviewed is theirs.
    if (!target || !block.parts.some((part) => part.kind === 'unit' && machine(part.unit.key))) return
    let { text } = blockText(target, edition.text)
    const offsetOf = blockText(target, edition.text).offsetOf
    for (const atom of quoteAtoms(block)) {
      const at = text.indexOf(atom.text)
      if (at >= 0) text = text.slice(0, at) + ' '.repeat(atom.text.length) + text.slice(at + atom.text.length)
    }
    // The glossary's approved and forbidden forms are its rules' business (`talsperson` is an approved Bokmål term).
    for (const [start, end] of approved?.(text) ?? []) text = text.slice(0, start) + ' '.repeat(end - start) + text.slice(end)
    for (const match of text.matchAll(/(?<![\p{L}\p{N}'’@#*-])\p{Ll}[\p{Ll}\p{M}]{3,}(?![\p{L}\p{N}'’-])/gu)) {
      const offset = offsetOf(match.index)
      if (offset === undefined) continue
      found.push({ edition, word: match[0], offset, block: { line: block.line, column: block.column } })
    }
  })
  return found
}

export function checkSwedishWords(candidates: readonly SwedishWordCandidate[], target: Lexicon, swedish: Lexicon): RuleMessage[] {
  const messages: RuleMessage[] = []
  for (const candidate of candidates) {
    const there = target.get(candidate.word)
    if (!there || there.known) continue
    const here = swedish.get(candidate.word)
    if (!here?.known || !here.common) continue
    // A compound the Swedish analyser only puts together from parts (`helbred+tips`) may be the
    // engine's own attempt at a target word; a compound is Swedish when it has Swedish letters.
    if (here.parts && !/[äö]/u.test(candidate.word)) continue
    const { edition } = candidate
    messages.push({
      file: edition.file,
      ...edition.lines.at(candidate.offset),
      message: `Unexpected Swedish word \`${candidate.word}\` in the ${edition.lang} edition, expected a ${edition.lang} word: the ${edition.lang} lexicon does not know it, the Swedish one does (source ${edition.article.file}:${candidate.block.line}:${candidate.block.column})`,
      source: { file: edition.article.file, ...candidate.block },
    })
  }
  return messages
}
