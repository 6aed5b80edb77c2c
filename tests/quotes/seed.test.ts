import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { check } from '../../src/commands/check.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'

/**
 * The seed article through an Apertium APy server on 127.0.0.1 that records every text it is
 * asked to translate and answers in APy's `/translate` protocol, used through the apertium
 * engine's `url:` option for all three languages.
 */
interface Recorded {
  langpair: string
  q: string
}

async function startApy(): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = []
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const params = new URLSearchParams(request.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : url.search)
    if (url.pathname !== '/translate' || !params.get('langpair') || params.get('q') === null) {
      response.writeHead(400, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ status: 'error', code: 400, message: 'Bad Request', explanation: 'Missing q or langpair' }))
      return
    }
    const langpair = params.get('langpair')!
    const q = params.get('q')!
    requests.push({ langpair, q })
    // A visible "translation": the text with the target code after it, placeholders untouched.
    const target = langpair.split('|')[1]!
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
    response.end(JSON.stringify({ responseData: { translatedText: `${q} ‹${target}›` }, responseDetails: null, responseStatus: 200 }))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

const quotation = '”Det finns för närvarande inga ICE-annonser på Spotify. De annonser som tidigare förekom var en del av en amerikansk statlig rekryteringskampanj som nu har avslutats,”'
const secret = 'Det finns för närvarande inga ICE-annonser'
/** The quotation's words as an engine would get them: glossary terms (`ICE`, `Spotify`) may stand as placeholders. */
const quotedWords = ['Det finns för närvarande inga', 'närvarande', 'De annonser som tidigare förekom', 'som nu har avslutats']
const sends = (request: Recorded, words: string) => request.q.includes(words) || request.q.replace(/<x id="\d+"\/>/g, '').includes(words)

async function seedProject(url: string, quotes: string) {
  const article = await readFile(join(repoRoot, 'articles', 'spotify-ice-annonser.sv.md'), 'utf8')
  const glossary = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8')
  return makeProject({
    'tolk.config.yaml': [
      'targets:',
      '  en: { engines: [apertium] }',
      '  da: { engines: [apertium] }',
      '  nb: { engines: [apertium] }',
      'engines:',
      `  apertium: { url: "${url}", pairs: { en: swe-eng, da: swe-dan, nb: swe-nob } }`,
      `quotes: ${quotes}`,
      '',
    ].join('\n'),
    'articles/spotify-ice-annonser.sv.md': article,
    'glossary/terms.yaml': glossary,
  })
}

describe('the seed article through a recording APy server', () => {
  let apy: Awaited<ReturnType<typeof startApy>>
  beforeAll(async () => {
    apy = await startApy()
  })
  afterAll(async () => {
    apy.server.close()
    await once(apy.server, 'close')
  })

  it('keeps the quotation verbatim and flagged in the en, da and nb editions and never sends its words to the engine', async () => {
    apy.requests.length = 0
    const project = await seedProject(apy.url, '{ policy: verbatim, flag: footnote }')
    try {
      const result = await build({ cwd: project.dir })
      expect(result.exitCode).toBe(0)
      expect(new Set(apy.requests.map((request) => request.langpair))).toEqual(new Set(['swe|eng', 'swe|dan', 'swe|nob']))
      expect(apy.requests.length).toBeGreaterThan(30)
      expect(apy.requests.filter((request) => sends(request, secret))).toEqual([])
      for (const words of quotedWords) expect(apy.requests.filter((request) => sends(request, words))).toEqual([])
      // The attribution after the quotation is translated.
      expect(apy.requests.filter((request) => request.q === '<x id="1"/> uppgav företaget.')).toHaveLength(3)

      const flags = { en: 'This quotation is kept in the original Swedish, as spoken.', da: 'Citatet gengives på originalsproget, svensk, som det blev sagt.', nb: 'Sitatet gjengis på originalspråket, svensk, slik det ble sagt.' }
      const codes: Record<string, string> = { en: 'eng', da: 'dan', nb: 'nob' }
      for (const [lang, flag] of Object.entries(flags)) {
        const edition = await project.read(`dist/editions/${lang}/spotify-ice-annonser.md`)
        expect(edition).toContain(`${quotation}[^tolk-quote-1] uppgav företaget. ‹${codes[lang]}›`)
        expect(edition).toContain(`[^tolk-quote-1]: ${flag}`)
        expect(edition).toMatch(/^quotes_flagged: 1$/m)
        const report = result.report.articles[0]!.editions.find((entry) => entry.lang === lang)!
        const line = edition.split('\n').findIndex((text) => text.startsWith(quotation)) + 1
        expect(report.quotes).toEqual([{ text: quotation, line: 9, column: 1, editionLine: line, flag: 'tolk-quote-1', status: 'verbatim' }])
      }
    } finally {
      await project.cleanup()
    }
  })

  it('sends the quotation once per language, apart from the edition units, when courtesy translations are asked for', async () => {
    apy.requests.length = 0
    const project = await seedProject(apy.url, '{ courtesy: true }')
    try {
      const result = await build({ cwd: project.dir })
      expect(result.exitCode).toBe(0)
      const sent = apy.requests.filter((request) => sends(request, 'Det finns för närvarande inga'))
      expect(sent.map((request) => request.langpair).sort()).toEqual(['swe|dan', 'swe|eng', 'swe|nob'])
      // The glossary's terms go to Apertium as stand-in words (engines/apertium-stand-ins.ts), never as the terms.
      expect(sent[0]!.q).toMatch(/^”Det finns för närvarande inga \p{L}+-annonser på \p{L}+\. De annonser som tidigare förekom var en del av en amerikansk statlig \p{L}+ som nu har avslutats,”$/u)
      expect(sent[0]!.q).not.toMatch(/ICE|Spotify|rekryteringskampanj/)
      const edition = await project.read('dist/editions/da/spotify-ice-annonser.md')
      expect(edition).toContain(`${quotation}[^tolk-quote-1] uppgav företaget. ‹dan›`)
      // The glossary's target forms are put back into the courtesy translation as into any other.
      expect(edition).toContain('Uofficiel maskinoversættelse, ikke gennemgået: ”Det finns för närvarande inga ICE-annonser på Spotify. De annonser som tidigare förekom var en del av en amerikansk statlig rekrutteringskampagne som nu har avslutats,” ‹dan›')
      // The courtesy translation is not an edition unit: it is not in the language's catalog but in locales/<lng>/quotes/.
      expect(await project.read('locales/da/articles/spotify-ice-annonser.json')).not.toContain('närvarande')
      const stored = JSON.parse(await project.read('locales/da/quotes/spotify-ice-annonser.json')) as Record<string, { source: string; translation: string; engine: string; status: string }>
      expect(Object.values(stored)).toEqual([{ source: quotation, translation: expect.stringContaining('‹dan›'), engine: 'apertium', status: 'machine' }])

      // A second build answers from that file: the quotation is not sent again, and the editions do not change.
      apy.requests.length = 0
      const again = await build({ cwd: project.dir })
      expect(again.exitCode).toBe(0)
      expect(apy.requests.filter((request) => sends(request, 'Det finns för närvarande inga'))).toEqual([])
      expect(await project.read('dist/editions/da/spotify-ice-annonser.md')).toBe(edition)
      // So does a catalog-only build, the one `check` compares editions with.
      const checked = await check({ cwd: project.dir })
      expect(checked.findings.filter((finding) => finding.rule === 'stale')).toEqual([])
    } finally {
      await project.cleanup()
    }
  })

  it('keeps the quotation verbatim in the da and nb editions the real apertium translates', async () => {
    const article = await readFile(join(repoRoot, 'articles', 'spotify-ice-annonser.sv.md'), 'utf8')
    const project = await makeProject({ 'tolk.config.yaml': 'targets:\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n', 'articles/spotify-ice-annonser.sv.md': article })
    try {
      const result = await build({ cwd: project.dir })
      expect(result.exitCode).toBe(0)
      for (const lang of ['da', 'nb']) {
        const edition = await project.read(`dist/editions/${lang}/spotify-ice-annonser.md`)
        expect(edition).toContain(`${quotation}[^tolk-quote-1]`)
        // Apertium did translate the rest: the Swedish attribution is gone.
        expect(edition).not.toContain('uppgav företaget')
      }
    } finally {
      await project.cleanup()
    }
  })
})
