/**
 * Finding direct quotations in Swedish news text. Plain functions over plain text: no Markdown,
 * engines or files. Inline placeholders appear in the text as U+FFFC.
 */

export interface QuoteBlock {
  /** The block's text, inline markup removed, standalone inline nodes as U+FFFC. */
  text: string
  /** True when this block is a paragraph directly following the previous block in the same container. */
  followsParagraph: boolean
  /** Paragraphs can carry multi-paragraph quotations; headings and cells cannot. */
  isParagraph: boolean
}

export interface QuoteSpan {
  /** Index into the blocks given. */
  block: number
  /** Offsets into the block's text, `end` exclusive; the span includes the quotation marks. */
  start: number
  end: number
  /** Index of the quotation: parts of one multi-paragraph quotation share it. */
  quote: number
  /** True on the part that closes the quotation. */
  closes: boolean
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

export function findQuotes(blocks: readonly QuoteBlock[], options: FindQuotesOptions = {}): { spans: QuoteSpan[]; warnings: QuoteWarning[] } {
  const minWords = options.minWords ?? 3
  const spans: QuoteSpan[] = []
  const warnings: QuoteWarning[] = []
  let quote = 0
  let open: { mark: string } | undefined // a multi-paragraph quotation still open

  for (let blockIndex = 0; blockIndex < blocks.length; blockIndex++) {
    const block = blocks[blockIndex]!
    const text = block.text
    let index = 0
    if (open) {
      // The previous paragraph left a quotation open: this one must continue it by opening with the same mark.
      const lead = text.search(/\S/)
      if (block.isParagraph && block.followsParagraph && lead >= 0 && text[lead] === open.mark) {
        const close = findClose(text, lead + 1, open.mark)
        if (close < 0) {
          spans.push({ block: blockIndex, start: lead, end: trimmedEnd(text), quote, closes: false })
          continue
        }
        spans.push({ block: blockIndex, start: lead, end: close + 1, quote, closes: true })
        quote++
        open = undefined
        index = close + 1
      } else {
        // The convention was not followed: the previous paragraph's parts are ordinary text after all.
        const previous = blocks[blockIndex - 1]!
        while (spans.length > 0 && spans[spans.length - 1]!.quote === quote) {
          const dropped = spans.pop()!
          if (dropped.block === blockIndex - 1) warnings.push(unbalanced(dropped.block, dropped.start, previous.text[dropped.start]!))
        }
        open = undefined
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
          spans.push({ block: blockIndex, start: index, end: trimmedEnd(text), quote, closes: false })
          open = { mark }
        } else {
          warnings.push(unbalanced(blockIndex, index, mark))
        }
        break
      }
      if (wordCount(text.slice(index + 1, close)) >= minWords) {
        spans.push({ block: blockIndex, start: index, end: close + 1, quote, closes: true })
        quote++
      }
      index = close
    }
  }
  if (open) {
    const last = spans[spans.length - 1]!
    while (spans.length > 0 && spans[spans.length - 1]!.quote === quote) spans.pop()
    warnings.push(unbalanced(last.block, last.start, open.mark))
  }
  return { spans, warnings }
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

/** The closing mark: one of the accepted marks not followed by a letter or digit. */
function findClose(text: string, from: number, mark: string): number {
  const accepted = closingMarks[mark] ?? mark
  for (let index = from; index < text.length; index++) {
    const char = text[index]!
    if (!accepted.includes(char)) continue
    const after = text[index + 1]
    const before = text[index - 1]
    if (before !== undefined && /\s/.test(before) && after !== undefined && !/\s/.test(after) && mark === char) continue // opens a nested quote
    if (after === undefined || !/[\p{L}\p{N}]/u.test(after)) return index
  }
  return -1
}

function trimmedEnd(text: string): number {
  return text.trimEnd().length
}

export function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:[-:'’][\p{L}\p{N}]+)*/gu)?.length ?? 0
}
