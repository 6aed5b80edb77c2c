/**
 * The review loop's two figures, in one run over 1,000 generated articles (`bench/corpus.ts`):
 * 1. `tolk status` against `tolk check` on the same built project (target: ≤ 1.5×);
 * 2. a build from empty catalogs with 10,000 remembered units per language in
 *    `locales/<lng>/memory.json` against the same build with no memory (target: ≤ 1.2×). Every
 *    unit the engine drafts is looked up in the memory (exact, then fuzzy at 75 %); the memory is
 *    made of near copies of the corpus's own sentences, so the fuzzy filter has real work.
 * Engines: `pseudo` for every language, so the figure is tolk's own time, not an engine's.
 * Run: npx tsx bench/review.ts [count] [memory] [all|memory|status]
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { check } from '../src/commands/check.ts'
import { status } from '../src/commands/status.ts'
import { addToMemory, emptyMemory, writeMemory } from '../src/catalog/memory.ts'
import { article, writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const remembered = Number(process.argv[3] ?? 10000)
const part = process.argv[4] ?? 'all'
const languages = ['en', 'da', 'nb']

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-review-'))
  await writeCorpus(dir, count)
  for (const lang of ['sv', ...languages]) {
    await mkdir(join(dir, 'locales', lang), { recursive: true })
    await cp(join(import.meta.dirname, '..', 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  await cp(join(import.meta.dirname, '..', 'glossary'), join(dir, 'glossary'), { recursive: true })
  await writeFile(join(dir, 'tolk.config.yaml'), `targets:\n${languages.map((lang) => `  ${lang}: { engines: [catalog, pseudo] }\n`).join('')}`)
  return dir
}

/** `size` remembered units: sentences of the corpus with one or two words changed, reviewed and machine. */
async function writeMemories(dir: string, size: number): Promise<void> {
  const sentences = [...new Set(Array.from({ length: 50 }, (_, index) => article(index).split('\n')).flat().filter((line) => /^[A-ZÅÄÖ]/.test(line)).flatMap((line) => line.split(/(?<=\.) /)))]
  for (const lang of languages) {
    const memory = emptyMemory(lang)
    for (let index = 0; memory.entries.size < size; index++) {
      const words = sentences[index % sentences.length]!.split(' ')
      words[index % words.length] = `ord${index}`
      if (index % 3 === 0) words.push(`tillägg${index}`)
      const source = words.join(' ')
      addToMemory(memory, { source, target: `[${lang}] ${source}`, status: index % 2 ? 'reviewed' : 'machine', origin: 'bench', engine: 'bench' })
    }
    await writeMemory(join(dir, 'locales'), memory)
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const value = await run()
  const used = process.cpuUsage(cpu)
  return { ms: performance.now() - started, cpu: (used.user + used.system) / 1000, value }
}

const plain = await project()
const withMemory = await project()
try {
  await writeMemories(withMemory, remembered)
  const noMemoryBuild = await timed(() => build({ cwd: plain }))
  if (noMemoryBuild.value.exitCode !== 0) throw new Error('the build failed')
  const units = noMemoryBuild.value.report.articles.reduce((sum, entry) => sum + entry.editions.reduce((all, edition) => all + edition.units.total, 0), 0)
  console.log(`${count} articles × ${languages.length} languages, ${units} units; memory: ${remembered} units per language`)
  if (part !== 'memory') {
    const checked = await timed(() => check({ cwd: plain }))
    const shown = await timed(() => status({ cwd: plain }))
    console.log(`tolk check:            ${checked.ms.toFixed(0)} ms (CPU ${checked.cpu.toFixed(0)} ms)`)
    console.log(`tolk status:           ${shown.ms.toFixed(0)} ms (CPU ${shown.cpu.toFixed(0)} ms)`)
    console.log(`status / check:        ${(shown.ms / checked.ms).toFixed(2)}× wall, ${(shown.cpu / checked.cpu).toFixed(2)}× CPU (target ≤ 1.5×)`)
  }
  if (part !== 'status') {
    // The build without memory once more, right before the one with it, so both see the same machine.
    const again = await project()
    const baseline = await timed(() => build({ cwd: again }))
    await rm(again, { recursive: true, force: true })
    const memoryBuild = await timed(() => build({ cwd: withMemory }))
    if (baseline.value.exitCode !== 0 || memoryBuild.value.exitCode !== 0) throw new Error('a build failed')
    const suggested = Object.values((await status({ cwd: withMemory })).totals).reduce((sum, counts) => sum + counts.needsReview, 0)
    console.log(`build without memory:  ${baseline.ms.toFixed(0)} ms (CPU ${baseline.cpu.toFixed(0)} ms)`)
    console.log(`build with memory:     ${memoryBuild.ms.toFixed(0)} ms (CPU ${memoryBuild.cpu.toFixed(0)} ms); ${suggested} drafts got a reviewed suggestion`)
    console.log(`memory / no memory:    ${(memoryBuild.ms / baseline.ms).toFixed(2)}× wall, ${(memoryBuild.cpu / baseline.cpu).toFixed(2)}× CPU (target ≤ 1.2×)`)
  }
} finally {
  await rm(plain, { recursive: true, force: true })
  await rm(withMemory, { recursive: true, force: true })
}
