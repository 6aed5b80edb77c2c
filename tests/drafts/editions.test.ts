import { cp, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build, type BuildResult } from '../../src/commands/build.ts'
import { check, type CheckResult } from '../../src/commands/check.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { deeplServer, type TestServer } from '../engines/servers.ts'

/**
 * Machine drafts an editor can trust: two new Swedish news articles (a municipal budget vote, a
 * storm on the west coast: people, places, companies, parties, decimals, thousands, dates, clock
 * times, tables, lists) built through the real Apertium for da, nb and nn and a DeepL-protocol
 * server on 127.0.0.1 for en.
 */

const fixtures = join(repoRoot, 'tests', 'fixtures', 'drafts')
const deeplKey = 'drafts-deepl-key-5b2e:fx'
let server: TestServer
let project: Awaited<ReturnType<typeof makeProject>>
let result: BuildResult
const edition = (lang: string, slug: string) => project.read(`dist/editions/${lang}/${slug}.md`)
const body = (markdown: string) => markdown.slice(markdown.indexOf('\n---\n') + 5)

async function draftProject() {
  const files: Record<string, string> = {
    'tolk.config.yaml': `targets:\n  en: { engines: [catalog, deepl] }\n  da: { engines: [catalog, apertium] }\n  nb: { engines: [catalog, apertium] }\n  nn: { engines: [catalog, apertium] }\nengines:\n  deepl: { serverUrl: "${server.url}", retryDelay: 10 }\n`,
    'glossary/terms.yaml': await readFile(join(fixtures, 'glossary.yaml'), 'utf8'),
    // Nynorsk strings for the editions (the repository builds no nn edition of its own).
    'locales/nn/tolk.json': (await readFile(join(repoRoot, 'locales', 'nb', 'tolk.json'), 'utf8')).replace('Oversatt fra svensk. Sitater gjengis på originalspråket.', 'Omsett frå svensk. Sitat blir gjevne att på originalspråket.'),
  }
  for (const name of await readdir(join(fixtures, 'articles'))) files[`articles/${name}`] = await readFile(join(fixtures, 'articles', name), 'utf8')
  return makeProject(files)
}

beforeAll(async () => {
  server = await deeplServer({ key: deeplKey })
  project = await draftProject()
  process.env.DEEPL_AUTH_KEY = deeplKey
  result = await build({ cwd: project.dir })
}, 240_000)

afterAll(async () => {
  delete process.env.DEEPL_AUTH_KEY
  await server?.close()
  await project?.cleanup()
})

describe('machine drafts of new articles through Apertium (da, nb, nn) and a DeepL server (en)', () => {
  test('every edition is written', () => {
    expect(result.exitCode).toBe(0)
    expect(result.editions.map((entry) => `${entry.lang}/${entry.slug}`)).toEqual(['da/budget-boras', 'da/storm-vastkusten', 'en/budget-boras', 'en/storm-vastkusten', 'nb/budget-boras', 'nb/storm-vastkusten', 'nn/budget-boras', 'nn/storm-vastkusten'])
  })

  test.each(['da', 'nb', 'nn', 'en'])('no name is changed in %s', async (lang) => {
    const storm = body(await edition(lang, 'storm-vastkusten'))
    const budget = body(await edition(lang, 'budget-boras'))
    for (const name of ['Karin Ek', 'Vattenfall', 'Ellevio', 'Varberg', 'Västra Götaland', 'Halland', 'SMHI', 'Falkenberg', 'Väderöarna', 'Hilde']) expect(storm, name).toContain(name)
    for (const name of ['Lars Berg', 'Anna Lindqvist (S)', 'Borås', 'Per Holm']) expect(budget, name).toContain(name)
    expect(storm).toContain(lang === 'en' ? "Ellevio's" : 'Ellevios')
    // A glossary entry overrides a name: the English exonym.
    expect(storm).toContain(lang === 'en' ? "Gothenburg's" : 'Göteborgs')
    for (const wrong of ['Karin Eg', 'Lars Bjerg', 'Vandfald', 'Varebjerg', 'Halvand', 'Vestlige Götaland']) expect(storm + budget).not.toContain(wrong)
  })

  test.each([
    ['en', ['45,000', '3.5 ', '7.2 ', '21.86', '38.4', '4,215.5', '1,850.2', '28,500', '19 November 2026', '1 January 2027', '14:30', '18:00', '38 ', 'mot 37', '2026']],
    ['da', ['45.000', '3,5 ', '7,2 ', '21,86', '38,4', '4.215,5', '1.850,2', '28.500', '19. november 2026', '1. januar 2027', 'kl. 14.30', 'kl. 18.00', '38 stemmer', 'mod 37', '2026']],
    ['nb', ['45\u00a0000', '3,5 ', '7,2 ', '21,86', '38,4', '4\u00a0215,5', '1\u00a0850,2', '28\u00a0500', '19. november 2026', '1. januar 2027', 'kl. 14.30', 'kl. 18.00', '38 røster', 'mot 37', '2026']],
    ['nn', ['45\u00a0000', '3,5 ', '7,2 ', '21,86', '38,4', '4\u00a0215,5', '1\u00a0850,2', '28\u00a0500', '19. november 2026', '1. januar 2027', 'kl. 14.30', 'kl. 18.00', 'mot 37', '2026']],
  ])('every number is intact and in %s format', async (lang, numbers) => {
    const text = body(await edition(lang, 'storm-vastkusten')) + body(await edition(lang, 'budget-boras'))
    for (const number of numbers) expect(text, number).toContain(number)
    expect(text).not.toMatch(/\b38\. |\b120\. |120\\\./)
    // Swedish formats are gone where the language writes numbers otherwise.
    if (lang === 'en') expect(text).not.toMatch(/\b3,5\b|45 000|21,86/)
  })

  test.each(['da', 'nb', 'nn', 'en'])('there are no engine marks in %s', async (lang) => {
    for (const slug of ['storm-vastkusten', 'budget-boras']) expect(body(await edition(lang, slug))).not.toMatch(/[*#@]\p{L}|\p{L}[#@]\p{L}/u)
  })

  test.each(['da', 'nb', 'nn', 'en'])('no full stop is added to a table cell, heading or list item in %s', async (lang) => {
    for (const slug of ['storm-vastkusten', 'budget-boras']) {
      const lines = body(await edition(lang, slug)).split('\n')
      for (const line of lines.filter((line) => line.startsWith('#'))) expect(line).not.toMatch(/\.$/)
      for (const line of lines.filter((line) => line.startsWith('|'))) for (const cell of line.split('|').slice(1, -1)) expect(cell.trim(), line).not.toMatch(/\.$/)
    }
    const storm = body(await edition(lang, 'storm-vastkusten'))
    const item = storm.split('\n').find((line) => line.startsWith('- ') && line.includes('Väderöarna'))
    expect(item).toBeDefined()
    expect(item).not.toMatch(/\.$/)
  })

  test.each([
    ['da', 'et nyt stormvarsel'],
    ['nb', 'et nytt stormvarsel'],
    ['nn', 'eit nytt stormvarsel'],
  ])('the article and the adjective agree with the neuter term in %s', async (lang, phrase) => {
    expect(body(await edition(lang, 'storm-vastkusten'))).toContain(phrase)
  })

  test.each([
    ['da', 'Kommunalbestyrelsen i Borås'],
    ['nb', 'Kommunestyret i Borås'],
    ['en', 'The municipal council'],
  ])('a bare Swedish form declared definite gets the definite form in %s', async (lang, phrase) => {
    expect(body(await edition(lang, 'budget-boras'))).toContain(phrase)
  })

  test('closed compounds of a term are reported as compound term hits, and one the edition does not build with the approved term is a warning with its place', () => {
    const budget = result.report.articles.find((article) => article.slug === 'budget-boras')!
    const da = budget.editions.find((entry) => entry.lang === 'da')!
    expect(da.terms).toContainEqual(expect.objectContaining({ entry: 'statsminister', source: 'statsministerkandidater', target: 'statsminister', compound: 'first' }))
    const hit = da.terms.find((term) => term.source === 'kommunfullmäktigeledamöter')!
    expect(hit).toMatchObject({ entry: 'kommunfullmaktige', compound: 'first' })
    expect(budget.problems).toContainEqual({ file: 'articles/budget-boras.sv.md', line: hit.line, column: hit.column, ruleId: 'term-compound', severity: 'warning', message: expect.stringContaining('`kommunfullmäktigeledamöter`') })
  })

  test('the unknown-word list has no fragments of abbreviations, initials or party letters, and counts each word once with its first place', () => {
    const lists = Object.values(result.report.unknownWords ?? {})
    expect(lists.length).toBeGreaterThan(0)
    for (const list of lists) {
      for (const entry of list) {
        expect(entry.word).not.toMatch(/^(?:a|bl|kl|S|m|ex|t)$/)
        expect([...entry.word].length).toBeGreaterThan(1)
        expect(entry.file).toMatch(/^articles\/.*\.sv\.md$/)
        expect(entry.line).toBeGreaterThan(0)
      }
      expect(new Set(list.map((entry) => entry.word)).size).toBe(list.length)
    }
  })

  test('the unknown-word list names a whole short word the engine left, `vd`, with the place it first stands', async () => {
    const source = (await project.read('articles/budget-boras.sv.md')).split('\n')
    for (const lang of ['da', 'nb']) {
      const entry = result.report.unknownWords?.[lang]?.find((word) => word.word === 'vd')
      expect(entry, lang).toMatchObject({ file: 'articles/budget-boras.sv.md' })
      expect(source[entry!.line - 1]!.slice(entry!.column - 1)).toMatch(/^vd /)
    }
  })

  test('tolk check on this fresh build finds nothing in da, nb and nn, and in en exactly the Swedish the test server passed off as English', async () => {
    const checked = await check({ cwd: project.dir })
    const nordic = checked.findings.filter((finding) => !finding.file.startsWith('dist/editions/en/') && finding.severity === 'error')
    expect(nordic).toEqual([])
    // The test server's "translation" is the Swedish text behind `[EN]`: a true finding for each Swedish word of it, none of them a name or a number.
    // It writes `[EN-GB] ` after every tag too, so `<x id="3"/>.` reads `37[EN-GB] .`: a true finding of that blank.
    const english = checked.findings.filter((finding) => finding.file.startsWith('dist/editions/en/'))
    expect(english.length).toBeGreaterThan(0)
    expect(new Set(english.map((finding) => finding.rule))).toEqual(new Set(['swedish-word', 'spacing']))
    for (const finding of english.filter((finding) => finding.rule === 'spacing')) expect(finding.message).toMatch(/\[EN-GB\] [.,:;?!]/)
    const words = english.filter((finding) => finding.rule === 'swedish-word')
    expect(words.map((finding) => /`([^`]+)`/.exec(finding.message)![1])).toContain('röstade')
    const sources = body(await project.read('articles/budget-boras.sv.md')) + body(await project.read('articles/storm-vastkusten.sv.md'))
    for (const finding of words) expect(sources, finding.message).toContain(/`([^`]+)`/.exec(finding.message)![1]!)
  }, 120_000)
})

describe('check sees an engine\'s defects in the catalog', () => {
  let planted: CheckResult
  let dir: string

  beforeAll(async () => {
    // The built project, with defects planted in the Danish catalog as an engine would write them, then built again from it.
    const copy = await makeProject({})
    dir = copy.dir
    await cp(project.dir, dir, { recursive: true })
    const file = join(dir, 'locales', 'da', 'articles', 'storm-vastkusten.json')
    const catalog = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>
    const plant = (find: string, replace: string): string => {
      const key = Object.keys(catalog).find((candidate) => catalog[candidate]!.includes(find))
      expect(key, find).toBeDefined()
      catalog[key!] = catalog[key!]!.replace(find, replace)
      return key!
    }
    plant('Karin Ek', 'Karin Eg')
    plant('husholdninger', 'hus#holdninger')
    plant('38,4', '39,4')
    plant('i Falkenberg.', 'i Falkenberg 2.')
    plant('regner med', 'räknar med')
    plant(' og ', ' och ')
    // No findings: a word of English (`policy`), and a Swedish word the engine said it did not know (the build lists it as unknown).
    plant('Varberg', 'Varberg policy')
    const admitted = plant('Falkenberg 2.', 'Falkenberg 2 uppströms.')
    await writeFile(file, JSON.stringify(catalog, null, 2))
    const lockFile = file.replace(/\.json$/, '.lock.json')
    const lock = JSON.parse(await readFile(lockFile, 'utf8')) as Record<string, { unknown?: string[] }>
    lock[admitted]!.unknown = [...(lock[admitted]!.unknown ?? []), 'uppströms']
    await writeFile(lockFile, JSON.stringify(lock, null, 2))
    const rebuilt = await build({ cwd: dir, locales: ['da'] })
    expect(rebuilt.exitCode).toBe(0)
    planted = await check({ cwd: dir, locales: ['da'] })
  }, 180_000)

  afterAll(async () => {
    const { rm } = await import('node:fs/promises')
    await rm(dir, { recursive: true, force: true })
  })

  const found = (rule: string, text: RegExp) => planted.findings.find((finding) => finding.rule === rule && text.test(finding.message))

  test('exits 1', () => {
    expect(planted.exitCode).toBe(1)
    expect(planted.findings.filter((finding) => finding.rule === 'stale')).toEqual([])
  })

  test.each([
    ['name', /Missing name `Karin Ek`/, 'Karin Eg'],
    ['engine-mark', /`hus#holdninger`/, 'hus#holdninger'],
    ['number', /Unexpected number `39,4`, expected `38,4`/, '39,4'],
    ['number', /Unexpected number `2`/, 'Falkenberg 2'],
    ['swedish-word', /Swedish word `räknar`/, 'räknar med'],
    ['swedish-word', /Swedish word `och`/, ' och '],
  ])('reports %s %s with the edition\'s file and the line it stands on', async (rule, text, planted) => {
    const finding = found(rule, text)
    expect(finding, `${rule} ${text}`).toBeDefined()
    expect(finding).toMatchObject({ file: 'dist/editions/da/storm-vastkusten.md', severity: 'error' })
    const lines = (await readFile(join(dir, finding!.file), 'utf8')).split('\n')
    expect(lines[finding!.line - 1]).toContain(planted)
  })

  test('does not call a word of English, or a Swedish word the engine said it did not know, a Swedish word left', () => {
    const words = planted.findings.filter((finding) => finding.rule === 'swedish-word').map((finding) => /`([^`]+)`/.exec(finding.message)![1])
    expect(words).not.toContain('policy')
    expect(words).not.toContain('uppströms')
  })

  test('reports a full stop an engine added after a number', async () => {
    const file = join(dir, 'locales', 'da', 'articles', 'budget-boras.json')
    const catalog = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>
    const key = Object.keys(catalog).find((candidate) => catalog[candidate]!.includes('38 stemmer'))!
    catalog[key] = catalog[key]!.replace('38 stemmer', '38. stemmer')
    await writeFile(file, JSON.stringify(catalog, null, 2))
    expect((await build({ cwd: dir, locales: ['da'] })).exitCode).toBe(0)
    const checked = await check({ cwd: dir, locales: ['da'] })
    const finding = checked.findings.find((entry) => entry.rule === 'number' && /full stop after `38`/.test(entry.message))
    expect(finding).toMatchObject({ file: 'dist/editions/da/budget-boras.md', severity: 'error' })
    const line = (await readFile(join(dir, finding!.file), 'utf8')).split('\n')[finding!.line - 1]!
    expect(line).toContain('38. stemmer')
  }, 120_000)
})
