/**
 * Segmentation scale: `segment()` of 0.1 MB of article text and of ten times as much, in one run.
 * Linear costs about 10× the time; quadratic would be 100×. (This was a wall-clock assertion in
 * tests/document/segment.test.ts; timings belong here.)
 * Run: npx tsx bench/segment.ts
 */
import { parseArticle } from '../src/document/parse.ts'
import { segment } from '../src/document/segment.ts'

const paragraph = 'Spotify har bekräftat att bolaget inte längre sänder annonser, t.ex. för ICE. En *talesperson* sade att kontraktet löpte ut. '
const small = `${paragraph.repeat(80)}\n\n`.repeat(10)
const large = small.repeat(10)

function time(markdown: string): { ms: number; units: number } {
  const article = parseArticle(markdown, 'bench.sv.md')
  const started = performance.now()
  const { units } = segment(article.tree, { source: markdown })
  return { ms: performance.now() - started, units: units.length }
}

time(small) // warm up
const smallRun = time(small)
const largeRun = time(large)
console.log(`${(small.length / 1e6).toFixed(2)} MB: ${smallRun.ms.toFixed(0)} ms (${smallRun.units} units)`)
console.log(`${(large.length / 1e6).toFixed(2)} MB: ${largeRun.ms.toFixed(0)} ms (${largeRun.units} units)`)
console.log(`ratio for 10× the text: ${(largeRun.ms / smallRun.ms).toFixed(1)}× (linear ≈ 10×, quadratic ≈ 100×)`)
