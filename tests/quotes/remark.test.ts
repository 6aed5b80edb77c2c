import { describe, expect, it } from 'vitest'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import { VFile } from 'vfile'
import remarkQuotes, { type RemarkQuotesOptions } from '../../src/document/remark-quotes.ts'

/** Someone else's pipeline: plain remark with GFM, no tolk processor. */
async function run(markdown: string, options?: RemarkQuotesOptions) {
  const file = new VFile({ value: markdown, path: 'artikel.md' })
  const output = await unified().use(remarkParse).use(remarkGfm).use(remarkQuotes, options).use(remarkStringify).process(file)
  return { markdown: String(output), file }
}

describe('remarkQuotes in a plain unified pipeline', () => {
  it('lists the quotations in file.data.quotes with their places and leaves the document as it was', async () => {
    const markdown = 'Inledning.\n\n”Det var *helt* fel att göra så,” sade hon.\n\n– Vi har inget att tillägga i nuläget.\n'
    const { markdown: output, file } = await run(markdown)
    expect(file.data.quotes).toEqual([
      { index: 0, text: '”Det var helt fel att göra så,”', kind: 'inline', line: 3, column: 1 },
      { index: 1, text: '– Vi har inget att tillägga i nuläget.', kind: 'dialogue', line: 5, column: 1 },
    ])
    expect(output).toBe(markdown)
    expect(file.messages).toEqual([])
  })

  it('flags each quotation with a footnote after its closing mark, under labels the document does not use', async () => {
    const markdown = 'Text[^tolk-quote-1] här.\n\n”Det var *helt* fel att göra så,” sade hon, och ”det här är ett annat citat,” sa han.\n\n[^tolk-quote-1]: Egen fotnot.\n'
    const { markdown: output } = await run(markdown, { flag: (quote) => `Kept in Swedish (${quote.kind}).` })
    expect(output).toBe(
      'Text[^tolk-quote-1] här.\n\n”Det var *helt* fel att göra så,”[^tolk-quote1-1] sade hon, och ”det här är ett annat citat,”[^tolk-quote1-2] sa han.\n\n[^tolk-quote-1]: Egen fotnot.\n\n[^tolk-quote1-1]: Kept in Swedish (inline).\n\n[^tolk-quote1-2]: Kept in Swedish (inline).\n',
    )
  })

  it('flags a quotation over several paragraphs once, after its last paragraph', async () => {
    const markdown = '”Första stycket av talet\n\n”Sista stycket av talet.”\n'
    const { markdown: output } = await run(markdown, { flag: 'Kept.' })
    expect(output).toBe('”Första stycket av talet\n\n”Sista stycket av talet.”[^tolk-quote-1]\n\n[^tolk-quote-1]: Kept.\n')
  })

  it('reports an unbalanced mark as a warning with its line and column, not a fatal error', async () => {
    const { file } = await run('Rubrik\n\nDet var en ”lång dag för alla.\n')
    expect(file.messages.map((message) => [message.line, message.column, message.ruleId, message.source, message.fatal])).toEqual([[3, 12, 'quote-unbalanced', 'tolk', false]])
    expect(file.messages[0]!.reason).toContain('expected a closing mark before the end of the paragraph')
  })

  it('honours minWords', async () => {
    const { file } = await run('Hon svarade: ”Nej tack”.\n', { minWords: 2 })
    expect(file.data.quotes?.map((quote) => quote.text)).toEqual(['”Nej tack”'])
  })
})
