import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { execFileSync } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { apertiumEngine, stripUnknownMarks } from '../../src/engines/apertium.ts'
import { answerOf, configWith, textOf, unit } from '../engines/chain.ts'
import { createEngines } from '../../src/translate/engines.ts'
import { translateChain } from '../../src/translate/run.ts'
import { makeProject } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'

const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup()
})

describe('Apertium unknown-word marks', () => {
  it.each([
    ['*Spotify sender ikke længere', 'Spotify sänder inte längre', 'Spotify sender ikke længere', ['Spotify']],
    ['det *federala mediumkontrakt', 'det federala mediekontraktet', 'det federala mediumkontrakt', ['federala']],
    ['en @analytiker og #gränsöverskridande virksomhed', 'en analytiker och gränsöverskridande verksamhet', 'en analytiker og gränsöverskridande virksomhed', ['analytiker', 'gränsöverskridande']],
    ['skriv til @nifamc om #val2026', 'skriv till @nifamc om #val2026', 'skriv til @nifamc om #val2026', []],
    ['Ice:*s personalestyrke', 'ICE:s personalstyrka', 'Ice:s personalestyrke', ['Ice:s']],
    ['en ned#dragning af *budgetten', 'en neddragning av budgeten', 'en neddragning af budgetten', ['neddragning', 'budgetten']],
  ])('turns %j (marks anywhere, inside a word too) into mark-free text for %j and lists the marked words whole', (output, source, text, words) => {
    expect(stripUnknownMarks(source, output)).toEqual({ text, unknownWords: words })
  })
})

describe('the local apertium engine', () => {
  it('translates a whole batch in one process, placeholders intact and marks stripped', async () => {
    const spawned: string[] = []
    const engine = apertiumEngine({ onSpawn: (mode) => spawned.push(mode) })
    const results = await engine.translate(
      [
        { key: 'a', text: 'Spotify sänder inte längre annonser.' },
        { key: 'b', text: 'Den <g id="1">amerikanska</g> regeringens kampanj <x id="2"/> avslutades.' },
        { key: 'c', text: 'Tom &amp; Jerry är federala.' },
      ],
      { source: 'sv', target: 'da' },
    )
    expect(spawned).toEqual(['swe-dan'])
    expect(results.map((result) => result.key)).toEqual(['a', 'b', 'c'])
    expect(textOf(results[0]!)).toBe('Spotify sender ikke længere annoncer.')
    expect(results[0]).toMatchObject({ unknownWords: ['Spotify'] })
    // Debian 12's swe-dan gives `regerings` or `regeringens` as its tagger's data has it; the skeleton is what matters.
    expect(textOf(results[1]!)).toMatch(/^Den <g id="1">amerikanske<\/g> regering\p{L}* kampagne <x id="2"(?:\/>|><\/x>) \p{L}+\.$/u)
    expect(textOf(results[2]!)).toContain('&amp;')
    expect(results.every((result) => !/(^|\s)[*#@]\p{L}/u.test(textOf(result) ?? ''))).toBe(true)
  })

  it('halves a batch whose boundary markers come back wrong, so only the unit that upset them fails', async () => {
    // An HTML comment opened in a unit swallows the next marker; segmentation escapes `<`, so only
    // a foreign request can carry one, but the engine must not lose the whole batch over it.
    const spawned: string[] = []
    const engine = apertiumEngine({ onSpawn: (mode) => spawned.push(mode) })
    const results = await engine.translate(
      [
        { key: 'a', text: 'En mening.' },
        { key: 'b', text: 'Trasig <!-- kommentar' },
        { key: 'c', text: 'Tredje meningen.' },
        { key: 'd', text: 'Fjärde.' },
      ],
      { source: 'sv', target: 'da' },
    )
    const answers = results.map((result) => answerOf(result))
    // The units around the broken one are translated; the broken one either fails on its own or
    // comes back as the engine gave it (the pair on this Debian keeps the comment whole).
    expect(answers[0]).toBe('En mening.')
    expect(answers[2]).toBe('Tredje meningen.')
    expect(["apertium swe-dan lost the unit's boundary marker", 'Trasig <!-- kommentar']).toContain(answers[1])
    expect(answers[3]).toMatch(/^Fj(?:e|ä)rde\.$/)
    expect(spawned.length).toBeLessThanOrEqual(7)
  })

  it('is skipped with its reason when the binary is not installed', async () => {
    const engine = apertiumEngine({ command: 'apertium-not-installed-here' })
    expect(await engine.unavailable?.('da')).toMatch(/`apertium-not-installed-here` is not installed \(Debian: apt-get install apertium/)
    expect(await engine.unavailable?.('fi')).toBe('no Apertium pair configured for `fi` (engines.apertium.pairs)')
  })

  it('treats empty output for non-empty input as a failure, and the chain falls through to the next engine', async () => {
    // Debian's swe-nob mode calls rtx-proc from apertium-recursive without depending on it: hide it,
    // and the real apertium prints nothing and exits 0.
    const shadow = await mkdtemp(join(tmpdir(), 'tolk-no-rtx-'))
    cleanups.push(() => rm(shadow, { recursive: true, force: true }))
    const bin = dirname(execFileSync('sh', ['-c', 'command -v apertium'], { encoding: 'utf8' }).trim())
    for (const name of await readdir(bin)) if (name !== 'rtx-proc') await symlink(join(bin, name), join(shadow, name))
    const config = configWith({}, { nb: { engines: ['apertium', 'identity'] } })
    const engines = await createEngines(config, ['apertium', 'identity'], { apertium: { command: join(shadow, 'apertium'), env: { ...process.env, PATH: shadow, APERTIUM_PATH: shadow } } })
    const outcome = await translateChain({
      source: 'sv',
      target: 'nb',
      units: [unit('k1', 'Det här är en mening.')],
      chain: ['apertium', 'identity'],
      engines: engines.slots,
      missing: engines.missing,
      lookup: () => undefined,
    })
    expect(outcome.failures).toEqual([{ key: 'k1', engine: 'apertium', problem: expect.stringMatching(/^apertium swe-nob gave no translation: .*rtx-proc/) }])
    expect(outcome.answers.get('k1')).toMatchObject({ engine: 'identity', text: 'Det här är en mening.' })
  })
})

/** An APy server with swe-dan installed: `/listPairs` and `/translate` as apertium-apy answers them; the /translate requests recorded. */
async function startApy(): Promise<{ url: string; received: URLSearchParams[] }> {
  const received: URLSearchParams[] = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      const params = new URLSearchParams(body)
      response.setHeader('Content-Type', 'application/json; charset=utf-8')
      if (request.url === '/listPairs') {
        response.end(JSON.stringify({ responseData: [{ sourceLanguage: 'swe', targetLanguage: 'dan' }], responseDetails: null, responseStatus: 200 }))
        return
      }
      received.push(params)
      if (request.url !== '/translate' || request.method !== 'POST') {
        response.statusCode = 404
        response.end(JSON.stringify({ status: 'error', code: 404, message: 'Not Found' }))
      } else if (params.get('langpair') !== 'swe|dan') {
        response.statusCode = 400
        response.end(JSON.stringify({ status: 'error', code: 400, message: 'Bad Request', explanation: 'That pair is not installed' }))
      } else {
        const translated = (params.get('q') ?? '').replace('inte', 'ikke').replace('Spotify', '*Spotify')
        response.end(JSON.stringify({ responseData: { translatedText: translated }, responseDetails: null, responseStatus: 200 }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }
}

describe('the apertium engine against an APy server', () => {
  it('sends each unit to /translate with the pair and HTML format, and reads translatedText', async () => {
    const { url, received } = await startApy()
    const engine = apertiumEngine({ url, pairs: { da: 'swe-dan', nn: 'swe-nno' } })
    expect(await engine.unavailable?.('da')).toBeUndefined()
    const results = await engine.translate([{ key: 'a', text: 'Spotify <x id="1"/> inte.' }], { source: 'sv', target: 'da' })
    expect(results).toEqual([{ key: 'a', text: 'Spotify <x id="1"/> ikke.', unknownWords: ['Spotify'] }])
    expect(Object.fromEntries(received[0]!)).toEqual({ langpair: 'swe|dan', q: 'Spotify <x id="1"/> inte.', format: 'html', markUnknown: 'yes' })

    const refused = await engine.translate([{ key: 'b', text: 'Hej.' }], { source: 'sv', target: 'nn' })
    expect(refused).toEqual([{ key: 'b', error: 'APy 400: That pair is not installed' }])
  })
})

describe('an Apertium pair that is not installed', () => {
  it('is a config error (exit 2) at its place in the config that lists the installed pairs, and the other language is built', async () => {
    const made = await makeProject({
      'tolk.config.yaml': 'targets:\n  da: { engines: [apertium] }\n  de: { engines: [apertium] }\nengines:\n  apertium:\n    pairs: { da: swe-dan, de: swe-deu }\n',
      'articles/a.sv.md': '# Rubrik\n\nEn mening om staden.\n',
    })
    cleanups.push(made.cleanup)
    const run = await runCli(['build'], made.dir)
    expect(run.stderr).not.toMatch(/internal error|gave no translation|\n\s+at /)
    expect(run.stderr).toMatch(/^tolk\.config\.yaml:6:\d+: Apertium pair `swe-deu` for `de` is not installed, expected one of the installed pairs: (?:[\w-]+, )*swe-dan, swe-nno, swe-nob(?:, [\w-]+)*$/m)
    expect(run.code).toBe(2)
    expect(await made.read('locales/da/articles/a.json')).toContain('En mening om byen.')
  }, 60_000)

  it('on an APy server is a config error that lists the pairs the server has, and sends it no text', async () => {
    const { url, received } = await startApy()
    const made = await makeProject({
      'tolk.config.yaml': `targets:\n  en: { engines: [apertium] }\nengines:\n  apertium:\n    url: "${url}"\n    pairs: { en: swe-eng }\n`,
      'articles/a.sv.md': '# Rubrik\n\nEn mening om staden.\n',
    })
    cleanups.push(made.cleanup)
    const run = await runCli(['build'], made.dir)
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.stderr).toContain(`tolk.config.yaml:6:18: Apertium pair \`swe-eng\` for \`en\` is not installed on the APy server at ${url}, expected one of the installed pairs: swe-dan\n`)
    expect(run.code).toBe(2)
    expect(received).toEqual([])
  })
})
