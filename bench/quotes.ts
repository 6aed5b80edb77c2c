/**
 * Quotation handling: what finding and keeping quotations adds to segmentation, and whether it
 * stays linear. Text: the quotation fixtures (every kind, nested marks, scare quotes, an
 * unbalanced mark, footnotes) repeated, so most paragraphs hold a quotation.
 * Run: npx tsx bench/quotes.ts
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArticle } from '../src/document/parse.ts'
import { segment } from '../src/document/segment.ts'

const fixtures = join(import.meta.dirname, '..', 'tests', 'quotes', 'fixtures')
const sample = readdirSync(fixtures)
  .sort()
  .map((name) => readFileSync(join(fixtures, name, 'input.sv.md'), 'utf8').replace(/^---[\s\S]*?---\n/, '').replace(/\[\^([^\]]+)\]/g, '[^$1-N]'))
  .join('\n\n')

function text(megabytes: number): string {
  const parts: string[] = []
  let bytes = 0
  for (let index = 0; bytes < megabytes * 1e6; index++) {
    const part = sample.replaceAll('-N]', `-${index}]`)
    parts.push(part)
    bytes += Buffer.byteLength(part) + 2
  }
  return parts.join('\n\n')
}

function time(markdown: string, quotes: 'verbatim' | 'translate'): { ms: number; quotes: number } {
  const article = parseArticle(markdown, 'bench.sv.md')
  const started = performance.now()
  const segmentation = segment(article.tree, { source: markdown, quotes })
  return { ms: performance.now() - started, quotes: segmentation.quotes.length }
}

time(text(0.05), 'verbatim') // warm up
const small = text(0.5)
const large = text(5)
const plain = time(small, 'translate')
const kept = time(small, 'verbatim')
const keptLarge = time(large, 'verbatim')
console.log(`0.5 MB, quotes translated (no finding): ${plain.ms.toFixed(0)} ms`)
console.log(`0.5 MB, quotes kept (${kept.quotes} quotations): ${kept.ms.toFixed(0)} ms — ratio ${(kept.ms / plain.ms).toFixed(2)}×`)
console.log(`5 MB, quotes kept (${keptLarge.quotes} quotations): ${keptLarge.ms.toFixed(0)} ms — ratio for 10× the text ${(keptLarge.ms / kept.ms).toFixed(1)}×`)
