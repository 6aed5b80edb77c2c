/**
 * Build throughput: `tolk build` with the `identity` engine on 1,000 generated articles, against
 * remark's own parse + stringify of the same files, measured in one run.
 * Run: npx tsx bench/build.ts
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { markdownProcessor } from '../src/document/parse.ts'
import { writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-'))
try {
  const bytes = await writeCorpus(dir, count)
  for (const lang of ['sv', 'en']) {
    await mkdir(join(dir, 'locales', lang), { recursive: true })
    await cp(join(import.meta.dirname, '..', 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  await cp(join(import.meta.dirname, '..', 'glossary'), join(dir, 'glossary'), { recursive: true })
  const { writeFile } = await import('node:fs/promises')
  await writeFile(join(dir, 'tolk.config.yaml'), 'targets:\n  en: { engines: [identity] }\n')

  const files = (await readdir(join(dir, 'articles'))).sort().map((name) => join(dir, 'articles', name))
  const remark = async () => {
    const processor = markdownProcessor()
    const started = performance.now()
    for (const file of files) processor.stringify(processor.parse(await readFile(file, 'utf8')))
    return performance.now() - started
  }
  const tolk = async () => {
    await rm(join(dir, 'dist'), { recursive: true, force: true })
    await rm(join(dir, 'locales', 'en', 'articles'), { recursive: true, force: true })
    const started = performance.now()
    const result = await build({ cwd: dir })
    if (result.exitCode !== 0) throw new Error(`build exited ${result.exitCode}`)
    return performance.now() - started
  }
  await remark() // warm up the parser's code paths
  const remarkTime = await remark()
  const tolkTime = await tolk()
  console.log(`${count} articles, ${(bytes / 1e6).toFixed(2)} MB`)
  console.log(`remark parse + stringify: ${remarkTime.toFixed(0)} ms`)
  console.log(`tolk build (identity):    ${tolkTime.toFixed(0)} ms`)
  console.log(`ratio: ${(tolkTime / remarkTime).toFixed(2)}×`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
