import type { Nodes } from 'mdast'
import { plainText } from '../document/placeholders.ts'
import { placeOfFrontmatterKey, placeOfNode, quoteAtoms, textOf, type Edition } from './documents.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const untranslatedRule: CheckRule = {
  id: 'untranslated',
  defaultSeverity: 'error',
  async check(context) {
    const glossary = await context.glossary()
    // Spans of `keep` terms: names and acronyms that stay in the source language.
    const keptSpans = (text: string) => glossary.hits(text).filter((hit) => hit.entry.keep).map((hit) => [hit.start, hit.end] as [number, number])
    return eachEdition(context, 'comparable', (edition) => checkUntranslated(edition, { source: context.config.source, keptSpans }))
  },
}

/**
 * untranslated: no source-language text left in an edition outside quotations and `keep` terms.
 * A sentence of the source found unchanged in the edition's block is a finding, unless what is
 * left of it after `keep` terms and names (capitalized words) is fewer than four words: Danish and
 * Norwegian share many short phrases with Swedish (`offentlig sektor`), and articles quote
 * English terms (`pull request`) that an engine rightly leaves alone.
 */
export function checkUntranslated(edition: Edition, options: { source: string; keptSpans?: (text: string) => Array<[number, number]> }): RuleMessage[] {
  const article = edition.article
  if (baseLanguage(edition.lang) === baseLanguage(options.source)) return []
  const messages: RuleMessage[] = []
  article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    if (!target) return
    let translated = normalize(textOf(target as Nodes))
    for (const atom of quoteAtoms(block)) translated = translated.replace(normalize(atom.text), '\u0000')
    for (const part of block.parts) {
      if (part.kind !== 'unit') continue
      // Standalone placeholders (quotations, inline code, images) split a sentence into pieces an engine may reorder.
      const pieces = plainText(part.unit.text.replace(/<x\s+id="\d+"\s*\/>/g, '\uFFFC')).split('\uFFFC').map(normalize)
      const left = pieces.find((piece) => translated.includes(piece) && isLanguage(piece, options.keptSpans))
      if (left === undefined) continue
      messages.push({
        ...placeOfNode(edition.file, target),
       
        message: `Untranslated text \`${excerpt(left)}\`, expected a ${edition.lang} translation of ${article.file}:${part.unit.line}:${part.unit.column}`,
        source: { file: article.file, line: part.unit.line, column: part.unit.column },
      })
    }
  })

  for (const block of article.segmentation.blocks) {
    if (block.kind !== 'frontmatter' || !block.field) continue
    const original = article.parsed.frontmatter[block.field]
    const value = edition.parsed.frontmatter[block.field]
    if (typeof original !== 'string' || typeof value !== 'string') continue
    if (normalize(value) === normalize(original) && isLanguage(normalize(original), options.keptSpans)) {
      messages.push({
        ...placeOfFrontmatterKey(edition.file, edition.text, edition.lines, block.field),
       
        message: `Untranslated front matter \`${block.field}\`: \`${excerpt(value)}\`, expected a ${edition.lang} translation`,
        source: { file: article.file, line: block.line, column: block.column },
      })
    }
  }
  return messages
}

/** Text that is language, not names: four or more words left after `keep` terms and capitalized words. */
function isLanguage(text: string, keptSpans?: (text: string) => Array<[number, number]>): boolean {
  let rest = text
  for (const [start, end] of [...(keptSpans?.(text) ?? [])].sort((a, b) => b[0] - a[0])) rest = `${rest.slice(0, start)} ${rest.slice(end)}`
  const words = rest.match(/\p{L}+(?:[-'’]\p{L}+)*/gu) ?? []
  return words.filter((word) => !/^\p{Lu}/u.test(word)).length >= minimumWords
}

/** Fewer words than this left unchanged are a phrase the languages share, not an untranslated sentence. */
const minimumWords = 4

function normalize(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim()
}

function baseLanguage(lang: string): string {
  return lang.toLowerCase().split('-')[0]!
}

function excerpt(text: string, length = 60): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
