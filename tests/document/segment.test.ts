import { describe, expect, it } from 'vitest'
import { parseArticle } from '../../src/document/parse.ts'
import { segment } from '../../src/document/segment.ts'
import { sentenceStarts } from '../../src/text/sentences.ts'

function unitsOf(markdown: string, options: { quotes?: 'verbatim' | 'translate' } = {}) {
  const article = parseArticle(markdown, 'test.sv.md')
  return segment(article.tree, { source: markdown, frontmatter: article.frontmatter, quotes: options.quotes ?? 'translate' })
}

const texts = (markdown: string) => unitsOf(markdown).units.map((unit) => unit.text)

describe('sentence splitting', () => {
  it.each([
    ['Det gäller t.ex. annonser. Nästa mening.', ['Det gäller t.ex. annonser.', 'Nästa mening.']],
    ['Bolaget bl.a. Spotify sänder. Sedan slut.', ['Bolaget bl.a. Spotify sänder.', 'Sedan slut.']],
    ['Det var d.v.s. Över. Klart.', ['Det var d.v.s. Över.', 'Klart.']],
    ['Det kostar ca. 50 kr. Mer blev det inte.', ['Det kostar ca. 50 kr.', 'Mer blev det inte.']],
    ['Enligt A. Lindqvist är det så. Hon vet.', ['Enligt A. Lindqvist är det så.', 'Hon vet.']],
    ['Den s.k. Snabbspåret resp. Långsamt. Slut.', ['Den s.k. Snabbspåret resp. Långsamt.', 'Slut.']],
    ['Vad hände? Ingen vet! Det är oklart…', ['Vad hände?', 'Ingen vet!', 'Det är oklart…']],
    ['Hon sa: ”Nej.” Sedan gick hon.', ['Hon sa: ”Nej.”', 'Sedan gick hon.']],
    ['År 2025 tog det slut. 2026 börjar nytt.', ['År 2025 tog det slut.', '2026 börjar nytt.']],
    ['små bokstäver. efter punkt delar inte.', ['små bokstäver. efter punkt delar inte.']],
  ])('splits %j into its sentences', (input, expected) => {
    expect(texts(input)).toEqual(expected)
  })

  it('reports offsets where each following sentence starts', () => {
    expect(sentenceStarts('Ett. Två. Tre.')).toEqual([5, 10])
  })
})

describe('segmentation of Markdown', () => {
  it('replaces paired markup with numbered g placeholders and standalone nodes with x placeholders', () => {
    expect(texts('Det är *mycket* viktigt med `kod` och [länkar](https://example.se).')).toEqual([
      'Det är <g id="1">mycket</g> viktigt med <x id="2"/> och <g id="3">länkar</g>.',
    ])
  })

  it('keeps markup that spans two sentences in one unit rather than cutting a pair', () => {
    expect(texts('**Första meningen. Andra meningen.** Tredje meningen.')).toEqual(['<g id="1">Första meningen. Andra meningen.</g>', 'Tredje meningen.'])
  })

  it('splits sentences that each carry their own markup and numbers placeholders from 1 in each', () => {
    expect(texts('Den *första* meningen. Den *andra* meningen.')).toEqual(['Den <g id="1">första</g> meningen.', 'Den <g id="1">andra</g> meningen.'])
  })

  it('gives the same sentence the same key wherever it stands', () => {
    const units = unitsOf('Samma mening här.\n\nAnnan text. Samma mening här.').units
    expect(units[0]!.key).toBe(units[2]!.key)
    expect(units[0]!.key).not.toBe(units[1]!.key)
  })

  it('escapes XML special characters in text so every unit is a well-formed fragment', () => {
    expect(texts('Tom & Jerry <3 är 1 < 2.')).toEqual(['Tom &amp; Jerry &lt;3 är 1 &lt; 2.'])
  })

  it('makes a unit of each table cell with words or numbers (each language writes numbers its own way), and leaves a cell of punctuation alone', () => {
    const markdown = '| Namn | Antal |\n| --- | --- |\n| Spotify | 10 000 |\n| *Kampanjen* | – |\n'
    expect(texts(markdown)).toEqual(['Namn', 'Antal', 'Spotify', '10 000', '<g id="1">Kampanjen</g>'])
    expect(unitsOf(markdown).blocks.filter((block) => block.kind === 'tableCell')).toHaveLength(6)
  })

  it('translates list items, nested lists and blockquotes paragraph by paragraph', () => {
    expect(texts('- Första punkten.\n- Andra punkten.\n  - Inre punkt.\n\n> Ett citerat stycke.\n')).toEqual(['Första punkten.', 'Andra punkten.', 'Inre punkt.', 'Ett citerat stycke.'])
  })

  it('makes image alt text and titles units of their own and the image a placeholder in its paragraph', () => {
    const segmentation = unitsOf('Se bilden ![En röd stuga vid sjön](stuga.jpg "Stugan i juni") här.')
    expect(segmentation.units.map((unit) => unit.text)).toEqual(['En röd stuga vid sjön', 'Stugan i juni', 'Se bilden <x id="1"/> här.'])
    expect(segmentation.blocks.map((block) => block.kind)).toEqual(['imageAlt', 'title', 'paragraph'])
  })

  it('translates link titles but leaves titles without words alone', () => {
    expect(texts('Läs [mer](https://example.se "Mer om saken") eller [här](https://example.se "2025").')).toEqual(['Mer om saken', 'Läs <g id="1">mer</g> eller <g id="2">här</g>.'])
  })

  it('translates the front matter title and description and nothing else of it', () => {
    const markdown = '---\ntitle: Rubriken här\ndescription: En kort ingress.\nslug: rubrik\nauthor: Anna Lindqvist\n---\n\nBrödtext.\n'
    const segmentation = unitsOf(markdown)
    expect(segmentation.units.map((unit) => unit.text)).toEqual(['Rubriken här', 'En kort ingress.', 'Brödtext.'])
    expect(segmentation.blocks.slice(0, 2).map((block) => block.field)).toEqual(['title', 'description'])
  })

  it('never sends code blocks, HTML blocks or link reference definitions', () => {
    const markdown = 'Text före.\n\n```js\nconst text = "Svensk text"\n```\n\n<div>Svensk HTML</div>\n\n[ref]: https://example.se "Titel"\n'
    expect(texts(markdown)).toEqual(['Text före.'])
  })

  it('records the line and column of each unit', () => {
    const units = unitsOf('# Rubrik\n\nFörsta. Andra mening.\n').units
    expect(units.map((unit) => [unit.line, unit.column])).toEqual([
      [1, 3],
      [3, 1],
      [3, 9],
    ])
  })
})
