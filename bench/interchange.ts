/**
 * XLIFF round trip: `tolk xliff export` plus `tolk xliff import` of 1,000 generated articles,
 * against a `tolk build` (identity engine) of the same corpus, measured in one run. Before the
 * import every segment is marked reviewed, so each target is checked (codes, quotations, terms,
 * numbers) and merged: the import's whole work, not its shortcut for unchanged targets.
 * Run: npx tsx bench/interchange.ts [articles]
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { xliffExport, xliffImport } from '../src/commands/xliff.ts'
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
  await writeFile(join(dir, 'tolk.config.yaml'), 'targets:\n  en: { engines: [catalog, identity] }\n')

  let started = performance.now()
  const built = await build({ cwd: dir })
  if (built.exitCode !== 0) throw new Error(`build exited ${built.exitCode}`)
  const buildTime = performance.now() - started

  started = performance.now()
  const exported = await xliffExport({ cwd: dir, to: 'xliff' })
  const exportTime = performance.now() - started

  // A translator's pass: every segment reviewed.
  const files = (await readdir(join(dir, 'xliff', 'en'))).sort().map((name) => join(dir, 'xliff', 'en', name))
  for (const file of files) await writeFile(file, (await readFile(file, 'utf8')).replaceAll('state="translated"', 'state="reviewed"'))

  started = performance.now()
  const imported = await xliffImport({ cwd: dir, files })
  const importTime = performance.now() - started
  if (imported.exitCode !== 0) throw new Error(`import exited ${imported.exitCode}: ${imported.files.flatMap((file) => file.problems.map((problem) => problem.message)).slice(0, 3).join('; ')}`)
  const reviewed = imported.files.reduce((sum, file) => sum + file.reviewed, 0)

  console.log(`${count} articles, ${(bytes / 1e6).toFixed(2)} MB; ${exported.files.length} XLIFF files, ${reviewed} targets merged as reviewed`)
  console.log(`tolk build (identity): ${buildTime.toFixed(0)} ms`)
  console.log(`tolk xliff export:     ${exportTime.toFixed(0)} ms`)
  console.log(`tolk xliff import:     ${importTime.toFixed(0)} ms`)
  console.log(`ratio (export + import) / build: ${((exportTime + importTime) / buildTime).toFixed(2)}×`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
