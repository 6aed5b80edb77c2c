/**
 * Glossary scale: `tolk build` (identity engine, da/nb/en) of the same articles with the project
 * glossary and with a generated 10,000-entry glossary (the project's entries plus 10,000 more),
 * and matching time against text length with the big glossary.
 * Run: npx tsx bench/glossary.ts [ARTICLES]
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../src/commands/build.ts'
import { compileMatcher, matchTerms } from '../src/glossary/index.ts'
import { loadGlossary } from '../src/project/glossary.ts'
import { generatedGlossary, writeCorpus } from './corpus.ts'

const count = Number(process.argv[2] ?? 200)
const root = join(import.meta.dirname, '..')

async function project(extra: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-bench-glossary-'))
  await writeCorpus(dir, count)
  for (const lang of ['sv', 'en', 'da', 'nb']) {
    await mkdir(join(dir, 'locales', lang), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
  }
  await cp(join(root, 'glossary'), join(dir, 'glossary'), { recursive: true })
  if (extra) await writeFile(join(dir, 'glossary', 'generated.yaml'), extra)
  await writeFile(join(dir, 'tolk.config.yaml'), 'targets:\n  en: { engines: [identity] }\n  da: { engines: [identity] }\n  nb: { engines: [identity] }\n')
  return dir
}

async function timeBuild(dir: string): Promise<number> {
  const started = performance.now()
  const result = await build({ cwd: dir })
  if (result.exitCode !== 0) throw new Error(`build exited ${result.exitCode}`)
  return performance.now() - started
}

const small = await project(undefined)
const big = await project(generatedGlossary(10_000))
try {
  // Warm up module loading and the JIT once, outside the measurement.
  await timeBuild(await project(undefined).then(async (dir) => (await rm(join(dir, 'articles'), { recursive: true }), await mkdir(join(dir, 'articles')), dir)))
  // Two rounds, alternating, so drift on a shared machine hits both sides alike.
  const projectTime = await timeBuild(small)
  const bigTime = await timeBuild(big)
  const projectAgain = await timeBuild(small)
  const bigAgain = await timeBuild(big)
  console.log(`${count} articles, 3 languages, identity engine`)
  console.log(`build, project glossary (${(await loadGlossary(join(small, 'glossary'))).entries.length} entries): ${projectTime.toFixed(0)} ms, again ${projectAgain.toFixed(0)} ms`)
  console.log(`build, 10,000 more entries: ${bigTime.toFixed(0)} ms, again ${bigAgain.toFixed(0)} ms`)
  console.log(`ratio: ${(bigTime / projectTime).toFixed(2)}× first round, ${(bigAgain / projectAgain).toFixed(2)}× second, ${((bigTime + bigAgain) / (projectTime + projectAgain)).toFixed(2)}× both`)

  let started = performance.now()
  const glossary = await loadGlossary(join(big, 'glossary'))
  const loaded = performance.now() - started
  started = performance.now()
  const matcher = compileMatcher(glossary)
  console.log(`load ${glossary.entries.length} entries, ${loaded.toFixed(0)} ms; compile ${matcher.size} surface forms: ${(performance.now() - started).toFixed(0)} ms`)
  const sentence = 'Rekryteringskampanjen köptes av DHS och ICE:s termord1kampanjerna syntes på Spotify, inte på https://www.ice.gov. '
  for (const size of [100_000, 200_000, 400_000, 800_000]) {
    const text = sentence.repeat(Math.ceil(size / sentence.length)).slice(0, size)
    matchTerms(text, matcher)
    started = performance.now()
    const hits = matchTerms(text, matcher).length
    const elapsed = performance.now() - started
    console.log(`match ${size.toLocaleString('en')} chars: ${elapsed.toFixed(0)} ms (${((elapsed * 1e6) / size).toFixed(0)} ns/char, ${hits} hits)`)
  }
} finally {
  await rm(small, { recursive: true, force: true })
  await rm(big, { recursive: true, force: true })
}
