/**
 * Publishing throughput: `tolk publish` of 1,000 generated articles in 4 languages (the Swedish
 * original, en, da and nb: 4,000 HTML pages, manifest and sitemap) against the `tolk build` that
 * made the 3,000 editions (`pseudo` engine, fresh catalogs), measured in one run.
 * Run: npx tsx bench/publish.ts [count]
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { publish } from '../src/commands/publish.ts'
import { writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const targets = ['en', 'da', 'nb']
const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-publish-'))
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000
try {
  const bytes = await writeCorpus(dir, count)
  for (const lang of ['sv', ...targets]) {
    await mkdir(join(dir, 'locales', lang), { recursive: true })
    await cp(join(import.meta.dirname, '..', 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  await cp(join(import.meta.dirname, '..', 'glossary'), join(dir, 'glossary'), { recursive: true })
  await writeFile(join(dir, 'tolk.config.yaml'), `targets:\n${targets.map((lang) => `  ${lang}: { engines: [pseudo] }\n`).join('')}publish:\n  baseUrl: https://nyheter.example/\n  siteName: Bench\n`)

  const timed = async <T>(run: () => Promise<T>) => {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const result = await run()
    return { result, wall: performance.now() - started, cpu: cpuMs(process.cpuUsage(cpu)) }
  }
  const built = await timed(() => build({ cwd: dir }))
  if (built.result.exitCode !== 0) throw new Error(`build exited ${built.result.exitCode}`)
  await rm(join(dir, 'dist', 'site'), { recursive: true, force: true })
  const published = await timed(() => publish({ cwd: dir }))
  if (published.result.exitCode !== 0) throw new Error(`publish exited ${published.result.exitCode}`)

  console.log(`${count} articles, ${(bytes / 1e6).toFixed(2)} MB, ${targets.length + 1} languages, ${published.result.pages.length} pages`)
  console.log(`tolk build (pseudo, ${targets.join('/')}): ${built.wall.toFixed(0)} ms (CPU ${built.cpu.toFixed(0)} ms)`)
  console.log(`tolk publish (html):        ${published.wall.toFixed(0)} ms (CPU ${published.cpu.toFixed(0)} ms)`)
  console.log(`ratio: ${(published.wall / built.wall).toFixed(2)}× wall, ${(published.cpu / built.cpu).toFixed(2)}× CPU`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
