/**
 * The review loop's two figures, in one run over 1,000 generated articles (`bench/corpus.ts`):
 * 1. `tolk status` against `tolk check` on the same built project (target: ≤ 1.5×);
 * 2. a build from empty catalogs with 10,000 remembered units per language in
 *    `locales/<lng>/memory.json` against the same build with no memory (target: ≤ 1.2×). Every
 *    unit the engine drafts is looked up in the memory (exact, then fuzzy at 75 %); the memory is
 *    made of near copies of the corpus's own sentences, so the fuzzy filter has real work.
 * Engines: `pseudo` for every language, so the figure is tolk's own time, not an engine's.
 *
 * Like with like: both sides of each comparison run in this one process, each is run once untimed
 * first (modules loaded, both code paths compiled by the JIT), then the timed runs alternate
 * (A B, then B A, …) so neither side always has the later, warmer or the earlier, quieter slot.
 * Every build starts from a fresh copy of the same template project (the memory template is the
 * plain one plus the three memory files), copied before its clock starts. Wall and CPU (user +
 * system of this process) are printed per run, and the ratio of the sums over all rounds.
 *
 * Run: npx tsx bench/review.ts [count] [remembered] [all|memory|status] [rounds]
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { check } from '../src/commands/check.ts'
import { status } from '../src/commands/status.ts'
import { addToMemory, emptyMemory, writeMemory } from '../src/catalog/memory.ts'
import { article, writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const remembered = Number(process.argv[3] ?? 10000)
const part = process.argv[4] ?? 'all'
const rounds = Number(process.argv[5] ?? 2)
const languages = ['en', 'da', 'nb']
const scratch = await mkdtemp(join(tmpdir(), 'tolk-bench-review-'))

async function template(name: string): Promise<string> {
  const dir = join(scratch, name)
  await writeCorpus(dir, count)
  for (const lang of ['sv', ...languages]) {
    await mkdir(join(dir, 'locales', lang), { recursive: true })
    await cp(join(import.meta.dirname, '..', 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  await cp(join(import.meta.dirname, '..', 'glossary'), join(dir, 'glossary'), { recursive: true })
  await writeFile(join(dir, 'tolk.config.yaml'), `targets:\n${languages.map((lang) => `  ${lang}: { engines: [catalog, pseudo] }\n`).join('')}`)
  return dir
}

let copies = 0
async function fresh(from: string): Promise<string> {
  const dir = join(scratch, `copy-${copies++}`)
  await cp(from, dir, { recursive: true })
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

interface Timing {
  ms: number
  cpu: number
}

async function timed(run: () => Promise<unknown>): Promise<Timing> {
  ;(globalThis as { gc?: () => void }).gc?.()
  const cpu = process.cpuUsage()
  const started = performance.now()
  await run()
  const used = process.cpuUsage(cpu)
  return { ms: performance.now() - started, cpu: (used.user + used.system) / 1000 }
}

/**
 * Side A and side B: one untimed run of each, then `rounds` timed rounds in alternating order.
 * `sides` make what a run needs and `after` looks at or removes it (both untimed); `run` is timed.
 */
async function compare<T>(label: [string, string], sides: [() => Promise<T>, () => Promise<T>], run: (input: T, side: 0 | 1) => Promise<void>, after?: (input: T, side: 0 | 1) => Promise<void>): Promise<[Timing, Timing]> {
  for (const side of [0, 1] as const) {
    const input = await sides[side]()
    await run(input, side)
    await after?.(input, side)
  }
  const sums: [Timing, Timing] = [{ ms: 0, cpu: 0 }, { ms: 0, cpu: 0 }]
  for (let round = 0; round < rounds; round++) {
    for (const side of (round % 2 === 0 ? [0, 1] : [1, 0]) as (0 | 1)[]) {
      const input = await sides[side]()
      const time = await timed(() => run(input, side))
      await after?.(input, side)
      sums[side].ms += time.ms
      sums[side].cpu += time.cpu
      console.log(`  round ${round + 1} ${label[side].padEnd(22)} ${time.ms.toFixed(0).padStart(7)} ms wall, CPU ${time.cpu.toFixed(0).padStart(7)} ms  (load ${loadavg()[0]!.toFixed(1)})`)
    }
  }
  return sums
}

function ratio(label: string, [a, b]: [Timing, Timing], target: string): void {
  console.log(`${label}: ${(b.ms / a.ms).toFixed(2)}× wall (${b.ms.toFixed(0)} / ${a.ms.toFixed(0)} ms), ${(b.cpu / a.cpu).toFixed(2)}× CPU (${b.cpu.toFixed(0)} / ${a.cpu.toFixed(0)} ms), summed over ${rounds} round${rounds === 1 ? '' : 's'} (target ${target})`)
}

try {
  const plain = await template('plain')
  const withMemory = await template('memory')
  await writeMemories(withMemory, remembered)
  console.log(`${count} articles × ${languages.length} languages; memory: ${remembered} units per language; load average at start ${loadavg().map((load) => load.toFixed(1)).join(' ')}`)
  if (part !== 'memory') {
    const built = await fresh(plain)
    const result = await build({ cwd: built })
    if (result.exitCode !== 0) throw new Error('the build failed')
    const units = result.report.articles.reduce((sum, entry) => sum + entry.editions.reduce((all, edition) => all + edition.units.total, 0), 0)
    console.log(`status against check on the built project (${units} units):`)
    const sums = await compare(['tolk check', 'tolk status'], [async () => built, async () => built], async (cwd, side) => {
      if (side === 0) await check({ cwd })
      else await status({ cwd })
    })
    ratio('status / check', sums, '≤ 1.5×')
  }
  if (part !== 'status') {
    console.log('build from empty catalogs, with and without memory:')
    let suggested = 0
    const sums = await compare(['build without memory', 'build with memory'], [() => fresh(plain), () => fresh(withMemory)], async (cwd, side) => {
      const result = await build({ cwd })
      if (result.exitCode !== 0) throw new Error('a build failed')
    }, async (cwd, side) => {
      if (side === 1) suggested = Object.values((await status({ cwd })).totals).reduce((sum, counts) => sum + counts.needsReview, 0)
      await rm(cwd, { recursive: true, force: true })
    })
    console.log(`  ${suggested} drafts got a reviewed suggestion`)
    ratio('memory / no memory', sums, '≤ 1.2×')
  }
} finally {
  await rm(scratch, { recursive: true, force: true })
}
