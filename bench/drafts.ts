/**
 * What protecting machine drafts costs (issue 9): the 1,000-article build (`bench/corpus.ts`,
 * en, da and nb through the `identity` engine, so the figure is tolk's own time) with the drafts
 * work on, against the same build with it switched off (the internal build option
 * `drafts: false`: no names decided with the Swedish lexicon, no numbers in each language's
 * format, no compounds of terms, no agreement, no unknown-word list). Same tree, same corpus,
 * same process.
 *
 * Like with like: each side is run once untimed first (modules loaded, both paths compiled by the
 * JIT, the lexicon's files in the page cache), then the timed runs alternate (on off, then off on,
 * …). Every build starts from a fresh copy of the same template project, copied before its clock
 * starts. Wall and CPU are printed per run; CPU is this process's user + system time plus that of
 * the child processes it waited for (`lt-proc`), from /proc/self/stat. The ratios are of the sums
 * over all rounds.
 *
 * Run: npx tsx bench/drafts.ts [articles] [rounds]
 */
import { readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const rounds = Number(process.argv[3] ?? 2)
const languages = ['en', 'da', 'nb']
const root = join(import.meta.dirname, '..')
const scratch = await mkdtemp(join(tmpdir(), 'tolk-bench-drafts-'))

/** CPU milliseconds of this process and of the children it has waited for (`lt-proc`). */
function cpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
  // After the command's name: utime, stime, cutime, cstime are fields 14–17 of stat(5), 11–14 here.
  const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0)
  return (ticks * 1000) / 100
}

interface Timing {
  ms: number
  cpu: number
}

async function timedBuild(template: string, drafts: boolean, index: number): Promise<Timing> {
  const dir = join(scratch, `run-${index}`)
  await cp(template, dir, { recursive: true })
  ;(globalThis as { gc?: () => void }).gc?.()
  const cpu = cpuMs()
  const started = performance.now()
  const result = await build({ cwd: dir, drafts })
  const timing = { ms: performance.now() - started, cpu: cpuMs() - cpu }
  if (result.exitCode !== 0) throw new Error(`build exited ${result.exitCode}`)
  await rm(dir, { recursive: true, force: true })
  return timing
}

try {
  const template = join(scratch, 'template')
  const bytes = await writeCorpus(template, count)
  for (const lang of ['sv', ...languages]) {
    await mkdir(join(template, 'locales', lang), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(template, 'locales', lang, 'tolk.json'))
  }
  await cp(join(root, 'glossary'), join(template, 'glossary'), { recursive: true })
  await writeFile(join(template, 'tolk.config.yaml'), `targets:\n${languages.map((lang) => `  ${lang}: { engines: [identity] }\n`).join('')}`)

  console.log(`${count} articles (${(bytes / 1e6).toFixed(2)} MB) × ${languages.join(', ')} through identity; load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`)
  let runs = 0
  await timedBuild(template, true, runs++)
  await timedBuild(template, false, runs++)
  const on: Timing[] = []
  const off: Timing[] = []
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [true, false] : [false, true]
    for (const drafts of order) {
      const timing = await timedBuild(template, drafts, runs++)
      ;(drafts ? on : off).push(timing)
      console.log(`round ${round + 1}, drafts ${drafts ? 'on ' : 'off'}: ${timing.ms.toFixed(0)} ms wall, ${timing.cpu.toFixed(0)} ms CPU`)
    }
  }
  const sum = (list: Timing[], key: keyof Timing) => list.reduce((total, timing) => total + timing[key], 0)
  console.log(`on / off: ${(sum(on, 'ms') / sum(off, 'ms')).toFixed(2)}× wall (${sum(on, 'ms').toFixed(0)} / ${sum(off, 'ms').toFixed(0)} ms), ${(sum(on, 'cpu') / sum(off, 'cpu')).toFixed(2)}× CPU (${sum(on, 'cpu').toFixed(0)} / ${sum(off, 'cpu').toFixed(0)} ms); target ≤ 1.1×; load average now ${loadavg().map((load) => load.toFixed(1)).join(' ')}`)
} finally {
  await rm(scratch, { recursive: true, force: true })
}
