/**
 * Whole-process timings of the small jobs people run many times a day, each against its floor,
 * measured by hyperfine in one run (paired: the same machine state for both sides), as the mean of
 * `--runs` runs after warm-up runs, wall and CPU (user + system):
 *
 * - `tolk --help` against `node -e 0`;
 * - `tolk build` and `tolk check` of one article, all from the catalogs (the repository's own
 *   article, config and catalogs), against a plain script that imports unified + remark-parse,
 *   -gfm, -frontmatter, -stringify and round-trips the article three times (bench/startup/remark-floor.js);
 * - the same one-article build and check with 10,000 generated glossary entries added, against the
 *   project glossary. The article gets a paragraph that uses 40 of the generated terms (in both
 *   projects), so the big glossary has hits; each project is built once before timing (identity
 *   engine for what the catalogs lack), so the timed builds answer everything from the catalogs.
 *
 * `bin/tolk.js` runs the compiled lib/ (compiled first here), as `npm ci && npx tolk build` does.
 * Run: npx tsx bench/startup.ts [runs]   (needs hyperfine)
 */
import { execFileSync } from 'node:child_process'
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generatedGlossary } from './corpus.ts'

const runs = Number(process.argv[2] ?? 15)
const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'tolk.js')
const article = 'articles/spotify-ice-annonser.sv.md'

interface Result {
  command: string
  mean: number
  user: number
  system: number
}

function hyperfine(commands: Record<string, string>, cwd: string): Record<string, Result> {
  const json = join(cwd, 'hyperfine.json')
  execFileSync('hyperfine', ['-N', '-i', '--warmup', '3', '--runs', String(runs), '--export-json', json, ...Object.values(commands)], { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
  const results = (JSON.parse(readFileSync(json, 'utf8')) as { results: Result[] }).results
  return Object.fromEntries(Object.keys(commands).map((name, index) => [name, results[index]!]))
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`
function line(label: string, subject: Result, floor: Result) {
  const cpu = (result: Result) => result.user + result.system
  console.log(`${label.padEnd(44)} ${ms(subject.mean).padStart(8)} vs ${ms(floor.mean).padStart(8)}  wall ${(subject.mean / floor.mean).toFixed(2)}×   CPU ${ms(cpu(subject))} vs ${ms(cpu(floor))} ${(cpu(subject) / cpu(floor)).toFixed(2)}×`)
}

async function projectCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-startup-'))
  for (const path of ['articles', 'glossary', 'locales', 'tolk.config.yaml']) await cp(join(root, path), join(dir, path), { recursive: true })
  return dir
}

execFileSync(process.execPath, [join(root, 'scripts', 'compile.js')], { stdio: 'inherit' })
const dirs: string[] = []
try {
  // Start-up and the one-article catalog-only build and check, in a copy of the repository.
  const repo = await projectCopy()
  dirs.push(repo)
  execFileSync(process.execPath, [bin, 'build'], { cwd: repo, stdio: 'ignore' })
  const small = hyperfine(
    {
      node: 'node -e 0',
      help: `node ${bin} --help`,
      floor: `node ${join(root, 'bench', 'startup', 'remark-floor.js')} ${article}`,
      build: `node ${bin} build`,
      check: `node ${bin} check`,
    },
    repo,
  )

  // One article with the project glossary and with 10,000 generated entries more.
  const terms = generatedGlossary(10_000)
  const ids = Array.from({ length: 40 }, (_, index) => `termord${(index * 250).toString(36)}kampanj`)
  const paragraph = `\nDen nya rapporten nämner ${ids.slice(0, 20).join(', ')} och ${ids[20]}.\n\nFlera ${ids.slice(21).map((id, index) => (index % 2 ? `${id}en` : id)).join(', ')} granskades också.\n`
  const config = (await readFile(join(root, 'tolk.config.yaml'), 'utf8')).replace(/  en: \{ engines: \[[^\]]*\] \}/, '  en: { engines: [catalog, identity] }').replace(/  (da|nb): \{ engines: \[[^\]]*\] \}/g, '  $1: { engines: [catalog, identity] }')
  const projects: Record<string, string> = {}
  for (const [name, entries] of [['project', 0], ['big', 10_000]] as const) {
    const dir = await projectCopy()
    dirs.push(dir)
    await appendFile(join(dir, article), paragraph)
    await writeFile(join(dir, 'tolk.config.yaml'), config)
    if (entries > 0) await writeFile(join(dir, 'glossary', 'generated.yaml'), terms)
    execFileSync(process.execPath, [bin, 'build'], { cwd: dir, stdio: 'ignore' })
    projects[name] = dir
  }
  const glossary = hyperfine(
    {
      buildProject: `node ${bin} build --config ${join(projects.project!, 'tolk.config.yaml')}`,
      buildBig: `node ${bin} build --config ${join(projects.big!, 'tolk.config.yaml')}`,
      checkProject: `node ${bin} check --config ${join(projects.project!, 'tolk.config.yaml')}`,
      checkBig: `node ${bin} check --config ${join(projects.big!, 'tolk.config.yaml')}`,
    },
    repo,
  )

  console.log(`\n${runs} runs each after 3 warm-up runs; mean wall and CPU (user + system)`)
  line('tolk --help vs node -e 0', small.help!, small.node!)
  line('build, one article from catalogs vs remark', small.build!, small.floor!)
  line('check, one article vs remark', small.check!, small.floor!)
  line('build, +10,000 glossary entries vs project', glossary.buildBig!, glossary.buildProject!)
  line('check, +10,000 glossary entries vs project', glossary.checkBig!, glossary.checkProject!)
} finally {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
}
