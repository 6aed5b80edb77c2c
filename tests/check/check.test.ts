import { VFile } from 'vfile'
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { check, type CheckProgress } from '../../src/commands/check.ts'
import { main } from '../../src/cli/main.ts'
import { parseArticle } from '../../src/document/parse.ts'
import { segment } from '../../src/document/segment.ts'
import { formatReport } from '../../src/check/reporters/index.ts'
import { repoRoot } from '../helpers/project.ts'

/**
 * A fresh project made from the repository's article, glossary and locales (plus one paragraph
 * with a link and a number), built for real (catalog first, Apertium for what the catalogs lack),
 * then mutated one way per test: each mutation must be caught by its rule, at the right place,
 * with exit code 1, in every format.
 */

const slug = 'spotify-ice-annonser'
const article = `articles/${slug}.sv.md`
const edition = (lang: string) => `dist/editions/${lang}/${slug}.md`
const catalog = (lang: string) => `locales/${lang}/articles/${slug}.json`
const extraParagraph = 'Spotify publicerade sitt uttalande på [bolagets nyhetssida](https://newsroom.spotify.com/2026-01-09/ice) den 9 januari och uppgav att omkring 50 000 annonser hade sänts.'
const extraEnglish = 'Spotify published its statement on <g id="1">the company\'s news page</g> on 9 January and said that some 50 000 ads had been broadcast.'

let base: string
const temporary: string[] = []

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-check-'))
  temporary.push(dir)
  return dir
}

beforeAll(async () => {
  base = await tempDir()
  for (const folder of ['articles', 'glossary', 'locales']) await cp(join(repoRoot, folder), join(base, folder), { recursive: true })
  await writeFile(
    join(base, 'tolk.config.yaml'),
    'targets:\n  en: { engines: [catalog] }\n  da: { engines: [catalog, apertium] }\n  nb: { engines: [catalog, apertium] }\nengines:\n  apertium: { pairs: { da: swe-dan, nb: swe-nob } }\n',
  )
  const source = `${(await readFile(join(base, article), 'utf8')).trimEnd()}\n\n${extraParagraph}\n`
  await writeFile(join(base, article), source)
  // The English catalog is reviewed by hand; give it the new sentence as a person would.
  const parsed = parseArticle(source, article)
  const units = segment(parsed.tree, { source, frontmatter: parsed.frontmatter }).units
  const english = JSON.parse(await readFile(join(base, catalog('en')), 'utf8')) as Record<string, string>
  const added = units.filter((unit) => !(unit.key in english))
  expect(added.map((unit) => unit.text)).toEqual([extraParagraph.replace('[bolagets nyhetssida](https://newsroom.spotify.com/2026-01-09/ice)', '<g id="1">bolagets nyhetssida</g>')])
  english[added[0]!.key] = extraEnglish
  await writeFile(join(base, catalog('en')), `${JSON.stringify(english, null, 2)}\n`)
  const built = await build({ cwd: base })
  expect(built.exitCode).toBe(0)
})

afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true })
})

/** A copy of the built project, changed by `mutate`. */
async function variant(mutate: (dir: string) => Promise<void>): Promise<string> {
  const dir = await tempDir()
  await cp(base, dir, { recursive: true })
  await mutate(dir)
  return dir
}

async function edit(dir: string, path: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(join(dir, path), 'utf8')
  const after = change(before)
  expect(after, `the mutation of ${path} changed nothing`).not.toBe(before)
  await writeFile(join(dir, path), after)
}

function replaceOnce(search: string, replacement: string): (text: string) => string {
  return (text) => {
    expect(text, `expected \`${search}\` in the file`).toContain(search)
    return text.replace(search, replacement)
  }
}

async function lineOf(dir: string, path: string, needle: string): Promise<number> {
  const lines = (await readFile(join(dir, path), 'utf8')).split('\n')
  const index = lines.findIndex((line) => line.includes(needle))
  expect(index, `expected \`${needle}\` in ${path}`).toBeGreaterThanOrEqual(0)
  return index + 1
}

async function runCli(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, { cwd: dir, isTTY: false, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

interface Expected {
  rule: string
  file: string
  line: number
  message: string | RegExp
}

interface Outputs {
  code: number
  text: string
  json: string
  junit: string
  github: string
}

/** The check's output in all four formats: text through the CLI, the others from the same library call the CLI makes. */
async function outputs(dir: string): Promise<Outputs> {
  const cli = await runCli(dir, ['check'])
  const result = await check({ cwd: dir })
  expect(result.exitCode).toBe(cli.code)
  const xmlPath = join(dir, 'junit.xml')
  const junit = formatReport(result, 'junit')
  await writeFile(xmlPath, junit)
  execFileSync('xmllint', ['--noout', xmlPath])
  return { code: cli.code, text: cli.stdout, json: formatReport(result, 'json'), junit, github: formatReport(result, 'github') }
}

/** The finding is reported, as an error with exit code 1, in all four formats. */
async function expectCaught(dir: string, expected: Expected, given?: Outputs): Promise<void> {
  const out = given ?? (await outputs(dir))
  expect(out.code).toBe(1)
  const textLine = out.text.split('\n').find((line) => line.startsWith(`${expected.file}:${expected.line}:`) && line.endsWith(`  ${expected.rule}`))
  expect(textLine, out.text).toBeDefined()
  expect(textLine).toContain('  error  ')
  expect(textLine).toMatch(expected.message)
  expect(out.text.trimEnd().split('\n').pop()).toMatch(/^\d+ problems? \(\d+ errors?, \d+ warnings?; \d+ files? checked\)$/)

  const report = JSON.parse(out.json) as { version: number; findings: Array<{ file: string; line: number; column: number; rule: string; severity: string; message: string }> }
  expect(report.version).toBe(1)
  const finding = report.findings.find((entry) => entry.rule === expected.rule && entry.file === expected.file && entry.line === expected.line)
  expect(finding, out.json).toBeDefined()
  expect(finding!.severity).toBe('error')
  expect(finding!.message).toMatch(expected.message)

  const escaped = expected.file.replace(/[.]/g, '\\.')
  expect(out.junit).toMatch(new RegExp(`<testcase name="${expected.rule}" classname="${escaped}">\\s*<failure [^>]*>[^<]*${escaped}:${expected.line}:`))

  const annotation = out.github.split('\n').find((line) => line.startsWith(`::error file=${expected.file},line=${expected.line},col=${finding!.column},title=${expected.rule}::`))
  expect(annotation, out.github).toBeDefined()
  expect(annotation).toMatch(expected.message)
}

describe('tolk check on a fresh build', () => {
  it('passes a fresh build with exit code 0 in every format', async () => {
    const text = await runCli(base, ['check'])
    // Apertium's da and nb drafts are not reviewed yet: a warning with a count per catalog, nothing more.
    expect(text.stdout).toMatch(/^locales\/da\/articles\/spotify-ice-annonser\.json:1:1 {2}warning {2}24 of 24 `da` units of articles\/spotify-ice-annonser\.sv\.md are not reviewed/)
    expect(text.stdout).toMatch(/\n2 problems \(0 errors, 2 warnings; 11 files checked\)\n$/)
    expect(text.code).toBe(0)
    const json = JSON.parse((await runCli(base, ['check', '--format', 'json'])).stdout) as { findings: Array<{ rule: string; severity: string; file: string }>; summary: unknown; files: Array<{ file: string; rules: string[] }> }
    expect(json.findings.map((finding) => [finding.rule, finding.severity, finding.file])).toEqual([
      ['reviewed', 'warning', 'locales/da/articles/spotify-ice-annonser.json'],
      ['reviewed', 'warning', 'locales/nb/articles/spotify-ice-annonser.json'],
    ])
    expect(json.summary).toEqual({ errors: 0, files: 11, warnings: 2 })
    expect(json.files.find((file) => file.file === edition('da'))?.rules).toEqual(['stale', 'quote-verbatim', 'markup', 'unsafe', 'untranslated', 'glossary-term', 'number', 'engine-mark', 'spacing', 'name', 'swedish-word', 'forbidden-term'])
    const junit = await runCli(base, ['check', '--format', 'junit'])
    expect(junit.code).toBe(0)
    expect(junit.stdout).toContain('<testsuites name="tolk check" tests="')
    expect(junit.stdout).toContain(`<testcase name="glossary-term" classname="${edition('nb')}"/>`)
    expect(junit.stdout).not.toContain('<failure')
    const github = await runCli(base, ['check', '--format', 'github'])
    expect(github.code).toBe(0)
    const annotations = github.stdout.split('\n').filter((line) => line.startsWith('::'))
    expect(annotations.map((line) => line.split('::')[1])).toEqual(['warning file=locales/da/articles/spotify-ice-annonser.json,line=1,col=1,title=reviewed', 'warning file=locales/nb/articles/spotify-ice-annonser.json,line=1,col=1,title=reviewed'])
  })

  it('writes nothing', async () => {
    const dir = await variant(async () => {})
    const before = await listing(dir)
    await runCli(dir, ['check', '--format', 'json'])
    expect(await listing(dir)).toEqual(before)
  })

  it('catches a wrong form of a glossary term in an edition', async () => {
    const dir = await variant((dir) => edit(dir, edition('da'), replaceOnce('nationale rekrutteringskampagne formelt', 'nationale rekrutteringskampagnen formelt')))
    await expectCaught(dir, { rule: 'glossary-term', file: edition('da'), line: await lineOf(dir, edition('da'), 'rekrutteringskampagnen formelt'), message: /^.*Unexpected `rekrutteringskampagnen`, expected `rekrutteringskampagne` \(glossary entry rekryteringskampanj\)/ })
  })

  it('catches a forbidden term, naming the approved form in the same inflection', async () => {
    const dir = await variant((dir) => edit(dir, edition('da'), replaceOnce('Rekrutteringskampagnen købtes', 'Vervingskampagnen købtes')))
    await expectCaught(dir, { rule: 'forbidden-term', file: edition('da'), line: await lineOf(dir, edition('da'), 'Vervingskampagnen'), message: 'Unexpected `Vervingskampagnen`, expected `Rekrutteringskampagnen` (glossary entry rekryteringskampanj)' })
  })

  it('catches an altered quotation', async () => {
    const dir = await variant((dir) => edit(dir, edition('nb'), replaceOnce('inga ICE-annonser på Spotify', 'inga ICE-annonser hos Spotify')))
    await expectCaught(dir, { rule: 'quote-verbatim', file: edition('nb'), line: await lineOf(dir, edition('nb'), 'ICE-annonser hos Spotify'), message: /Altered quotation, expected `”Det finns för närvarande inga ICE-annonser på Spotify\./ })
  })

  it('catches a quotation whose footnote flag was removed', async () => {
    const dir = await variant((dir) => edit(dir, edition('en'), replaceOnce('avslutats,”[^tolk-quote-1]', 'avslutats,”')))
    await expectCaught(dir, { rule: 'quote-verbatim', file: edition('en'), line: await lineOf(dir, edition('en'), 'avslutats,”'), message: /Unflagged quotation, expected the footnote reference `\[\^tolk-quote-1\]` right after it/ })
  })

  it('catches a changed link destination', async () => {
    const dir = await variant((dir) => edit(dir, edition('da'), replaceOnce('2026-01-09/ice)', '2026-01-09/icke)')))
    await expectCaught(dir, { rule: 'markup', file: edition('da'), line: await lineOf(dir, edition('da'), '2026-01-09/icke'), message: 'Unexpected link destination `https://newsroom.spotify.com/2026-01-09/icke`, expected `https://newsroom.spotify.com/2026-01-09/ice`' })
  })

  it('catches a changed number', async () => {
    const dir = await variant((dir) => edit(dir, edition('nb'), replaceOnce('omkring 50\u00a0000 annonser', 'omkring 60.000 annonser')))
    await expectCaught(dir, { rule: 'number', file: edition('nb'), line: await lineOf(dir, edition('nb'), '60.000'), message: /Unexpected number `60\.000`, expected `50\u00a0000` as in the source \(articles\/spotify-ice-annonser\.sv\.md:\d+:\d+\)/ })
  })

  it('warns of a doubled space and a blank before a full stop the source does not have, once per block, as Apertium left them where it moved a placeholder', async () => {
    const dir = await variant((dir) => edit(dir, edition('nb'), replaceOnce('ICE-annonsene er nå borte unna Spotify.', 'ICE-annonsene er nå borte unna  Spotify .')))
    const result = await check({ cwd: dir })
    expect(result.findings.filter((finding) => finding.rule === 'spacing')).toEqual([
      expect.objectContaining({
        file: edition('nb'),
        line: await lineOf(dir, edition('nb'), 'unna  Spotify .'),
        severity: 'warning',
        message: expect.stringMatching(/^Unexpected doubled space in `ICE-annonsene er nå borte unna  Spotify \.`, expected one space as in the source: an engine may have moved words around a placeholder \(source articles\/spotify-ice-annonser\.sv\.md:\d+:\d+\)$/),
      }),
    ])
  })

  it('catches editions left behind by a changed source', async () => {
    const dir = await variant((dir) => edit(dir, article, replaceOnce('Bolaget har inte klargjort', 'Företaget har inte klargjort')))
    const out = await outputs(dir)
    for (const lang of ['en', 'da', 'nb']) {
      await expectCaught(dir, { rule: 'stale', file: edition(lang), line: await lineOf(dir, edition(lang), 'source_sha256:'), message: /Stale edition: `source_sha256` is `[0-9a-f]{12}…`, expected `[0-9a-f]{12}…`: articles\/spotify-ice-annonser\.sv\.md changed since the edition was built/ }, out)
    }
    // The sentence that changed is now an orphaned key in every catalog.
    const findings = (JSON.parse(out.json) as { findings: Array<{ rule: string; file: string; message: string }> }).findings.filter((finding) => finding.rule === 'catalog')
    expect(findings.map((finding) => finding.file)).toEqual([catalog('da'), catalog('en'), catalog('nb'), catalog('sv')])
    expect(findings[0]!.message).toMatch(/^Orphaned key `[0-9a-f]{16}`: not a unit of articles\/spotify-ice-annonser\.sv\.md any more/)
  })

  it('catches a hand-edited edition that the catalogs would not produce', async () => {
    const dir = await variant((dir) => edit(dir, edition('da'), replaceOnce('Selskabet har ikke præciseret', 'Selskabet har endnu ikke præciseret')))
    await expectCaught(dir, { rule: 'stale', file: edition('da'), line: await lineOf(dir, edition('da'), 'endnu ikke'), message: /Edition differs from what articles\/spotify-ice-annonser\.sv\.md and the catalogs produce now .*found `endnu ikke præciseret/ })
  })

  it('catches a reviewed catalog entry that breaks the glossary', async () => {
    const dir = await variant(async (dir) => {
      const entries = JSON.parse(await readFile(join(dir, catalog('da')), 'utf8')) as Record<string, string>
      const lock = JSON.parse(await readFile(join(dir, catalog('da').replace('.json', '.lock.json')), 'utf8')) as Record<string, unknown>
      const key = Object.keys(entries).find((entry) => entries[entry]!.includes('nationale rekrutteringskampagne formelt'))!
      entries[key] = entries[key]!.replace('rekrutteringskampagne formelt', 'vervingskampagne formelt')
      delete lock[key] // no lock entry: a person wrote it, so it counts as reviewed
      await writeFile(join(dir, catalog('da')), `${JSON.stringify(entries, null, 2)}\n`)
      await writeFile(join(dir, catalog('da').replace('.json', '.lock.json')), `${JSON.stringify(lock, null, 2)}\n`)
      expect((await build({ cwd: dir, locales: ['da'] })).exitCode).toBe(0)
    })
    await expectCaught(dir, { rule: 'catalog', file: catalog('da'), line: await lineOf(dir, catalog('da'), 'vervingskampagne formelt'), message: 'Unexpected `vervingskampagne`, expected `rekrutteringskampagne` (glossary entry rekryteringskampanj)' })
  })

  it('catches a key missing from a language’s tolk.json', async () => {
    const dir = await variant(async (dir) => {
      const path = join(dir, 'locales/nb/tolk.json')
      const resource = JSON.parse(await readFile(path, 'utf8')) as { quote: Record<string, string> }
      expect(resource.quote.courtesy).toBeDefined()
      delete resource.quote.courtesy
      await writeFile(path, `${JSON.stringify(resource, null, 2)}\n`)
    })
    await expectCaught(dir, { rule: 'locales', file: 'locales/nb/tolk.json', line: await lineOf(dir, 'locales/nb/tolk.json', '"quote"'), message: 'Missing key `quote.courtesy`, expected it as in locales/sv/tolk.json' })
  })

  it('catches a locale string whose interpolation variables differ', async () => {
    const dir = await variant((dir) => edit(dir, 'locales/da/tolk.json', (text) => text.replace(/\{\{translation\}\}/, '{{oversaettelse}}')))
    await expectCaught(dir, { rule: 'locales', file: 'locales/da/tolk.json', line: await lineOf(dir, 'locales/da/tolk.json', '{{oversaettelse}}'), message: 'Key `quote.courtesy` has `{{oversaettelse}}`, expected `{{translation}}` as in locales/sv/tolk.json' })
  })

  it('catches a paragraph left in Swedish', async () => {
    const swedish = 'Bolaget har inte klargjort om det i framtiden skulle avvisa liknande statliga kampanjer, så länge de är lagliga, korrekt upphandlade och följer Spotifys regelverk.'
    const dir = await variant((dir) => edit(dir, edition('da'), (text) => text.replace(/^Selskabet har ikke præciseret.*$/m, swedish)))
    await expectCaught(dir, { rule: 'untranslated', file: edition('da'), line: await lineOf(dir, edition('da'), 'Bolaget har inte klargjort'), message: /Untranslated text `Bolaget har inte klargjort om det i framtiden skulle avvisa…`, expected a da translation of articles\/spotify-ice-annonser\.sv\.md:19:1/ })
  })

  it('catches a glossary that does not lint clean', async () => {
    const dir = await variant((dir) => edit(dir, 'glossary/terms.yaml', (text) => `${text.trimEnd()}\n  - id: spotify\n    sv: Spotify AB\n    keep: true\n`))
    await expectCaught(dir, { rule: 'glossary', file: 'glossary/terms.yaml', line: (await readFile(join(dir, 'glossary/terms.yaml'), 'utf8')).trimEnd().split('\n').length - 2, message: /Unexpected duplicate id `spotify`, expected each entry to have its own id \(first used at glossary\/terms\.yaml:\d+:\d+\) \(glossary-duplicate-id\)/ })
  })

  it('makes every unreviewed unit an error with check.requireReviewed, at its place in the source', async () => {
    const dir = await variant((dir) => edit(dir, 'tolk.config.yaml', (text) => `${text}check:\n  requireReviewed: true\n`))
    const result = await runCli(dir, ['check', '--format', 'json'])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as { findings: Array<{ rule: string; severity: string; file: string; line: number; message: string }> }
    const unreviewed = report.findings.filter((finding) => finding.rule === 'reviewed')
    expect(unreviewed).toHaveLength(48)
    expect(unreviewed.every((finding) => finding.severity === 'error' && finding.file === article && finding.line > 0)).toBe(true)
    expect(unreviewed[0]!.message).toMatch(/^Unreviewed `(da|nb)` translation \(machine draft\), expected a reviewed one/)
    // The English catalog is reviewed: none of its units is reported.
    expect(unreviewed.some((finding) => finding.message.includes('`en`'))).toBe(false)
  })

  it('reports a missing edition as a warning by default, exit code 0', async () => {
    const dir = await variant(async (dir) => {
      await rm(join(dir, edition('nb')))
      await edit(dir, 'tolk.config.yaml', (text) => `${text}check:\n  rules:\n    reviewed: off\n`)
    })
    const result = await runCli(dir, ['check'])
    expect(result.stdout).toBe(`${article}:1:1  warning  Missing \`nb\` edition, expected ${edition('nb')}; run \`tolk build\`  missing-edition\n1 problem (0 errors, 1 warning; 11 files checked)\n`)
    expect(result.code).toBe(0)
  })
})

describe('tolk check progress', () => {
  it('tells the articles read and each rule as it starts, ending with every rule run', async () => {
    const dir = await variant(async () => {})
    const events: CheckProgress[] = []
    const result = await check({ cwd: dir, onProgress: (event) => void events.push(event) })
    expect(result.exitCode).toBe(0)
    expect(events.slice(0, 2)).toEqual([
      { step: 'read', done: 0, total: 1 },
      { step: 'read', done: 1, total: 1 },
    ])
    const rules = events.filter((event) => event.step === 'rule')
    const on = Object.entries(result.rules).filter(([, setting]) => setting !== 'off').map(([id]) => id)
    expect(rules.slice(0, -1).map((event) => event.rule).sort()).toEqual(on.sort())
    expect(rules.slice(0, -1).map((event) => event.done)).toEqual(on.map((_, index) => index))
    expect(rules.at(-1)).toEqual({ step: 'rule', done: on.length, total: on.length })
  })
})

describe('tolk check configuration and usage', () => {
  it('lowers a rule to a warning or turns it off from the config', async () => {
    const dir = await variant((dir) => edit(dir, edition('nb'), replaceOnce('omkring 50\u00a0000 annonser', 'omkring 60.000 annonser')))
    await edit(dir, 'tolk.config.yaml', (text) => `${text}check:\n  rules:\n    number: warn\n    stale: off\n    reviewed: off\n`)
    const warned = await runCli(dir, ['check'])
    expect(warned.code).toBe(0)
    expect(warned.stdout).toMatch(/^dist\/editions\/nb\/spotify-ice-annonser\.md:\d+:\d+ {2}warning {2}Unexpected number `60\.000`.* {2}number\n1 problem \(0 errors, 1 warning; 11 files checked\)\n$/)
    expect((await runCli(dir, ['check', '--format', 'github'])).stdout).toMatch(/^::warning file=dist\/editions\/nb\/spotify-ice-annonser\.md,line=\d+,col=\d+,title=number::Unexpected number/)

    await edit(dir, 'tolk.config.yaml', (text) => text.replace('number: warn', 'number: "off"'))
    expect(await runCli(dir, ['check'])).toEqual({ code: 0, stdout: 'No problems (11 files checked)\n', stderr: '' })
  })

  it('refuses an unknown rule in the config with exit code 2 and its place', async () => {
    const dir = await variant((dir) => edit(dir, 'tolk.config.yaml', (text) => `${text}check:\n  rules:\n    glossary-terms: warn\n`))
    const result = await runCli(dir, ['check'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^tolk\.config\.yaml:9:5: Unknown rule `glossary-terms` at `check\.rules`, expected one of `glossary`, .*`glossary-term`/)
  })

  it('refuses an unknown format with exit code 2', async () => {
    const result = await runCli(base, ['check', '--format', 'xml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Unknown format `xml`, expected one of `text`, `json`, `junit`, `github`\n')
  })

  it('refuses an edition that cannot be parsed with exit code 2, file, line and column', async () => {
    const dir = await variant((dir) => edit(dir, edition('en'), (text) => text.replace('lang: en', 'lang: [en')))
    const result = await runCli(dir, ['check'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^dist\/editions\/en\/spotify-ice-annonser\.md:\d+:\d+: Invalid front matter/)
  })

  it('escapes what GitHub and XML treat specially', async () => {
    // A report as the check makes it: a vfile per file, the finding a vfile message on it.
    const file = new VFile({ path: 'a,b:c.md', data: { checked: { kind: 'edition', lang: 'da', rules: ['markup'] } } })
    file.message('Unexpected `<a href="x">` & 100%\nnext', { place: { line: 2, column: 3 }, ruleId: 'markup', source: 'tolk' }).fatal = true
    const report = { files: [file], rules: { markup: 'error' as const } }
    expect(formatReport(report, 'github').split('\n')[0]).toBe('::error file=a%2Cb%3Ac.md,line=2,col=3,title=markup::Unexpected `<a href="x">` & 100%25%0Anext')
    const dir = await tempDir()
    await writeFile(join(dir, 'report.xml'), formatReport(report, 'junit'))
    execFileSync('xmllint', ['--noout', join(dir, 'report.xml')])
    expect(formatReport(report, 'junit')).toContain('message="1 finding: Unexpected `&lt;a href=&quot;x&quot;&gt;` &amp; 100%&#10;next"')
  })
})

async function listing(dir: string): Promise<string[]> {
  const entries: string[] = []
  const walk = async (folder: string) => {
    for (const name of (await readdir(join(dir, folder))).sort()) {
      const path = folder ? `${folder}/${name}` : name
      const info = await stat(join(dir, path))
      if (info.isDirectory()) await walk(path)
      else entries.push(`${path} ${info.size} ${info.mtimeMs}`)
    }
  }
  await walk('')
  return entries
}
