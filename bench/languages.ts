/**
 * Languages at once (issue 15): a cold build of the generated corpus (`bench/corpus.ts`) into da
 * and nb, both through the local Apertium (no catalogs: every unit goes to the engine), with the
 * languages built at once (the default: as many as there are cores) against one after the other
 * (`languageConcurrency: 1`). Each build runs in its own `node` process on a fresh copy of the
 * corpus, through the compiled lib/ (compiled first here, as `npm ci` does), alternating, measured
 * in one run; wall time, and the CPU of the process and of its children (the Apertium pipelines),
 * from /proc. One untimed build first warms the disk cache.
 * Run: npx tsx bench/languages.ts [articles] [rounds]   (default 1,000 articles, 2 rounds)
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const rounds = Number(process.argv[3] ?? 2)
const root = join(import.meta.dirname, '..')
execFileSync(process.execPath, [join(root, 'scripts', 'compile.js')], { stdio: 'inherit' })
const scratch = await mkdtemp(join(tmpdir(), 'tolk-bench-languages-'))
try {
  const corpus = join(scratch, 'corpus')
  const bytes = await writeCorpus(corpus, count)
  for (const lang of ['sv', 'da', 'nb']) {
    await mkdir(join(corpus, 'locales', lang), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(corpus, 'locales', lang, 'tolk.json'))
  }
  await cp(join(root, 'glossary'), join(corpus, 'glossary'), { recursive: true })
  await writeFile(join(corpus, 'tolk.config.yaml'), 'targets:\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n')

  /** One cold build in its own process: wall ms, its own CPU ms and its children's (from /proc/self/stat, in clock ticks of 10 ms). */
  const timeBuild = async (languageConcurrency: number | undefined): Promise<{ wall: number; cpu: number; children: number }> => {
    const dir = join(scratch, 'run')
    await rm(dir, { recursive: true, force: true })
    await cp(corpus, dir, { recursive: true })
    const script = `
      const { readFileSync } = await import('node:fs')
      const { build } = await import(${JSON.stringify(join(root, 'lib', 'index.js'))})
      const started = performance.now()
      const result = await build({ cwd: ${JSON.stringify(dir)}, ${languageConcurrency ? `languageConcurrency: ${languageConcurrency}` : ''} })
      const wall = performance.now() - started
      if (result.exitCode !== 0) throw new Error('exit ' + result.exitCode)
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
      const usage = process.cpuUsage()
      console.log(JSON.stringify({ wall, cpu: (usage.user + usage.system) / 1000, children: (Number(fields[13]) + Number(fields[14])) * 10 }))`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })
    if (run.status !== 0) throw new Error(run.stderr)
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as { wall: number; cpu: number; children: number }
  }
  const runs = { sequential: [] as Array<Awaited<ReturnType<typeof timeBuild>>>, atOnce: [] as Array<Awaited<ReturnType<typeof timeBuild>>> }
  // Once untimed, so both sides find the files in the disk cache.
  await timeBuild(undefined)
  const loads = [loadavg()[0]!]
  for (let round = 0; round < rounds; round++) {
    runs.sequential.push(await timeBuild(1))
    runs.atOnce.push(await timeBuild(undefined))
    loads.push(loadavg()[0]!)
  }
  const show = (list: typeof runs.sequential) => list.map((run) => `${run.wall.toFixed(0)} ms (CPU ${run.cpu.toFixed(0)} + children ${run.children.toFixed(0)} ms)`).join(', ')
  const best = (list: typeof runs.sequential) => Math.min(...list.map((run) => run.wall))
  console.log(`${count} articles, ${(bytes / 1e6).toFixed(2)} MB, da + nb through Apertium, cold; load average ${loads.map((load) => load.toFixed(1)).join(' → ')}`)
  console.log(`one language after the other: ${show(runs.sequential)}`)
  console.log(`languages at once:            ${show(runs.atOnce)}`)
  console.log(`wall ratio (best at once / best one after the other): ${(best(runs.atOnce) / best(runs.sequential)).toFixed(2)}×`)
} finally {
  await rm(scratch, { recursive: true, force: true })
}
