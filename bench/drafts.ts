/**
 * What protecting machine drafts costs (issue 9: names decided with the Swedish lexicon, numbers
 * in each language's format, agreement, compounds, unknown words): the 1,000-article build with
 * the `identity` engine, from this tree and from the commit before the work (`BASE`, default
 * d20f1cd, checked out beside it with `git worktree`), alternately, each build in a fresh
 * `node` process on a fresh copy of the same corpus, measured in one run.
 * Run: npx tsx bench/drafts.ts [articles] [base-commit]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const base = process.argv[3] ?? process.env.BASE ?? 'd20f1cd'
const root = join(import.meta.dirname, '..')
const scratch = await mkdtemp(join(tmpdir(), 'tolk-bench-drafts-'))
const before = join(scratch, 'before')
try {
  execFileSync('git', ['worktree', 'add', '--detach', before, base], { cwd: root, stdio: 'ignore' })
  await symlink(join(root, 'node_modules'), join(before, 'node_modules'))
  const corpus = join(scratch, 'corpus')
  const bytes = await writeCorpus(corpus, count)
  for (const lang of ['sv', 'en']) {
    await mkdir(join(corpus, 'locales', lang), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(corpus, 'locales', lang, 'tolk.json'))
  }
  // The base commit's glossary, which both trees can read (the base knows no `gender` or `definite`).
  await cp(join(before, 'glossary'), join(corpus, 'glossary'), { recursive: true })
  await writeFile(join(corpus, 'tolk.config.yaml'), 'targets:\n  en: { engines: [identity] }\n')

  /** One build of a fresh copy of the corpus by the tree at `tree`, in its own process; milliseconds. */
  const timeBuild = async (tree: string): Promise<number> => {
    const dir = join(scratch, 'run')
    await rm(dir, { recursive: true, force: true })
    await cp(corpus, dir, { recursive: true })
    const script = `const { build } = await import(${JSON.stringify(join(tree, 'src', 'commands', 'build.ts'))}); const started = performance.now(); const result = await build({ cwd: ${JSON.stringify(dir)} }); if (result.exitCode !== 0) throw new Error('exit ' + result.exitCode); console.log(performance.now() - started)`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: tree, encoding: 'utf8' })
    if (run.status !== 0) throw new Error(run.stderr)
    return Number(run.stdout.trim().split('\n').pop())
  }
  const times = { before: [] as number[], after: [] as number[] }
  for (let round = 0; round < 2; round++) {
    times.before.push(await timeBuild(before))
    times.after.push(await timeBuild(root))
  }
  const best = (list: number[]) => Math.min(...list)
  console.log(`${count} articles, ${(bytes / 1e6).toFixed(2)} MB, identity engine; best of 2 alternating builds each`)
  console.log(`before (${base}): ${times.before.map((ms) => ms.toFixed(0)).join(', ')} ms`)
  console.log(`after (this tree): ${times.after.map((ms) => ms.toFixed(0)).join(', ')} ms`)
  console.log(`ratio: ${(best(times.after) / best(times.before)).toFixed(2)}×`)
} finally {
  spawnSync('git', ['worktree', 'remove', '--force', before], { cwd: root, stdio: 'ignore' })
  await rm(scratch, { recursive: true, force: true })
}
