import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build, type BuildProgress } from '../../src/commands/build.ts'
import { main } from '../../src/cli/main.ts'
import { throttledProgress } from '../../src/commands/progress.ts'
import type { Io } from '../../src/cli/registry.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'

const seed = await readFile(join(repoRoot, 'articles', 'spotify-ice-annonser.sv.md'), 'utf8')
const seedEnCatalog = await readFile(join(repoRoot, 'locales', 'en', 'articles', 'spotify-ice-annonser.json'), 'utf8')
const seedEnLock = await readFile(join(repoRoot, 'locales', 'en', 'articles', 'spotify-ice-annonser.lock.json'), 'utf8')
const quote = '”Det finns för närvarande inga ICE-annonser på Spotify. De annonser som tidigare förekom var en del av en amerikansk statlig rekryteringskampanj som nu har avslutats,”'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function project(files: Record<string, string | Uint8Array>) {
  const made = await makeProject(files)
  cleanups.push(made.cleanup)
  return made
}

async function run(argv: string[], cwd: string) {
  let stdout = ''
  let stderr = ''
  const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, isTTY: false }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

const seedProject = (config = 'targets:\n  en: { engines: [catalog] }\n  da: { engines: [catalog, apertium] }\n  nb: { engines: [catalog, apertium] }\n') =>
  project({
    'tolk.config.yaml': config,
    'articles/spotify-ice-annonser.sv.md': seed,
    'locales/en/articles/spotify-ice-annonser.json': seedEnCatalog,
    'locales/en/articles/spotify-ice-annonser.lock.json': seedEnLock,
  })

describe('building the seed article', () => {
  it('writes en from the reviewed catalog and da and nb through Apertium, with at most 2 apertium processes', async () => {
    const { dir, read } = await seedProject()
    const spawned: string[] = []
    const result = await build({ cwd: dir, services: { apertium: { onSpawn: (mode) => spawned.push(mode) } } })
    expect(result.exitCode).toBe(0)
    expect(spawned.sort()).toEqual(['swe-dan', 'swe-nob'])

    const en = await read('dist/editions/en/spotify-ice-annonser.md')
    expect(en).toContain('lang: en\n')
    expect(en).toContain('source: articles/spotify-ice-annonser.sv.md\n')
    expect(en).toMatch(/source_sha256: [0-9a-f]{64}\n/)
    expect(en).toContain('A spokesperson for the Stockholm-based streaming company Spotify said')
    for (const lang of ['en', 'da', 'nb']) {
      const edition = await read(`dist/editions/${lang}/spotify-ice-annonser.md`)
      expect(edition, lang).toContain(quote)
      expect(edition, lang).not.toMatch(/(^|\s)[*#@]\p{L}/mu)
    }
    const da = await read('dist/editions/da/spotify-ice-annonser.md')
    expect(da).toContain('engines:\n  - apertium\n')
    expect(da).toContain('## Hvad var det for kampagne')

    const report = JSON.parse(await read('dist/editions/report.json'))
    const daReport = report.articles[0].editions.find((edition: { lang: string }) => edition.lang === 'da')
    expect(daReport.units).toEqual({ total: 23, catalog: 0, machine: 23, untranslated: 0 })
    expect(daReport.unknownWords).toContain('ansvarar')
    expect(daReport.unknownWords).not.toContain('Spotify')
    expect(report.characters.apertium).toBeGreaterThan(2000)
  })

  it('sends nothing to an engine on a second build and writes byte-identical editions', async () => {
    const { dir, read } = await seedProject()
    await build({ cwd: dir })
    const first = await read('dist/editions/da/spotify-ice-annonser.md')
    const spawned: string[] = []
    const second = await build({ cwd: dir, services: { apertium: { onSpawn: (mode) => spawned.push(mode) } } })
    expect(second.exitCode).toBe(0)
    expect(spawned).toEqual([])
    expect(await read('dist/editions/da/spotify-ice-annonser.md')).toBe(first)
    const lock = JSON.parse(await read('locales/da/articles/spotify-ice-annonser.lock.json'))
    expect(Object.values(lock).every((entry) => (entry as { engine: string; status: string }).engine === 'apertium' && (entry as { status: string }).status === 'machine')).toBe(true)
  })

  it('gives the same bytes for editions, catalogs and report from two builds in two folders', async () => {
    const a = await seedProject()
    const b = await seedProject()
    await build({ cwd: a.dir })
    await build({ cwd: b.dir })
    for (const path of ['dist/editions/en/spotify-ice-annonser.md', 'dist/editions/nb/spotify-ice-annonser.md', 'dist/editions/report.json', 'locales/nb/articles/spotify-ice-annonser.json', 'locales/sv/articles/spotify-ice-annonser.json']) {
      expect(await a.read(path), path).toBe(await b.read(path))
    }
  })

  it('never overwrites a reviewed translation with a machine one', async () => {
    const { dir, read } = await seedProject()
    await build({ cwd: dir, locales: ['da'] })
    const catalog = JSON.parse(await read('locales/da/articles/spotify-ice-annonser.json'))
    const lock = JSON.parse(await read('locales/da/articles/spotify-ice-annonser.lock.json'))
    const key = 'dd10f676bd64d8e2' // "ICE-annonserna är nu borta från Spotify."
    catalog[key] = 'ICE-annoncerne er nu væk fra Spotify.'
    lock[key] = { ...lock[key], engine: 'human', status: 'reviewed' }
    // A new sentence forces the engine to run again for this article.
    await writeFile(join(dir, 'articles/spotify-ice-annonser.sv.md'), `${seed}\nEn ny mening om annonserna.\n`)
    await writeFile(join(dir, 'locales/da/articles/spotify-ice-annonser.json'), JSON.stringify(catalog))
    await writeFile(join(dir, 'locales/da/articles/spotify-ice-annonser.lock.json'), JSON.stringify(lock))
    const result = await build({ cwd: dir, locales: ['da'] })
    expect(result.exitCode).toBe(0)
    const after = JSON.parse(await read('locales/da/articles/spotify-ice-annonser.json'))
    expect(after[key]).toBe('ICE-annoncerne er nu væk fra Spotify.')
    expect(JSON.parse(await read('locales/da/articles/spotify-ice-annonser.lock.json'))[key].status).toBe('reviewed')
    expect(await read('dist/editions/da/spotify-ice-annonser.md')).toContain('ICE-annoncerne er nu væk fra Spotify.')
    expect(result.report.articles[0]!.editions[0]!.units).toMatchObject({ machine: 1 })
  })

  it('leaves no temporary files behind', async () => {
    const { dir } = await seedProject()
    await build({ cwd: dir })
    const listing = async (folder: string): Promise<string[]> => (await readdir(folder, { recursive: true })).map(String)
    expect((await listing(join(dir, 'dist'))).filter((name) => name.includes('.tolk-tmp-'))).toEqual([])
    expect((await listing(join(dir, 'locales'))).filter((name) => name.includes('.tolk-tmp-'))).toEqual([])
  })
})

describe('a unit no engine can translate', () => {
  it('exits 1, does not write that edition, and says once that the language has no engine instead of listing its units', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, deepl] }\n  da: { engines: [identity] }\n', 'articles/a.sv.md': '# Rubrik\n\nEn mening.\n' })
    const { code, stderr } = await run(['build'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain('en: deepl skipped: no key: environment variable DEEPL_AUTH_KEY is not set')
    expect(stderr).toContain('not written: dist/editions/en/a.md: 2 segments without translation (no engine for en, see above)')
    expect(stderr).toContain('en: no engine can translate into en here (deepl: no key: environment variable DEEPL_AUTH_KEY is not set). Three ways to get one')
    expect(stderr).not.toContain('articles/a.sv.md:3:1: En mening.')
    expect(stderr).toMatch(/\n1 of 2 editions written; units: 0 reviewed, 2 machine; report: dist\/editions\/report\.json\n$/)
    await expect(readFile(join(dir, 'dist/editions/en/a.md'))).rejects.toThrow(/ENOENT/)
    expect(await readFile(join(dir, 'dist/editions/da/a.md'), 'utf8')).toContain('# Rubrik')
  })
})

describe('courtesy translations of kept quotations', () => {
  it('say in the footnote whether a person has reviewed them', async () => {
    const { dir, read } = await project({
      'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\nquotes: { courtesy: true }\n',
      'articles/a.sv.md': '”Vi har inget att dölja här”, säger hon.\n',
    })
    expect((await run(['build'], dir)).code).toBe(0)
    expect(await read('dist/editions/en/a.md')).toContain('Unofficial machine translation, not reviewed: ⟦')
    const file = join(dir, 'locales/en/quotes/a.json')
    const entries = JSON.parse(await readFile(file, 'utf8')) as Record<string, { translation: string; status: string }>
    for (const entry of Object.values(entries)) Object.assign(entry, { translation: 'We have nothing to hide here', status: 'reviewed' })
    await writeFile(file, JSON.stringify(entries))
    expect((await run(['build'], dir)).code).toBe(0)
    expect(await read('dist/editions/en/a.md')).toContain('Translation, reviewed by the newsroom: We have nothing to hide here')
  })
})

describe('warnings', () => {
  it('are printed with file, line and column, and the build goes on', async () => {
    const { dir, read } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/a.sv.md': 'Rubrik\n\n”Ett citat som aldrig stängs och fortsätter.\n' })
    const { code, stderr } = await run(['build'], dir)
    expect(code).toBe(0)
    expect(stderr).toContain('articles/a.sv.md:3:1: warning: Unbalanced quotation mark `”`, expected a closing mark before the end of the paragraph; the text is handled as ordinary text (quote-unbalanced)\n')
    expect(await read('dist/editions/en/a.md')).toContain('”Ett citat som aldrig stängs och fortsätter.')
  })
})

describe('units made only of glossary terms', () => {
  it('are answered by the glossary without any engine, so such an edition builds offline', async () => {
    const glossary = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8')
    const { dir, read } = await project({
      'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, deepl] }\n',
      'glossary/terms.yaml': glossary,
      'articles/a.sv.md': '# ICE\n\n| Spotify | DHS:s |\n| --- | --- |\n| YouTube | 1.10.0 |\n',
    })
    const result = await build({ cwd: dir, services: { env: {} } })
    expect(result.exitCode).toBe(0)
    expect(await read('dist/editions/en/a.md')).toContain("# ICE\n\n| Spotify | DHS's  |\n| ------- | ------ |\n| YouTube | 1.10.0 |\n")
    expect(result.report.articles[0]!.editions[0]!.engines).toEqual(['glossary'])
    expect(result.report.characters).toEqual({})
    const lock = JSON.parse(await read('locales/en/articles/a.lock.json')) as Record<string, { engine: string; status: string }>
    expect(Object.values(lock).map((entry) => `${entry.engine} ${entry.status}`)).toEqual(Array(5).fill('glossary machine'))
  })
})

describe('bad input', () => {
  const good = '# Rubrik\n\nBra text.\n'
  it.each([
    ['front matter that is not a mapping', { 'articles/bad.sv.md': '---\n- en\n- lista\n---\n\nText.\n' }, 'articles/bad.sv.md:2:1: Invalid front matter: expected a YAML mapping'],
    ['front matter with a YAML error', { 'articles/bad.sv.md': '---\ntitle: "öppen\n---\n\nText.\n' }, 'articles/bad.sv.md:2:'],
    ['invalid UTF-8', { 'articles/bad.sv.md': Buffer.concat([Buffer.from('# Rubrik\n\nTrasig '), Buffer.from([0xc3, 0x28]), Buffer.from(' text.\n')]) }, 'articles/bad.sv.md:3:8: Invalid UTF-8'],
  ])('reports %s with file, line and column, exits 2 and still builds the other articles', async (_name, files, message) => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/good.sv.md': good, ...files })
    const { code, stderr } = await run(['build'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
    expect(await readFile(join(dir, 'dist/editions/en/good.md'), 'utf8')).toContain('# Rubrik')
    await expect(readFile(join(dir, 'dist/editions/en/bad.md'))).rejects.toThrow(/ENOENT/)
  })

  it('reports a missing article file and exits 2', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/good.sv.md': good })
    const { code, stderr } = await run(['build', 'articles/missing.sv.md', 'articles/good.sv.md'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('articles/missing.sv.md: Cannot read article: no such file')
    expect(await readFile(join(dir, 'dist/editions/en/good.md'), 'utf8')).toContain('Bra text.')
  })

  it.each([
    ['an unknown engine', 'targets:\n  en: { engines: [catalog, babelfish] }\n', 'tolk.config.yaml:2:28: Unknown engine, expected one of `catalog`, `identity`, `pseudo`, `apertium`, `deepl`, `openai` at `targets.en.engines.1`'],
    ['a key of the wrong type', 'out: 42\n', 'tolk.config.yaml:1:6: Invalid input: expected string, received number at `out`'],
    ['an unknown key', 'targets:\n  en: { engines: [identity] }\nengins: {}\n', 'tolk.config.yaml:3:1: Unknown config key `engins`'],
    ['a bad target language code', 'targets:\n  English: { engines: [identity] }\n', 'tolk.config.yaml:2:3: Expected a language code such as `en`, `da` or `nb`, got `English` at `targets.English`'],
    ['a YAML syntax error', 'targets: [\n', 'tolk.config.yaml:2:1: Invalid YAML'],
  ])('refuses a config with %s, with file, line and column, writing nothing', async (_name, config, message) => {
    const { dir } = await project({ 'tolk.config.yaml': config, 'articles/good.sv.md': good })
    const { code, stderr } = await run(['build'], dir)
    expect(stderr).toContain(message)
    expect(code).toBe(2)
    await expect(readdir(join(dir, 'dist'))).rejects.toThrow(/ENOENT/)
  })

  it('reports every config problem at once', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'out: 42\nengins: {}\ntargets:\n  en: { engines: [babelfish] }\n', 'articles/good.sv.md': good })
    const { code, stderr } = await run(['build'], dir)
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(3)
  })

  it('refuses an unknown target in --locales as a usage error', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/good.sv.md': good })
    const { code, stderr } = await run(['build', '--locales', 'en,xx'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('Unknown locale `xx`, expected one of the config\'s targets: en')
  })

  it('refuses an unknown flag and prints the usage', async () => {
    const { code, stderr } = await run(['build', '--fast'], repoRoot)
    expect(code).toBe(2)
    expect(stderr).toContain("Unknown option '--fast'")
    expect(stderr).toContain('Usage: tolk build')
  })
})

describe('a target language without its own strings', () => {
  it('is built with the English notice and flags, and the build warns about the missing file', async () => {
    const { dir, read } = await project({ 'tolk.config.yaml': 'targets:\n  nn: { engines: [identity] }\n', 'articles/a.sv.md': '”Vi har inget att dölja här”, säger hon.\n' })
    const { code, stderr } = await run(['build'], dir)
    expect(code).toBe(0)
    expect(stderr).toContain("locales/nn/tolk.json: No such file, expected tolk's own strings in `nn`; the nn editions use the English ones")
    expect(await read('dist/editions/nn/a.md')).toContain('This quotation is kept in the original Swedish')
    expect(JSON.parse(await read('dist/editions/report.json')).problems).toEqual([
      { file: 'locales/nn/tolk.json', message: "No such file, expected tolk's own strings in `nn`; the nn editions use the English ones", ruleId: 'locale', severity: 'warning' },
    ])
  })
})

describe('progress', () => {
  it('passes a step\'s first and last counts on always and the ones between at most every 100 ms, each step on its own clock', () => {
    let clock = 0
    const seen: Array<[string, number]> = []
    const report = throttledProgress<{ step: string; done: number; total: number }>((event) => void seen.push([event.step, event.done]), (event) => event.step, 100, () => clock)
    for (const [at, step, done] of [[0, 'a', 0], [10, 'a', 1], [99, 'a', 2], [100, 'a', 3], [150, 'b', 5], [180, 'a', 4], [200, 'a', 5], [201, 'a', 10], [202, 'b', 10]] as const) {
      clock = at
      report({ step, done, total: 10 })
    }
    expect(seen).toEqual([['a', 0], ['a', 3], ['b', 5], ['a', 5], ['a', 10], ['b', 10]])
  })

  it('tells the articles read, each engine\'s units and each language\'s editions written, ending at their totals, whether the articles are held or parsed again', async () => {
    const { dir } = await project({
      'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n  nb: { engines: [pseudo] }\n',
      'articles/a.sv.md': 'Hej *du*.\n',
      'articles/b.sv.md': 'Två meningar här. Och en till.\n',
      'articles/c.sv.md': '# Rubrik\n\nText.\n',
    })
    for (const holdBytes of [undefined, 0]) {
      const events: BuildProgress[] = []
      const result = await build({ cwd: dir, holdBytes, languageConcurrency: 1, onProgress: (event) => void events.push(event) })
      expect(result.exitCode).toBe(0)
      const read = events.filter((event) => event.step === 'read')
      expect(read.at(0)).toEqual({ step: 'read', done: 0, total: 3 })
      expect(read.at(-1)).toEqual({ step: 'read', done: 3, total: 3 })
      for (const lang of ['en', 'nb']) {
        const written = events.filter((event) => event.step === 'write' && event.lang === lang)
        expect(written.at(0)).toEqual({ step: 'write', lang, done: 0, total: 3 })
        expect(written.at(-1)).toEqual({ step: 'write', lang, done: 3, total: 3 })
        expect(events.filter((event) => event.step === 'translate' && event.lang === lang).at(-1)).toMatchObject({ engine: 'pseudo', done: 5, total: 5 })
      }
      // Reading comes first; each count only grows.
      expect(events[0]!.step).toBe('read')
      for (const step of [read, ...['en', 'nb'].map((lang) => events.filter((event) => event.step === 'write' && event.lang === lang))]) {
        expect(step.map((event) => event.done)).toEqual([...step.map((event) => event.done)].sort((a, b) => a - b))
      }
    }
  })
})

describe('the CLI', () => {
  it('prints help for the program and for build, exit 0', async () => {
    const top = await run(['--help'], repoRoot)
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('Commands:\n  build')
    const sub = await run(['build', '--help'], repoRoot)
    expect(sub.code).toBe(0)
    expect(sub.stdout).toContain('Exit codes: 0 every edition written; 1 some segments had no translation')
  })

  it('puts translated alt texts and link titles into the edition, destinations untouched', async () => {
    const { dir, read } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n', 'articles/a.sv.md': 'Se [sidan](https://example.se/sida "Mer om saken") och ![En stuga](stuga.jpg "Stugan").\n' })
    expect((await run(['build'], dir)).code).toBe(0)
    const edition = await read('dist/editions/en/a.md')
    expect(edition).toContain('(https://example.se/sida "⟦Ṁéŕ ôɱ šáķéñ ····⟧")')
    expect(edition).toContain('![⟦Éñ šţûĝá ···⟧](stuga.jpg "⟦Šţûĝáñ ··⟧")')
  })

  it('prints the report as JSON on stdout with --json', async () => {
    const { dir } = await project({ 'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n', 'articles/a.sv.md': 'Hej *du*.\n' })
    const { code, stdout, stderr } = await run(['build', '--json'], dir)
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const report = JSON.parse(stdout)
    expect(report.articles[0].editions[0]).toMatchObject({ lang: 'en', path: 'dist/editions/en/a.md', written: true })
    // The same bytes as the report file, whose keys are sorted: a big build's report (read back from that file) prints the same way.
    expect(stdout).toBe(await readFile(join(dir, 'dist/editions/report.json'), 'utf8'))
    // A dry run writes no report; it prints the one it made, keys in the same order.
    const dry = await run(['build', '--json', '--dry-run'], dir)
    expect(dry.stderr).toBe('')
    expect(Object.keys(JSON.parse(dry.stdout))).toEqual([...Object.keys(JSON.parse(dry.stdout))].sort())
    expect(JSON.parse(dry.stdout).plan.en).toBeDefined()
  })
})
