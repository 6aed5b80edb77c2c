/**
 * A small job in a big repository: `tolk build <one article>` and `tolk check <one article>` where
 * the repository holds 10,000 articles with their catalogs, against the same in a repository of 10
 * articles. Whole processes (the compiled bin/tolk.js, as after `npm ci`), timed by hyperfine in
 * one run, mean wall and CPU (user + system), after warm-up runs.
 *
 * Both repositories use the real three-language config (en, da, nb); the article's catalogs answer
 * every unit, as in a newsroom where an article is rebuilt after a fix. The 10 articles are built
 * once with the identity engine to make their catalogs; the 9,990 other articles of the big
 * repository get catalogs copied from one of them under their own slug (the same sentences, as
 * generated articles share them), so the build could lend units from any of them.
 * Run: npx tsx bench/big-repository.ts [articles]   (default 10,000; needs hyperfine)
 */
import { execFileSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { article } from './corpus.ts'

const total = Number(process.argv[2] ?? 10_000)
const runs = Number(process.argv[3] ?? 10)
const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'tolk.js')
const name = (index: number) => `artikel-${String(index).padStart(5, '0')}`
const realConfig = await readFile(join(root, 'tolk.config.yaml'), 'utf8')
const identityConfig = realConfig.replace(/^( {2}(en|da|nb): \{ engines: )\[[^\]]*\]/gm, '$1[catalog, identity]')

async function repository(count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tolk-bench-repo-${count}-`))
  await mkdir(join(dir, 'articles'))
  for (const path of ['glossary']) await cp(join(root, path), join(dir, path), { recursive: true })
  for (const lang of ['sv', 'en', 'da', 'nb']) {
    await mkdir(join(dir, 'locales', lang, 'articles'), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  for (let index = 0; index < 10; index++) await writeFile(join(dir, 'articles', `${name(index)}.sv.md`), article(index).replace(/^slug: .*$/m, `slug: ${name(index)}`))
  await writeFile(join(dir, 'tolk.config.yaml'), identityConfig)
  execFileSync(process.execPath, [bin, 'build'], { cwd: dir, stdio: 'ignore' })
  await writeFile(join(dir, 'tolk.config.yaml'), realConfig)
  for (let index = 10; index < count; index++) {
    await writeFile(join(dir, 'articles', `${name(index)}.sv.md`), article(index).replace(/^slug: .*$/m, `slug: ${name(index)}`))
    for (const lang of ['sv', 'en', 'da', 'nb']) {
      for (const suffix of ['.json', '.lock.json']) {
        const from = join(dir, 'locales', lang, 'articles', `${name(index % 10)}${suffix}`)
        await cp(from, join(dir, 'locales', lang, 'articles', `${name(index)}${suffix}`)).catch(() => {})
      }
    }
  }
  return dir
}

execFileSync(process.execPath, [join(root, 'scripts', 'compile.js')], { stdio: 'inherit' })
const small = await repository(10)
const big = await repository(total)
try {
  console.log(`catalogs per language: ${(await readdir(join(small, 'locales', 'en', 'articles'))).length / 2} and ${(await readdir(join(big, 'locales', 'en', 'articles'))).length / 2}`)
  const json = join(small, 'hyperfine.json')
  const commands = [small, big].flatMap((dir) => ['build', 'check'].map((command) => `node ${bin} ${command} --config ${join(dir, 'tolk.config.yaml')} ${join(dir, 'articles', `${name(3)}.sv.md`)}`))
  execFileSync('hyperfine', ['-N', '-i', '--warmup', '2', '--runs', String(runs), '--export-json', json, ...commands], { stdio: ['ignore', 'ignore', 'inherit'] })
  const results = (JSON.parse(readFileSync(json, 'utf8')) as { results: Array<{ mean: number; user: number; system: number }> }).results
  const [buildSmall, checkSmall, buildBig, checkBig] = results
  const show = (label: string, subject: (typeof results)[number], floor: (typeof results)[number]) =>
    console.log(`${label.padEnd(36)} ${(subject.mean * 1000).toFixed(0)} ms vs ${(floor.mean * 1000).toFixed(0)} ms  wall ${(subject.mean / floor.mean).toFixed(2)}×  CPU ${((subject.user + subject.system) / (floor.user + floor.system)).toFixed(2)}×`)
  show(`build one article, ${total} vs 10`, buildBig!, buildSmall!)
  show(`check one article, ${total} vs 10`, checkBig!, checkSmall!)
} finally {
  await rm(small, { recursive: true, force: true })
  await rm(big, { recursive: true, force: true })
}
