/**
 * One very large article: `tolk build` (identity) on a 0.5 MB and a 5 MB article, measured in one
 * run. Linear work gives a ratio near 10; quadratic work would give 100.
 * Run: npx tsx bench/large-article.ts
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { article } from './corpus.ts'

async function timeBuild(megabytes: number): Promise<{ ms: number; bytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-large-'))
  try {
    let text = ''
    for (let index = 0; Buffer.byteLength(text) < megabytes * 1e6; index++) text += article(index).replace(/^---[\s\S]*?---\n/, '')
    await mkdir(join(dir, 'articles'), { recursive: true })
    await writeFile(join(dir, 'articles', 'stor.sv.md'), text)
    for (const lang of ['sv', 'en']) {
      await mkdir(join(dir, 'locales', lang), { recursive: true })
      await cp(join(import.meta.dirname, '..', 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
    }
    await cp(join(import.meta.dirname, '..', 'glossary'), join(dir, 'glossary'), { recursive: true })
    await writeFile(join(dir, 'tolk.config.yaml'), 'targets:\n  en: { engines: [identity] }\n')
    const started = performance.now()
    const result = await build({ cwd: dir })
    if (result.exitCode !== 0) throw new Error(`build exited ${result.exitCode}`)
    return { ms: performance.now() - started, bytes: Buffer.byteLength(text) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await timeBuild(0.1) // warm up
const small = await timeBuild(0.5)
const large = await timeBuild(5)
console.log(`${(small.bytes / 1e6).toFixed(2)} MB: ${small.ms.toFixed(0)} ms`)
console.log(`${(large.bytes / 1e6).toFixed(2)} MB: ${large.ms.toFixed(0)} ms`)
console.log(`ratio for ${(large.bytes / small.bytes).toFixed(1)}× the text: ${(large.ms / small.ms).toFixed(1)}×`)
