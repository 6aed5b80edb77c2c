import { findNumbers, formatNumber, numberFormatsFor, type NumberFormats } from '../glossary/numbers.ts'
import { blockText, type Edition } from './documents.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckRule, Place, RuleMessage } from './types.ts'

export const numberRule: CheckRule = {
  id: 'number',
  defaultSeverity: 'error',
  async check(context) {
    const { numbers } = await context.formats()
    return eachEdition(context, 'comparable', (edition) => checkNumbers(edition, numbers.get(edition.lang) ?? numberFormatsFor(edition.lang)))
  },
}

/**
 * number: every number of a source block is in the edition's block, none is added, and none is
 * given a full stop the source does not have (`38 röster` → `38. røster`, `Budget 2026` →
 * `Budsjett 2026.`). Numbers are compared by their digits, so `45 000` may be `45.000` or
 * `45,000`; a full stop that is part of the target's own way of writing the number (da, nb
 * `19. november`) is no finding.
 */
export function checkNumbers(edition: Edition, formats: NumberFormats): RuleMessage[] {
  const messages: RuleMessage[] = []
  const article = edition.article
  article.blocks.forEach((block, index) => {
    const target = edition.blocks[index]
    if (!target || !block.node) return
    const source = blockText(block.node, article.text)
    const translated = blockText(target, edition.text)
    const sourcePlace = (at: number): Place => ({ file: article.file, ...placeIn(article.lines, source.offsetOf(at), block.line, block.column) })
    const editionPlace = (at: number): Place => ({ file: edition.file, ...placeIn(edition.lines, translated.offsetOf(at), target.position?.start.line ?? 1, target.position?.start.column ?? 1) })

    // Every digit run of the source counts (`3:e` too); the ones tolk writes in the target's format say how.
    // Keyed by the first digit (a date's hit starts at its article: `den 19 november`).
    const formatted = new Map(findNumbers(source.text).map((hit) => [hit.start + hit.source.search(/\d/), formatNumber(hit, formats)]))
    const wanted = [...source.text.matchAll(writtenNumber)].map((match) => {
      const hit = { start: match.index, end: match.index + match[0].length, source: match[0] }
      return { hit, digits: digits(match[0]), written: formatted.get(match.index) ?? match[0], stop: source.text[hit.end] === '.' }
    })
    const found = [...translated.text.matchAll(writtenNumber)].map((match) => ({ at: match.index, text: match[0], digits: digits(match[0]) }))
    const used = new Set<number>()
    const missing: typeof wanted = []
    for (const number of wanted) {
      const at = found.findIndex((candidate, position) => !used.has(position) && candidate.digits === number.digits)
      if (at >= 0) {
        used.add(at)
        const candidate = found[at]!
        const after = translated.text.slice(candidate.at + candidate.text.length)
        // A full stop right after the number, not one the source has there, not the target's own `19. november`, and inside a sentence or at the end of a block without one.
        const ownStop = number.written.includes(`${candidate.text}.`) || number.stop || /^\d+:\p{L}/u.test(source.text.slice(number.hit.start))
        const addedInside = /^\.[ \u00A0]+\p{Ll}/u.test(after)
        const addedAtEnd = /^\.\s*$/.test(after) && !/[.!?…:]\s*$/.test(source.text)
        if (!ownStop && (addedInside || addedAtEnd)) {
          messages.push({ ...editionPlace(candidate.at + candidate.text.length), message: `Unexpected full stop after \`${candidate.text}\`, expected none as in the source (${article.file}:${sourcePlace(number.hit.start).line}:${sourcePlace(number.hit.start).column})`, source: sourcePlace(number.hit.start) })
        }
        continue
      }
      missing.push(number)
    }
    const extra = found.filter((_, position) => !used.has(position))
    // A changed number is a missing one and an added one at once: one message where it stands.
    for (let at = 0; at < Math.max(missing.length, extra.length); at++) {
      const lost = missing[at]
      const added = extra[at]
      const lostPlace = lost ? sourcePlace(lost.hit.start) : undefined
      const where = lostPlace ? `${article.file}:${lostPlace.line}:${lostPlace.column}` : ''
      const place = added ? editionPlace(added.at) : { file: edition.file, line: target.position?.start.line ?? 1, column: target.position?.start.column ?? 1 }
      const message = added && lost
        ? `Unexpected number \`${added.text}\`, expected \`${lost.written}\` as in the source (${where})`
        : added
          ? `Unexpected number \`${added.text}\`, expected no number the source block (${article.file}:${block.line}:${block.column}) does not have`
          : `Missing number \`${lost!.hit.source}\`, expected \`${lost!.written}\` as in the source (${where})`
      messages.push({ ...place, message, source: lostPlace ?? { file: article.file, line: block.line, column: block.column } })
    }
  })
  return messages
}

/**
 * A number as a text may write it — `45 000`, `45.000`, `45,000`, `3,5`, `14.30`, `1.10.0` — also
 * glued to a word (`2FA`, `GPL-3.0`, `[0-9A-Z]`), so an engine that splits such a word is not
 * taken to have changed a number.
 */
const writtenNumber = /(?<![\p{N}])(?:\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,:]\d+)*)/gu

function digits(text: string): string {
  return text.replace(/\D/g, '')
}

function placeIn(lines: { at: (offset: number) => { line: number; column: number } }, offset: number | undefined, line: number, column: number): { line: number; column: number } {
  return offset === undefined ? { line, column } : lines.at(offset)
}
