import { describe, expect, it } from 'vitest'
import { dialogueSpeech, findQuotes, type QuoteBlock } from '../../src/quotes/find.ts'

const paragraph = (text: string, more: Partial<QuoteBlock> = {}): QuoteBlock => ({ text, followsParagraph: true, isParagraph: true, ...more })

/** The quoted text of each span found in one paragraph. */
function quotedIn(text: string, minWords?: number): string[] {
  return findQuotes([paragraph(text, { followsParagraph: false })], { minWords }).spans.map((span) => text.slice(span.start, span.end))
}

describe('findQuotes on inline quotation marks', () => {
  it.each([
    ['Swedish ”…” (same mark both ends)', '”Vi har inget att dölja,” säger hon.', ['”Vi har inget att dölja,”']],
    ['English-style “…” after a speech verb', 'Hon sa “vi har inget att dölja” och gick.', ['“vi har inget att dölja”']],
    ['German-style „…“ after a colon', 'Hon svarade: „vi har inget att dölja“ i går.', ['„vi har inget att dölja“']],
    ['Swedish »…»', '»Vi har inget att dölja,» säger hon.', ['»Vi har inget att dölja,»']],
    ['guillemets »…«', '»Vi har inget att dölja,« säger hon.', ['»Vi har inget att dölja,«']],
    ['guillemets «…»', '«Vi har inget att dölja,» säger hon.', ['«Vi har inget att dölja,»']],
    ['straight "…"', '"Vi har inget att dölja," säger hon.', ['"Vi har inget att dölja,"']],
    ['two quotations in one paragraph', '”Det är fel,” säger hon. ”Vi har sagt det länge,” tillägger hon.', ['”Det är fel,”', '”Vi har sagt det länge,”']],
    ['’…’ nested inside ”…”', '”Han sa ’vi ses’ och gick sedan,” säger grannen.', ['”Han sa ’vi ses’ och gick sedan,”']],
    ['”…” nested inside ”…”', '”Hon kallade det ”en ren skandal” i talet,” säger källan.', ['”Hon kallade det ”en ren skandal” i talet,”']],
    ['a one-word answer its attribution follows', '”Nej”, säger han.', ['”Nej”']],
    ['a short question its attribution follows', '”Varför nu?” frågar hon.', ['”Varför nu?”']],
  ])('finds %s', (_kind, text, expected) => {
    expect(quotedIn(text)).toEqual(expected)
  })

  it.each([
    ['a scare quote of one word', 'Det så kallade ”snabbspåret” har kritiserats.'],
    ['a scare quote of two words', 'Kritikerna talar om ”ren symbolpolitik” i debatten.'],
    ['a title after a naming word', 'Boken ”Det sjunde inseglet och andra berättelser” kom ut.'],
    ['a title in title case', 'Han läste ”Modernising Public Infrastructure with Free Software” i går.'],
    ['an idiom with no one speaking', 'Friheten ”smittar av sig” till nästa version.'],
    ['an inch mark', 'En 27" skärm och en 24" skärm står på bordet.'],
    ['a mark inside a word', 'Ordet ma”ma ”är” inte något.'],
  ])('leaves %s as text', (_kind, text) => {
    expect(quotedIn(text)).toEqual([])
  })

  it('counts words against `minWords`', () => {
    const text = 'Hon svarade: ”Nej tack”.'
    expect(quotedIn(text)).toEqual([])
    expect(quotedIn(text, 2)).toEqual(['”Nej tack”'])
  })

  it('warns about an unbalanced mark with its offset and keeps the paragraph as text', () => {
    const found = findQuotes([paragraph('Det var en ”lång dag för alla inblandade.', { followsParagraph: false })])
    expect(found.spans).toEqual([])
    expect(found.warnings).toEqual([{ block: 0, offset: 11, ruleId: 'quote-unbalanced', message: expect.stringContaining('Unbalanced quotation mark `”`, expected a closing mark') }])
  })
})

describe('findQuotes over several paragraphs', () => {
  it('joins paragraphs that each open with ” and only the last closes into one quotation', () => {
    const blocks = [paragraph('Hon sa:', { followsParagraph: false }), paragraph('”Första stycket av talet'), paragraph('”Andra stycket av talet'), paragraph('”Sista stycket av talet.”'), paragraph('Sedan gick hon.')]
    const { spans, warnings } = findQuotes(blocks)
    expect(warnings).toEqual([])
    expect(spans.map((span) => [span.block, span.quote, span.closes, span.kind])).toEqual([
      [1, 0, false, 'paragraphs'],
      [2, 0, false, 'paragraphs'],
      [3, 0, true, 'paragraphs'],
    ])
  })

  it('drops an opened quotation that the next paragraph does not continue, with a warning where it opened', () => {
    const blocks = [paragraph('”Första stycket av talet', { followsParagraph: false }), paragraph('Vanlig text följer här.')]
    const { spans, warnings } = findQuotes(blocks)
    expect(spans).toEqual([])
    expect(warnings.map((warning) => [warning.block, warning.offset, warning.ruleId])).toEqual([[0, 0, 'quote-unbalanced']])
  })

  it('does not continue a quotation in a heading or a table cell', () => {
    const blocks = [paragraph('”Första stycket av talet', { followsParagraph: false }), { text: '”Rubrik med citat', followsParagraph: false, isParagraph: false }]
    expect(findQuotes(blocks).spans).toEqual([])
  })
})

describe('findQuotes on dialogue dashes', () => {
  it.each([
    ['up to the attribution, keeping the comma', '– Det här är helt fel, säger Anna Lindqvist, forskare vid KTH.', ['– Det här är helt fel,']],
    ['and resumes after the attribution sentence', '– Det här är helt fel, säger Anna Lindqvist. Vi har varnat länge.', ['– Det här är helt fel,', 'Vi har varnat länge.']],
    ['with a question before the verb', '– Varför har ingen lyssnat? frågar hon.', ['– Varför har ingen lyssnat?']],
    ['with an em dash and `enligt`', '— Beslutet kommer för sent, enligt facket.', ['— Beslutet kommer för sent,']],
    ['as a whole paragraph without attribution', '– Vi har inget att tillägga i nuläget.', ['– Vi har inget att tillägga i nuläget.']],
    ['not for speech shorter than `minWords`', '– Ja, sa han.', []],
    ['not without the dash', 'Det här är helt fel, säger Anna Lindqvist.', []],
  ])('finds the speech %s', (_case, text, expected) => {
    expect(dialogueSpeech(text).map((part) => text.slice(part.start, part.end))).toEqual(expected)
    const spans = findQuotes([paragraph(text, { followsParagraph: false })]).spans
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(expected)
    if (spans.length > 0) expect(spans.map((span) => span.closes)).toEqual(expected.map((_, index) => index === expected.length - 1))
  })
})

describe('findQuotes on blockquotes', () => {
  it('keeps every paragraph of a blockquote as one quotation, leaving a closing attribution line as text', () => {
    const blocks = [paragraph('Bolaget skrev:', { followsParagraph: false }), paragraph('Vi har fattat beslutet noga.', { blockquote: 0, followsParagraph: false }), paragraph('Det står vi för.', { blockquote: 0 }), paragraph('— Pressavdelningen', { blockquote: 0 })]
    const { spans } = findQuotes(blocks)
    expect(spans.map((span) => [span.block, span.quote, span.closes, span.kind])).toEqual([
      [1, 0, false, 'blockquote'],
      [2, 0, true, 'blockquote'],
    ])
  })

  it.each([['an alert', '[!NOTE] Det här är en anteckning om något.'], ['a labelled note', 'Obs: uttalandet har förkortats av redaktionen.'], ['a blockquote too short', 'Ja visst.']])('leaves %s as text', (_kind, text) => {
    expect(findQuotes([paragraph(text, { blockquote: 3, followsParagraph: false })]).spans).toEqual([])
  })
})
