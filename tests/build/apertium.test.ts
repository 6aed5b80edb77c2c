import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { execFileSync } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { apertiumEngine, stripUnknownMarks } from '../../src/engines/apertium.ts'
import { putStandIns, takeStandIns } from '../../src/engines/apertium-stand-ins.ts'
import type { ProtectedPlaceholder, TranslationRequest } from '../../src/engines/types.ts'
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

const word = (id: number, text: string): ProtectedPlaceholder => ({ id, kind: 'word', text })
const count = (id: number, text: string): ProtectedPlaceholder => ({ id, kind: 'count', text })
const tag = (id: number) => `<x id="${id}"/>`

describe('names, terms and numbers through the real apertium', () => {
  // Sent as tags, swe-nob's transfer moved them and left their blanks behind:
  // `Friluftsföretaget <x id="1"/> varslar <x id="2"/> anställda.` came back as
  // `Friluftselskapet varsler ansatte <x id="1"/>  <x id="2"/> .`, and `Energibolaget <x id="1"/>
  // höjer priset.` as `Energiselskapet hever <x id="1"/> pris.`
  const appositions: TranslationRequest[] = [
    { key: 'a', text: 'Friluftsföretaget <x id="1"/> varslar <x id="2"/> anställda.', protectedSpans: [word(1, 'Fjällräven'), count(2, '120')] },
    { key: 'b', text: 'Energibolaget <x id="1"/> höjer priset.', protectedSpans: [word(1, 'Vattenfall')] },
    { key: 'c', text: '<x id="1"/>-annonser syns inte längre.', protectedSpans: [word(1, 'ICE')] },
    { key: 'd', text: 'Matchen slutade <x id="1"/>-<x id="2"/> efter förlängning.', protectedSpans: [count(1, '3'), count(2, '2')] },
  ]

  it.each(['nb', 'nn', 'da'])('in %s keeps each one once, between the words it stood between, with single spaces', async (target) => {
    const results = await apertiumEngine().translate(appositions, { source: 'sv', target })
    const [a, b, c, d] = results.map((result) => textOf(result) ?? '')
    expect(a).toMatch(/^\p{L}+ <x id="1"\/> \p{L}+ <x id="2"\/> \p{L}+\.$/u)
    expect(b).toMatch(/^\p{L}+ <x id="1"\/> \p{L}+ \p{L}+\.$/u)
    expect(c).toMatch(/^<x id="1"\/>-\p{L}+ \p{L}+/u)
    expect(d).toMatch(/^\p{L}+ \p{L}+ <x id="1"\/>-<x id="2"\/> \p{L}+ \p{L}+\.$/u)
    for (const text of [a, b, c, d]) expect(text).not.toMatch(/\s{2}|\s[.,]|\*|Qz/)
  })

  it('in Danish lets the noun agree with a whole number (1 husholdning, 45.000 husholdninger), and keeps a unit after a decimal singular (3,5 procent)', async () => {
    const results = await apertiumEngine().translate(
      [
        { key: 'a', text: 'Strömmen kom tillbaka för <x id="1"/> hushåll på måndagen och för <x id="2"/> hushåll på tisdagen.', protectedSpans: [count(1, '1'), count(2, '45.000')] },
        { key: 'b', text: 'Stormen <x id="1"/> slog ut strömmen för <x id="2"/> hushåll', protectedSpans: [word(1, 'Hilde'), count(2, '45.000')] },
        { key: 'c', text: 'Räntan ligger på <x id="1"/> procent.', protectedSpans: [{ id: 1, kind: 'number', text: '3,5' }] },
      ],
      { source: 'sv', target: 'da' },
    )
    const [a, b, c] = results.map((result) => textOf(result) ?? '')
    expect(a).toContain(`${tag(1)} husholdning `)
    expect(a).toContain(`${tag(2)} husholdninger `)
    expect(b).toMatch(/^Stormen <x id="1"\/> .* <x id="2"\/> husholdninger$/)
    expect(c).toMatch(/ <x id="1"\/> procent\.$/)
  })

  it('in Danish keeps a unit of measure after a whole number singular (12 procent, 40 meter, 2 liter, 5 megawatt) and a countable noun plural (12 børn)', async () => {
    const results = await apertiumEngine().translate(
      [
        { key: 'a', text: 'Priserna steg med <x id="1"/> procent och bron är <x id="2"/> meter lång.', protectedSpans: [count(1, '12'), count(2, '40')] },
        { key: 'b', text: 'Hon dricker <x id="1"/> liter vatten och verket ger <x id="2"/> megawatt.', protectedSpans: [count(1, '2'), count(2, '5')] },
        { key: 'c', text: 'Skolan har <x id="1"/> barn.', protectedSpans: [count(1, '12')] },
      ],
      { source: 'sv', target: 'da' },
    )
    const [a, b, c] = results.map((result) => textOf(result) ?? '')
    expect(a).toContain(`${tag(1)} procent `)
    expect(a).toContain(`${tag(2)} meter `)
    expect(b).toContain(`${tag(1)} liter `)
    expect(b).toMatch(new RegExp(`${tag(2)} megawatt\\.$`))
    expect(c).toContain(`${tag(1)} børn`)
    for (const text of [a, b, c]) expect(text).not.toMatch(/\s{2}|\*|Qz/)
  })

  it('reads no phrase across two units of a batch: a unit that ends no sentence keeps its words (swe-nob took `Stormen` from the next one)', async () => {
    const results = await apertiumEngine().translate(
      [
        { key: 'a', text: 'Sevärdheter <x id="1"/>', protectedSpans: [count(1, '2026')] },
        { key: 'b', text: 'Stormen <x id="1"/> slog ut strömmen för <x id="2"/> hushåll', protectedSpans: [word(1, 'Hilde'), count(2, '45 000')] },
      ],
      { source: 'sv', target: 'nb' },
    )
    expect(textOf(results[0]!)).toMatch(/^\p{L}+ <x id="1"\/>$/u)
    expect(textOf(results[1]!)).toMatch(/^Stormen <x id="1"\/> \p{L}+ \p{L}+ for <x id="2"\/> \p{L}+$/u)
  })

  it('drops the full stop swe-nob writes after a number inside a sentence, and keeps the one that ends it', async () => {
    const results = await apertiumEngine().translate([{ key: 'a', text: 'Partiet fick <x id="1"/> röster av <x id="2"/>.', protectedSpans: [count(1, '38'), count(2, '41')] }], { source: 'sv', target: 'nb' })
    expect(textOf(results[0]!)).toMatch(/^\p{L}+ \p{L}+ <x id="1"\/> \p{L}+ \p{L}+ <x id="2"\/>\.$/u)
  })

  it('in a build, keeps the name and the number of a heading and a paragraph in place in nb and nn, and the Danish plural after a number', async () => {
    const made = await makeProject({
      'tolk.config.yaml': 'targets:\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n  nn: { engines: [apertium] }\n',
      'articles/varsel.sv.md': '# Friluftsföretaget Fjällräven varslar 120 anställda\n\nFriluftsföretaget Fjällräven varslar 120 anställda. Energibolaget Vattenfall höjer priset.\n\nStormen slog ut strömmen för 45 000 hushåll.\n',
    })
    cleanups.push(made.cleanup)
    const run = await runCli(['build'], made.dir)
    expect(run.code).toBe(0)
    for (const lang of ['nb', 'nn']) {
      const edition = await made.read(`dist/editions/${lang}/varsel.md`)
      const body = edition.slice(edition.indexOf('\n---\n') + 5)
      expect(body).toMatch(/^# Friluft\p{L}+ Fjällräven \p{L}+ 120 \p{L}+$/mu)
      expect(body).toMatch(/^Friluft\p{L}+ Fjällräven \p{L}+ 120 \p{L}+\. Energi\p{L}+ Vattenfall \p{L}+ \p{L}+\.$/mu)
      expect(body.match(/Fjällräven/g)).toHaveLength(2)
      expect(body).not.toMatch(/ {2}|\S +\.$/m)
    }
    expect(await made.read('dist/editions/da/varsel.md')).toMatch(/ 45\.000 husholdninger\.$/m)
  }, 60_000)
})

describe('Apertium stand-ins', () => {
  it('are words and integers, put back as the placeholders sent, with their unknown-word marks', () => {
    const sent = putStandIns('Bolaget <x id="3"/> har <x id="4"/> kunder och <x id="5"/> butik.', [word(3, 'Ellevio'), count(4, '45 000'), count(5, '1')])
    expect(sent.text).not.toMatch(/<x /)
    expect(sent.text).toMatch(/^Bolaget \p{L}+ har \d+ kunder och 1 butik\.$/u)
    const [name, number] = sent.standIns.map((standIn) => standIn.token)
    expect(takeStandIns('Bolaget <x id="3"/> har <x id="4"/> kunder och <x id="5"/> butik.', `Selskapet *${name} har ${number}. kunder og 1. butikk.`, sent.standIns)).toBe('Selskapet <x id="3"/> har <x id="4"/> kunder og <x id="5"/> butikk.')
  })

  it('leave markup, and a placeholder glued to a letter, as tags, and never take a tag\'s id for a number', () => {
    const source = '<g id="1">Läs</g> om <x id="2"/>s <x id="3"/> nya <x id="4"/> i <x id="5"/>.'
    const sent = putStandIns(source, [word(2, 'ICE'), count(3, '2'), count(4, '3')])
    expect(sent.text).toMatch(/^<g id="1">Läs<\/g> om <x id="2"\/>s \d+ nya \d+ i <x id="5"\/>\.$/)
    // Integers already in the text are not used, nor the ids of tags.
    const numbers = putStandIns('Se <x id="1"/> och sidan 2 av G7.', [count(1, '12')])
    expect(numbers.text).toBe('Se 3 och sidan 2 av G7.')
    expect(takeStandIns('Se <x id="1"/> och sidan 2 av G7.', '<g id="3">Se</g> 3 og siden 2 af G7.', numbers.standIns)).toBe('<g id="3">Se</g> <x id="1"/> og siden 2 af G7.')
  })

  it('that come back twice or not at all are left to the placeholder check', () => {
    const sent = putStandIns('Enligt <x id="1"/> pågår arbetet.', [word(1, 'Vattenfall')])
    const token = sent.standIns[0]!.token
    expect(takeStandIns('Enligt <x id="1"/> pågår arbetet.', `Ifølge ${token} og ${token}.`, sent.standIns)).toBe('Ifølge <x id="1"/> og <x id="1"/>.')
    expect(takeStandIns('Enligt <x id="1"/> pågår arbetet.', 'Ifølge arbejdet.', sent.standIns)).toBe('Ifølge arbejdet.')
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

describe('the apertium engine against an APy server, with protected spans', () => {
  it('sends names and numbers as stand-ins and answers with the placeholders', async () => {
    const { url, received } = await startApy()
    const engine = apertiumEngine({ url })
    const results = await engine.translate([{ key: 'a', text: 'Spotify <x id="1"/> inte <x id="2"/>.', protectedSpans: [word(1, 'ICE'), count(2, '38')] }], { source: 'sv', target: 'da' })
    expect(received[0]!.get('q')).toMatch(/^Spotify \p{L}+ inte \d+\.$/u)
    expect(results).toEqual([{ key: 'a', text: 'Spotify <x id="1"/> ikke <x id="2"/>.', unknownWords: ['Spotify'] }])
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
