/**
 * Build scale: the warm build of 1,000 and of 10,000 generated articles (bench/corpus.ts) with the
 * same setup as bench/build.ts — the repository's three-language config (en, da, nb), every unit
 * answered by catalogs a first build made with the identity engine — each timed as a whole
 * process, `node bin/tolk.js build` running the compiled lib/ (compiled first here), as people and
 * CI run it. Measured by /usr/bin/time: CPU (user + system) and wall, and the peak RSS of the build
 * process. Each build is run once untimed before the timed run (`--warmups N`), so both sizes are
 * warm; `--warmups 0` when the projects were just built (a 10,000-article build takes minutes).
 *
 * The projects are kept in a folder (default: <tmpdir>/tolk-bench-scale) and reused by later runs:
 * generating and first building 10,000 articles takes minutes. `--fresh` makes them again.
 *
 * Run: npx tsx bench/scale.ts [--dir DIR] [--fresh] [--runs N] [--warmups N] [counts…]   (default 1000 10000)
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { writeCorpus } from './corpus.ts'

const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'tolk.js')

/** Make (or reuse) a project of `count` bench articles whose catalogs answer every unit; returns its folder. */
export async function prepareProject(dir: string, count: number, fresh = false): Promise<string> {
  const project = join(dir, String(count))
  const ready = join(project, '.bench-ready')
  if (!fresh && existsSync(ready)) return project
  await rm(project, { recursive: true, force: true })
  await writeCorpus(project, count)
  for (const lang of ['sv', 'en', 'da', 'nb']) {
    await mkdir(join(project, 'locales', lang), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(project, 'locales', lang, 'tolk.json'))
  }
  await cp(join(root, 'glossary'), join(project, 'glossary'), { recursive: true })
  const config = await readFile(join(root, 'tolk.config.yaml'), 'utf8')
  await writeFile(join(project, 'tolk.config.yaml'), config.replace(/^( {2}(en|da|nb): \{ engines: )\[[^\]]*\]/gm, '$1[catalog, identity]'))
  const first = spawnSync(process.execPath, [bin, 'build'], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 28 })
  if (first.status !== 0) throw new Error(`the build that fills the catalogs of ${count} articles exited ${first.status}: ${first.stderr.slice(-2000)}`)
  await writeFile(join(project, 'tolk.config.yaml'), config)
  await writeFile(ready, `${count}\n`)
  return project
}

export interface Measured {
  wall: number
  /** User + system, milliseconds. */
  cpu: number
  /** Peak resident set of the build process, MB. */
  rss: number
}

/** One `node bin/tolk.js build` in `project`, timed by /usr/bin/time; fails when the build does not exit 0. */
export function timedBuild(project: string, args: string[] = []): Measured {
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, ...args, bin, 'build'], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 28 })
  const line = run.stderr.split('\n').find((text) => text.startsWith('TIME '))
  if (run.status !== 0 || !line) throw new Error(`build in ${project} exited ${run.status}: ${run.stderr.slice(-2000)}`)
  const [wall, user, system, rss] = line.slice(5).split(' ').map(Number) as [number, number, number, number]
  return { wall: wall * 1000, cpu: (user + system) * 1000, rss: rss / 1024 }
}

async function main(argv: string[]): Promise<void> {
  let dir = join(tmpdir(), 'tolk-bench-scale')
  let fresh = false
  let runs = 1
  let warmups = 1
  const counts: number[] = []
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    if (arg === '--dir') dir = resolve(argv[++index]!)
    else if (arg === '--fresh') fresh = true
    else if (arg === '--runs') runs = Number(argv[++index])
    else if (arg === '--warmups') warmups = Number(argv[++index])
    else counts.push(Number(arg))
  }
  if (counts.length === 0) counts.push(1000, 10_000)
  execFileSync(process.execPath, [join(root, 'scripts', 'compile.js')], { stdio: 'inherit' })
  const results: Array<{ count: number; best: Measured; all: Measured[] }> = []
  for (const count of counts) {
    const project = await prepareProject(dir, count, fresh)
    for (let run = 0; run < warmups; run++) timedBuild(project) // warm-up: the same build, untimed
    const all = Array.from({ length: runs }, () => timedBuild(project))
    const best = all.reduce((a, b) => (b.cpu < a.cpu ? b : a))
    results.push({ count, best, all })
    console.log(`${String(count).padStart(6)} articles: CPU ${best.cpu.toFixed(0)} ms (${(best.cpu / count).toFixed(2)} ms per article), wall ${best.wall.toFixed(0)} ms, peak RSS ${best.rss.toFixed(0)} MB${runs > 1 ? ` (best CPU of ${runs}: ${all.map((each) => each.cpu.toFixed(0)).join(', ')})` : ''}`)
  }
  const [small, ...larger] = results
  for (const big of larger) {
    console.log(`cost per article, ${big.count} vs ${small!.count}: CPU ${(big.best.cpu / big.count / (small!.best.cpu / small!.count)).toFixed(2)}×, wall ${(big.best.wall / big.count / (small!.best.wall / small!.count)).toFixed(2)}×; peak RSS at ${big.count}: ${big.best.rss.toFixed(0)} MB`)
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/scale.ts')) await main(process.argv.slice(2))
