/**
 * Check throughput: `tolk check` over 1,000 generated articles × 3 editions (en through `pseudo`,
 * da and nb through Apertium), against remark's own parse of the same 4,000 files, in one run.
 * Run: npx tsx bench/check.ts [count]
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { check } from '../src/commands/check.ts'
import { markdownProcessor } from '../src/document/parse.ts'
import { writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 1000)
const languages = ['en', 'da', 'nb']
const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-check-'))
try {
  await writeCorpus(dir, count)
  for (const lang of ['sv', ...languages]) {
    await mkdir(join(dir, 'locales', lang), { recursive: true })
    await cp(join(import.meta.dirname, '..', 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  await cp(join(import.meta.dirname, '..', 'glossary'), join(dir, 'glossary'), { recursive: true })
  await writeFile(join(dir, 'tolk.config.yaml'), 'targets:\n  en: { engines: [pseudo] }\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\nengines:\n  apertium: { pairs: { da: swe-dan, nb: swe-nob } }\n')
  const built = await build({ cwd: dir })
  if (built.exitCode !== 0) throw new Error(`build exited ${built.exitCode}`)

  const files: string[] = []
  for (const article of built.report.articles) {
    files.push(join(dir, article.source))
    for (const edition of article.editions) files.push(join(dir, edition.path))
  }
  let bytes = 0
  let remarkCpu = 0
  let checkCpu = 0
  const remark = async () => {
    const processor = markdownProcessor()
    const cpu = process.cpuUsage()
    const started = performance.now()
    bytes = 0
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      bytes += Buffer.byteLength(text)
      processor.parse(text)
    }
    remarkCpu = cpuMs(process.cpuUsage(cpu))
    return performance.now() - started
  }
  let findings = 0
  const tolk = async () => {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const result = await check({ cwd: dir })
    findings = result.findings.length
    checkCpu = cpuMs(process.cpuUsage(cpu))
    return performance.now() - started
  }
  await remark() // warm up the parser's code paths
  const remarkTime = await remark()
  const checkTime = await tolk()
  console.log(`${count} articles × ${languages.length} editions: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB; ${findings} findings`)
  console.log(`remark parse: ${remarkTime.toFixed(0)} ms (CPU ${remarkCpu.toFixed(0)} ms)`)
  console.log(`tolk check:   ${checkTime.toFixed(0)} ms (CPU ${checkCpu.toFixed(0)} ms)`)
  console.log(`ratio: ${(checkTime / remarkTime).toFixed(2)}× wall, ${(checkCpu / remarkCpu).toFixed(2)}× CPU`)
} finally {
  await rm(dir, { recursive: true, force: true })
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000
}
