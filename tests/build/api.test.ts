import { describe, expect, it } from 'vitest'
import * as tolk from '../../src/index.ts'

describe('the public API', () => {
  it('segments and finds quotations without any file or engine', () => {
    const text = '”Vi har inget att dölja här”, säger hon. Det gäller t.ex. annonserna.'
    const article = tolk.parseArticle(text, 'a.sv.md')
    const segmentation = tolk.segment(article.tree, { source: text })
    expect(segmentation.units.map((unit) => unit.text)).toEqual(['<x id="1"/>, säger hon.', 'Det gäller t.ex. annonserna.'])
    expect(segmentation.quotes.map((quote) => quote.text)).toEqual(['”Vi har inget att dölja här”'])
  })
})
