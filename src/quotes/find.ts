import { sentenceStarts } from '../text/sentences.ts'

/**
 * Finding direct quotations in Swedish news text. Plain functions over plain text: no Markdown,
 * engines or files. Inline placeholders appear in the text as U+FFFC.
 *
 * Four kinds are found:
 * - `inline`: a span in quotation marks (`”…”`, `“…”`, `„…“`, `»…«`, `»…»`, `«…»`, `"…"`);
 * - `paragraphs`: a quotation over several paragraphs, each opening with the mark and only the last closing;
 * - `dialogue`: a paragraph opening with a dialogue dash (`–`, `—`); the speech runs up to the attribution
 *   (`, säger Anna Lindqvist …`), and resumes after the attribution's sentence;
 * - `blockquote`: every paragraph of a blockquote that holds nothing but paragraphs and is not a note.
 * Scare quotes (fewer than `minWords` words) and quoted names or titles are ordinary text.
 */

export type QuoteKind = 'inline' | 'paragraphs' | 'dialogue' | 'blockquote'

export interface QuoteBlock {
  /** The block's text, inline markup removed, standalone inline nodes as U+FFFC. */
  text: string
  /** True when this block is a paragraph directly following the previous block in the same container. */
  followsParagraph: boolean
  /** Paragraphs can carry multi-paragraph quotations; headings and cells cannot. */
  isParagraph: boolean
  /**
   * Which blockquote this paragraph sits directly in (any number that is the same for the
   * paragraphs of one blockquote), when that blockquote holds nothing but paragraphs.
   */
  blockquote?: number
}

export interface QuoteSpan {
  /** Index into the blocks given. */
  block: number
  /** Offsets into the block's text, `end` exclusive; the span includes the quotation marks. */
  start: number
  end: number
  /** Index of the quotation: parts of one quotation (paragraphs, speech around an attribution) share it. */
  quote: number
  /** True on the part that closes the quotation. */
  closes: boolean
  kind: QuoteKind
}

export interface QuoteWarning {
  block: number
  offset: number
  message: string
  ruleId: string
}

export interface FindQuotesOptions {
  /** Spans with fewer words are scare quotes, not speech. Default: 3. */
  minWords?: number
}

/** Closing marks each opening mark accepts. Swedish uses the same mark to open and close (`”…”`, `»…»`). */
const closingMarks: Record<string, string> = {
  '”': '”',
  '“': '”“',
  '„': '“”',
  '»': '»«',
  '«': '»',
  '"': '"',
}

/**
 * Verbs (and `enligt`) that start an attribution after a quotation: `…, säger Anna Lindqvist`.
 * Present and past tense; lower case, since an attribution continues the sentence.
 */
export const speechVerbs: readonly string[] = [
  'säger', 'sade', 'sa', 'uppger', 'uppgav', 'berättar', 'berättade', 'menar', 'menade', 'skriver', 'skrev',
  'förklarar', 'förklarade', 'konstaterar', 'konstaterade', 'tillägger', 'tillade', 'enligt', 'svarar', 'svarade',
  'fortsätter', 'fortsatte', 'påpekar', 'påpekade', 'betonar', 'betonade', 'understryker', 'underströk', 'hävdar',
  'hävdade', 'frågar', 'frågade', 'medger', 'medgav', 'framhåller', 'framhöll', 'uppmanar', 'uppmanade',
  'varnar', 'varnade', 'säjer',
]

/** Verbs that report speech inside a sentence: `Han kallade beslutet ”ett hån mot alla”`. */
const reportingVerbs: readonly string[] = [
  ...speechVerbs, 'kallar', 'kallade', 'beskriver', 'beskrev', 'lovar', 'lovade', 'kräver', 'krävde', 'kritiserar', 'kritiserade',
  'vädjar', 'vädjade', 'hotar', 'hotade', 'citerar', 'citerade', 'sägs', 'yttrade', 'yttrar', 'twittrade', 'twittrar', 'citat',
]

const reportingVerb = new RegExp(`(?<![\\p{L}])(?:${reportingVerbs.join('|')})(?![\\p{L}])`, 'iu')

/** Right after a closing mark: an optional comma, then a speech verb (`”Nej”, säger han`). */
const attributionAfter = new RegExp(`^,?\\s+(?:${speechVerbs.join('|')})(?=[\\s,.:]|$)`, 'u')

const attribution = new RegExp(`([,.!?…])[”"’»]?\\s+(?:${speechVerbs.join('|')})(?=[\\s,.:]|$)`, 'gu')

/** Words right before a quoted span that make it a name or a title, not speech: `så kallade ”…”`, `boken ”…”`. */
const namingWords =
  /(?:^|[\s(])(?:s\.k\.|så\s+kallade?|så\s+kallat|kallad|kallat|benämnd|benämnt|märkt|titeln|rubriken|boken|romanen|filmen|serien|låten|sången|albumet|programmet|podden|artikeln|rapporten|utredningen|vitboken|pjäsen|dokumentären|utställningen|kampanjen|projektet|devisen|parollen|sloganen|namnet|begreppet|uttrycket|ordet|orden|termen)\s*$/iu

/** A blockquote that is a note, not a quotation: a GFM alert or a label such as `Obs:`. */
const noteStart = /^\s*(?:\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]|(?:obs|observera|notera|not|tips|varning|viktigt|info)\s*[:!])/iu

const dialogueDash = /^(\s*)[–—]\s*(?=[\p{L}\p{N}”"»«„“\uFFFC])/u

export function findQuotes(blocks: readonly QuoteBlock[], options: FindQuotesOptions = {}): { spans: QuoteSpan[]; warnings: QuoteWarning[] } {
  const minWords = options.minWords ?? 3
  const spans: QuoteSpan[] = []
  const warnings: QuoteWarning[] = []
  let quote = 0
  let open: { mark: string } | undefined // a multi-paragraph quotation still open

  const dropOpen = () => {
    // The convention was not followed: the open quotation's paragraphs are ordinary text after all.
    const first = spans.findIndex((span) => span.quote === quote)
    const dropped = spans.splice(first)
    warnings.push(unbalanced(dropped[0]!.block, dropped[0]!.start, open!.mark))
    open = undefined
  }

  for (let blockIndex = 0; blockIndex < blocks.length; blockIndex++) {
    const block = blocks[blockIndex]!
    const text = block.text
    let index = 0
    if (open) {
      // The previous paragraph left a quotation open: this one must continue it by opening with the same mark.
      const lead = text.search(/\S/)
      if (block.isParagraph && block.followsParagraph && lead >= 0 && text[lead] === open.mark && block.blockquote === blocks[blockIndex - 1]!.blockquote) {
        const close = findClose(text, lead + 1, open.mark)
        if (close < 0) {
          spans.push({ block: blockIndex, start: lead, end: trimmedEnd(text), quote, closes: false, kind: 'paragraphs' })
          continue
        }
        spans.push({ block: blockIndex, start: lead, end: close + 1, quote, closes: true, kind: 'paragraphs' })
        quote++
        open = undefined
        index = close + 1
      } else dropOpen()
    }

    if (index === 0 && block.blockquote !== undefined && blocks[blockIndex - 1]?.blockquote !== block.blockquote) {
      let last = blockIndex
      while (blocks[last + 1]?.blockquote === block.blockquote) last++
      const parts = blockquoteParts(blocks, blockIndex, last, minWords)
      if (parts.length > 0) {
        for (const part of parts) spans.push({ block: part, start: blocks[part]!.text.search(/\S/), end: trimmedEnd(blocks[part]!.text), quote, closes: part === parts[parts.length - 1], kind: 'blockquote' })
        quote++
        blockIndex = last
        continue
      }
    }

    if (index === 0 && block.isParagraph) {
      const speech = dialogueSpeech(text, minWords)
      if (speech.length > 0) {
        speech.forEach((part, at) => spans.push({ block: blockIndex, ...part, quote, closes: at === speech.length - 1, kind: 'dialogue' }))
        quote++
        continue
      }
    }

    for (; index < text.length; index++) {
      const mark = text[index]!
      if (!(mark in closingMarks) || !opensHere(text, index)) continue
      const close = findClose(text, index + 1, mark)
      if (close < 0) {
        const lead = text.search(/\S/)
        if (block.isParagraph && lead === index && wordCount(text.slice(index)) >= minWords) {
          // Possibly the first paragraph of a quotation that runs over several.
          spans.push({ block: blockIndex, start: index, end: trimmedEnd(text), quote, closes: false, kind: 'paragraphs' })
          open = { mark }
        } else {
          warnings.push(unbalanced(blockIndex, index, mark))
        }
        break
      }
      const inner = text.slice(index + 1, close)
      // However short, a span its attribution follows is speech: `”Nej”, säger han.`, `”Varför?” frågar hon.`
      const attributed = attributionAfter.test(text.slice(close + 1)) && wordCount(inner) > 0
      if (attributed || (wordCount(inner) >= minWords && !isNameOrTitle(inner, text.slice(0, index)) && isSpeech(text, index, close))) {
        spans.push({ block: blockIndex, start: index, end: close + 1, quote, closes: true, kind: 'inline' })
        quote++
      }
      index = close
    }
  }
  if (open) dropOpen()
  return { spans, warnings }
}

/**
 * The paragraphs of a blockquote (blocks `first`…`last`) that make up its quotation, or none when
 * the blockquote is a note or too short. A last short paragraph opening with a dash
 * (`— Anna Lindqvist, forskare`) is the attribution and is translated.
 */
function blockquoteParts(blocks: readonly QuoteBlock[], first: number, last: number, minWords: number): number[] {
  if (noteStart.test(blocks[first]!.text)) return []
  let end = last
  if (last > first && /^\s*[–—-]/.test(blocks[last]!.text) && wordCount(blocks[last]!.text) <= 12) end--
  const parts: number[] = []
  let words = 0
  for (let index = first; index <= end; index++) {
    if (!blocks[index]!.isParagraph || blocks[index]!.text.trim() === '') continue
    parts.push(index)
    words += wordCount(blocks[index]!.text)
  }
  return words >= minWords ? parts : []
}

/**
 * The speech of a dialogue-dash paragraph: from the dash up to the attribution (the punctuation
 * before a speech verb stays with the speech), and anything after the attribution's sentence.
 * The whole paragraph when there is no attribution. Empty when the paragraph is no dialogue.
 */
export function dialogueSpeech(text: string, minWords = 3): Array<{ start: number; end: number }> {
  const dash = dialogueDash.exec(text)
  if (!dash) return []
  const start = dash[1]!.length
  const end = trimmedEnd(text)
  attribution.lastIndex = start
  const verb = attribution.exec(text)
  if (!verb) return wordCount(text.slice(start, end)) >= minWords ? [{ start, end }] : []
  const speechEnd = verb.index + verb[0].length - verb[0].replace(/^[,.!?…][”"’»]?/u, '').length
  if (wordCount(text.slice(start, speechEnd)) < minWords) return []
  const parts = [{ start, end: speechEnd }]
  // Swedish convention: after `…, säger Anna Lindqvist.` the rest of the paragraph is her speech again.
  const resume = sentenceStarts(text).find((offset) => offset > speechEnd)
  if (resume !== undefined && wordCount(text.slice(resume, end)) > 0) parts.push({ start: resume, end })
  return parts
}

/** A quoted name or title rather than speech: after a naming word, or mostly capitalized words (`”Modernising Public Infrastructure with Free Software”`). */
function isNameOrTitle(inner: string, before: string): boolean {
  if (namingWords.test(before)) return true
  if (/[.!?…,:;]\s*$/u.test(inner)) return false
  const words = inner.match(/[\p{L}\p{N}]+/gu) ?? []
  const capitalized = words.filter((word) => /^[\p{Lu}\p{N}]/u.test(word)).length
  return capitalized * 3 >= words.length * 2
}

/**
 * Speech rather than a quoted idiom (`friheten ”smittar av sig”`): the span opens the paragraph,
 * ends in punctuation inside its marks, follows a colon, is long (six words or more), or its
 * sentence has a verb that reports speech (`säger`, `kallade`, `enligt` …).
 */
function isSpeech(text: string, open: number, close: number): boolean {
  const inner = text.slice(open + 1, close)
  const before = text.slice(0, open)
  if (before.trim() === '' || /[.!?…,:;–—-]\s*$/u.test(inner) || /:\s*$/u.test(before) || wordCount(inner) >= 6) return true
  const sentenceStart = Math.max(...['. ', '! ', '? ', '; '].map((end) => before.lastIndexOf(end)), 0)
  const after = text.slice(close + 1)
  const sentenceEnd = after.search(/[.!?;](?:\s|$)/u)
  const sentence = before.slice(sentenceStart) + after.slice(0, sentenceEnd < 0 ? after.length : sentenceEnd)
  return reportingVerb.test(sentence)
}

function unbalanced(block: number, offset: number, mark: string): QuoteWarning {
  return { block, offset, ruleId: 'quote-unbalanced', message: `Unbalanced quotation mark \`${mark}\`, expected a closing mark before the end of the paragraph; the text is handled as ordinary text` }
}

/** An opening mark stands at the start or after white space, an opening bracket or a dash. */
function opensHere(text: string, index: number): boolean {
  const before = text[index - 1]
  const after = text[index + 1]
  if (after === undefined || /\s/.test(after)) return false
  return before === undefined || /[\s(\[–—-]/.test(before) || before === '\uFFFC'
}

/**
 * The closing mark: one of the accepted marks not followed by a letter or digit. A mark that
 * opens a nested quotation with the same character (`”Han sa ”nej tack” till mig”`) needs its own close first.
 */
function findClose(text: string, from: number, mark: string): number {
  const accepted = closingMarks[mark] ?? mark
  let depth = 0
  for (let index = from; index < text.length; index++) {
    const char = text[index]!
    if (!accepted.includes(char) && char !== mark) continue
    const after = text[index + 1]
    if (char === mark && opensHere(text, index) && findCloseAfter(text, index, mark)) {
      depth++
      continue
    }
    if (!accepted.includes(char)) continue
    if (after === undefined || !/[\p{L}\p{N}]/u.test(after)) {
      if (depth === 0) return index
      depth--
    }
  }
  return -1
}

/** True when a mark at `index` is followed by at least two more closing candidates (its own and the outer one). */
function findCloseAfter(text: string, index: number, mark: string): boolean {
  const accepted = closingMarks[mark] ?? mark
  let count = 0
  for (let at = index + 1; at < text.length && count < 2; at++) if (accepted.includes(text[at]!)) count++
  return count >= 2
}

function trimmedEnd(text: string): number {
  return text.trimEnd().length
}

export function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:[-:'’][\p{L}\p{N}]+)*/gu)?.length ?? 0
}
