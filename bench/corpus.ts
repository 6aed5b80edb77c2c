import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * A deterministic corpus of Swedish news-like articles with the markup a newsroom uses:
 * headings, emphasis, links, lists, a table, quotations and glossary terms.
 */
const sentences = [
  'Spotify har bekräftat att bolaget inte längre sänder rekryteringsannonser för ICE.',
  'Enligt bolaget upphörde annonserna när det federala mediekontraktet löpte ut, t.ex. i USA.',
  'Rekryteringskampanjen köptes som ett rikstäckande statligt mediepaket.',
  'Myndigheten har under flera år varit föremål för *politisk* och **juridisk** granskning.',
  'Kritiker menade att det var olämpligt, bl.a. med hänvisning till [DHS riktlinjer](https://www.dhs.gov/).',
  'Programmet syftade till att rekrytera ca 10 000 nya fältagenter under 2025.',
  'ICE:s personalstyrka skulle öka snabbt, d.v.s. inom ett år.',
  'Annonserna riktades i första hand till unga vuxna med `konkurrenskraftiga löner`.',
]

export function article(index: number): string {
  const pick = (offset: number) => sentences[(index * 7 + offset) % sentences.length]!
  const paragraph = (offset: number) => [0, 1, 2, 3].map((step) => pick(offset + step)).join(' ')
  return [
    '---',
    `title: Artikel ${index} om rekryteringskampanjen`,
    `slug: artikel-${index}`,
    '---',
    '',
    paragraph(0),
    '',
    `”Det finns för närvarande inga ICE-annonser på Spotify, det har vi sagt ${index} gånger,” uppgav företaget.`,
    '',
    '## Vad var det för kampanj',
    '',
    paragraph(3),
    '',
    `- ${pick(1)}`,
    `- ${pick(4)}`,
    '',
    '| Myndighet | Antal |',
    '| --- | --- |',
    `| ICE | ${index * 13} |`,
    '',
    paragraph(5),
    '',
    '### Reaktioner',
    '',
    paragraph(2),
    '',
    `> ${pick(6)}`,
    '',
    paragraph(4),
    '',
    paragraph(6),
    '',
    paragraph(7),
    '',
  ].join('\n')
}

/** Write `count` articles under `dir/articles`; returns their total size in bytes. */
export async function writeCorpus(dir: string, count: number): Promise<number> {
  await mkdir(join(dir, 'articles'), { recursive: true })
  let bytes = 0
  for (let index = 0; index < count; index++) {
    const text = article(index)
    bytes += Buffer.byteLength(text)
    await writeFile(join(dir, 'articles', `artikel-${String(index).padStart(4, '0')}.sv.md`), text)
  }
  return bytes
}

/** A glossary of `size` generated entries shaped like real ones: a lemma, declared forms for some, three targets. */
export function generatedGlossary(size: number): string {
  const lines = ['terms:']
  for (let index = 0; index < size; index++) {
    const lemma = `termord${index.toString(36)}kampanj`
    lines.push(`  - id: gen-${index}`, `    sv: ${lemma}`)
    if (index % 3 === 0) lines.push(`    sv_forms: { def: ${lemma}en, pl: ${lemma}er, defpl: ${lemma}erna }`)
    lines.push('    targets:', `      en: { term: term ${index} campaign, pl: term ${index} campaigns }`, `      da: { term: termord${index}kampagne, def: termord${index}kampagnen }`, `      nb: { term: termord${index}kampanje }`)
  }
  return `${lines.join('\n')}\n`
}
