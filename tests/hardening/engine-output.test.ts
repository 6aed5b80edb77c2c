import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { VFile } from 'vfile'
import { afterEach, describe, expect, test } from 'vitest'
import { formatGithub } from '../../src/check/reporters/github.ts'
import { makeProject } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'
import { deeplParams, deeplServer, fakeTranslate, type TestServer } from '../engines/servers.ts'

/**
 * An engine's answer is untrusted: control characters (ESC, OSC-8 hyperlinks, BEL), markup such
 * as `<script>`, `javascript:` links and URLs the source did not have are rejected, so the unit
 * falls through to the next engine; nothing of it reaches an edition, a catalog or a terminal.
 */

const key = 'engine-output-key-31:fx'
const servers: TestServer[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const article = '---\ntitle: En rubrik om staden\n---\n\n# Staden i dag\n\nLäs mer på https://example.se/stad i kväll.\n'

async function buildWith(addition: (text: string) => string, chain = 'catalog, deepl, identity') {
  const server = await deeplServer({
    key,
    fault: (request) => ({ body: { translations: deeplParams(request).texts.map((text) => ({ detected_source_language: 'SV', text: addition(fakeTranslate(text, 'EN')) })) } }),
  })
  servers.push(server)
  const made = await makeProject({
    'tolk.config.yaml': `targets:\n  en: { engines: [${chain}] }\nengines:\n  deepl: { serverUrl: "${server.url}", retryDelay: 1 }\n`,
    'articles/a.sv.md': article,
  })
  cleanups.push(made.cleanup)
  const run = await runCli(['build'], made.dir, { DEEPL_AUTH_KEY: key })
  return { ...made, run }
}

describe('engine answers that must not be trusted', () => {
  test.each([
    ['an ANSI colour sequence', (text: string) => `\u001B[31m${text}\u001B[0m`, 'control character in the translation'],
    ['an OSC-8 terminal hyperlink', (text: string) => `\u001B]8;;https://evil.example/\u001B\\${text}\u001B]8;;\u001B\\`, 'control character in the translation'],
    ['a BEL', (text: string) => `${text}\u0007`, 'control character in the translation'],
    ['a <script> element', (text: string) => `${text} <script>alert(1)</script>`, 'markup (`<…>`) that the source does not have'],
    ['an escaped <script> element', (text: string) => `${text} &lt;script&gt;alert(1)&lt;/script&gt;`, 'markup (`<…>`) that the source does not have'],
    ['a javascript: link', (text: string) => `${text} [here](javascript:alert(1))`, 'a `javascript:` link that the source does not have'],
    ['a URL the source does not have', (text: string) => `${text} https://evil.example/phish`, 'a URL that the source does not have'],
  ])('an answer with %s is rejected and the next engine answers', async (_name, addition, reason) => {
    const { run, read } = await buildWith(addition)
    expect(run.code).toBe(0)
    const edition = await read('dist/editions/en/a.md')
    const catalog = await read('locales/en/articles/a.json')
    for (const text of [edition, catalog, run.stdout, run.stderr]) {
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/)
      expect(text).not.toMatch(/script|javascript:|evil\.example/)
    }
    expect(edition).toMatch(/^engines:\n  - identity$/m)
    expect(edition).toMatch(/^title: En rubrik om staden$/m)
    const report = JSON.parse(await read('dist/editions/report.json')) as { articles: Array<{ editions: Array<{ units: { machine: number } }> }> }
    expect(report.articles[0]!.editions[0]!.units.machine).toBe(3)
    const lock = JSON.parse(await read('locales/en/articles/a.lock.json')) as Record<string, { engine: string }>
    expect(Object.values(lock).map((entry) => entry.engine)).toEqual(['identity', 'identity', 'identity'])

    // Without a next engine the units stay untranslated, and the report says why.
    const alone = await buildWith(addition, 'catalog, deepl')
    expect(alone.run.code).toBe(1)
    expect(alone.run.stderr).toContain(`(deepl: ${reason})`)
  })

  test('an answer that keeps the URL of the source is accepted', async () => {
    const { run, read } = await buildWith((text) => text)
    expect(run.code).toBe(0)
    const edition = await read('dist/editions/en/a.md')
    expect(edition).toMatch(/^engines:\n  - deepl$/m)
    expect(edition).toContain('https://example.se/stad')
    expect(edition).toContain('title: "[EN] En rubrik om staden"')
  })
})

describe('unsafe text that reaches an edition another way', () => {
  test('a catalog edited by hand with an OSC-8 link and <script> in the title and ESC and javascript: in the body is reported by check, front matter included', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, pseudo] }\n', 'articles/a.sv.md': article })
    cleanups.push(made.cleanup)
    expect((await runCli(['build'], made.dir)).code).toBe(0)
    const clean = await runCli(['check', '--format', 'json'], made.dir)
    const rules = (run: typeof clean) => (JSON.parse(run.stdout) as { findings: Array<{ rule: string }> }).findings.map((finding) => finding.rule)
    expect(rules(clean)).not.toContain('unsafe')

    // What a pull request can bring: the catalog's title and sentence rewritten; the build takes the catalog's text.
    const path = join(made.dir, 'locales', 'en', 'articles', 'a.json')
    const catalog = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>
    const sources = JSON.parse(await made.read('locales/sv/articles/a.json')) as Record<string, string>
    for (const [unitKey, text] of Object.entries(sources)) {
      if (text === 'En rubrik om staden') catalog[unitKey] = 'A headline \u001B]8;;https://evil.example/\u001B\\about the city\u001B]8;;\u001B\\ <script>alert(1)</script>'
      if (text.startsWith('Läs mer')) catalog[unitKey] = 'Read more at https://example.se/stad tonight, \u001B[31mor\u001B[0m at javascript:alert(1).'
    }
    await writeFile(path, `${JSON.stringify(catalog, null, 2)}\n`)
    expect((await runCli(['build'], made.dir)).code).toBe(0)
    const check = await runCli(['check', '--format', 'json'], made.dir)
    expect(check.code).toBe(1)
    const findings = (JSON.parse(check.stdout) as { findings: Array<{ file: string; line: number; rule: string; message: string }> }).findings.filter((finding) => finding.rule === 'unsafe')
    expect(findings).toEqual([
      expect.objectContaining({ file: 'dist/editions/en/a.md', line: 2, message: 'Unsafe front matter `title`: control character in the edition' }),
      expect.objectContaining({ file: 'dist/editions/en/a.md', message: 'Unsafe text: control character in the edition' }),
    ])
    // eslint-disable-next-line no-control-regex
    expect(check.stdout + check.stderr).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/)
  })
})

describe('the github reporter', () => {
  test('prints no control characters from article text into a CI log', () => {
    const file = new VFile({ path: 'dist/editions/en/a\u001B[2Jx.md' })
    file.message('Untranslated text `\u001B]8;;https://evil.example/\u0007klick\u001B]8;;\u0007 här\u001B[31m`', { place: { line: 3, column: 1 }, ruleId: 'untranslated', source: 'tolk' }).fatal = true
    const output = formatGithub({ files: [file], rules: { untranslated: 'error' } })
    // eslint-disable-next-line no-control-regex
    expect(output).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/)
    expect(output).toContain('::error file=dist/editions/en/ax.md,line=3,col=1,title=untranslated::Untranslated text `klick här`')
  })
})
