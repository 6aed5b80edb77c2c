/**
 * Build throughput, warm: `tolk build` of generated articles (bench/corpus.ts) with the real
 * three-language config (en, da, nb), every unit answered by the catalogs, against remark's own
 * work for the same editions: parse each article once, stringify it once per edition (3 per
 * article). Both sides warmed up (each run once before it is timed), measured in one process, one
 * after the other; wall and CPU (user + system) with the peak RSS of the process.
 *
 * The catalogs are made by a first build with the identity engine in every chain; the timed build
 * uses the repository's own tolk.config.yaml, so a unit the catalogs lacked would go to DeepL,
 * OpenAI or Apertium (none does).
 * Run: npx tsx bench/build.ts [articles]   (default 1,000)
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { markdownProcessor } from '../src/document/parse.ts'
import { writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const root = join(import.meta.dirname, '..')
const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-'))

async function timed<T>(run: () => Promise<T>): Promise<{ wall: number; cpu: number; value: T }> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const value = await run()
  const used = process.cpuUsage(cpu)
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000, value }
}

try {
  const bytes = await writeCorpus(dir, count)
  for (const lang of ['sv', 'en', 'da', 'nb']) {
    await mkdir(join(dir, 'locales', lang), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  await cp(join(root, 'glossary'), join(dir, 'glossary'), { recursive: true })
  const config = await readFile(join(root, 'tolk.config.yaml'), 'utf8')
  await writeFile(join(dir, 'tolk.config.yaml'), config.replace(/^( {2}(en|da|nb): \{ engines: )\[[^\]]*\]/gm, '$1[catalog, identity]'))
  if ((await build({ cwd: dir })).exitCode !== 0) throw new Error('the build that fills the catalogs failed')
  await writeFile(join(dir, 'tolk.config.yaml'), config)

  const files = (await readdir(join(dir, 'articles'))).sort().map((name) => join(dir, 'articles', name))
  const processor = markdownProcessor()
  const remark = async () => {
    for (const file of files) {
      const tree = processor.parse(await readFile(file, 'utf8'))
      for (let edition = 0; edition < 3; edition++) processor.stringify(tree)
    }
  }
  const tolk = async () => {
    const result = await build({ cwd: dir })
    if (result.exitCode !== 0) throw new Error(`build exited ${result.exitCode}`)
    if (result.report.articles.some((article) => article.editions.some((edition) => edition.units.machine > 0))) throw new Error('a unit was not answered by the catalogs')
  }
  await remark()
  const floor = await timed(remark)
  await tolk()
  const subject = await timed(tolk)
  console.log(`${count} articles × 3 languages, ${(bytes / 1e6).toFixed(2)} MB, all from the catalogs`)
  console.log(`remark parse once + stringify ×3: wall ${floor.wall.toFixed(0)} ms, CPU ${floor.cpu.toFixed(0)} ms`)
  console.log(`tolk build (warm):                wall ${subject.wall.toFixed(0)} ms, CPU ${subject.cpu.toFixed(0)} ms`)
  console.log(`ratio: wall ${(subject.wall / floor.wall).toFixed(2)}×, CPU ${(subject.cpu / floor.cpu).toFixed(2)}×; per article ${(subject.cpu / count).toFixed(1)} ms CPU; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
