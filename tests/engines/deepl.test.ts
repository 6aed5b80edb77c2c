import { afterEach, describe, expect, test } from 'vitest'
import { configWith, runChain, unit } from './chain.ts'
import { deeplParams, deeplServer, fakeTranslate, type TestServer } from './servers.ts'

const key = 'test-deepl-key-5f3a9c:fx'
const env = { DEEPL_AUTH_KEY: key }
let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

function deepl(url: string, extra: Record<string, unknown> = {}) {
  return configWith({ deepl: { authKeyEnv: 'DEEPL_AUTH_KEY', serverUrl: url, retryDelay: 10, ...extra } }, { en: { engines: ['catalog', 'deepl', 'pseudo'] } })
}

describe('deepl engine', () => {
  test('sends Swedish units with their placeholders as XML to /v2/translate and accepts them back', async () => {
    server = await deeplServer({ key })
    const units = [
      unit('a', 'Spotify har <g id="1">bekräftat</g> att <x id="2"/> inte längre sänds.', 'Spotify har bekräftat att annonserna inte längre sänds. Det sade bolaget.'),
      unit('b', 'Det sade bolaget &amp; dess talesperson.', 'Spotify har bekräftat att annonserna inte längre sänds. Det sade bolaget.'),
    ]
    const { outcome } = await runChain(deepl(server.url), ['catalog', 'deepl'], units, { env })

    expect(server.requests).toHaveLength(1)
    const [request] = server.requests
    expect(request!.headers.authorization).toBe(`DeepL-Auth-Key ${key}`)
    expect(request!.headers['user-agent']).toMatch(/tolk/)
    const { texts, params } = deeplParams(request!)
    expect(texts).toEqual(units.map((item) => item.text))
    expect(params.get('source_lang')?.toUpperCase()).toBe('SV')
    expect(params.get('target_lang')?.toUpperCase()).toBe('EN-GB')
    expect(params.get('tag_handling')).toBe('xml')
    expect(params.get('context')).toBe('Spotify har bekräftat att annonserna inte längre sänds. Det sade bolaget.')
    expect(outcome.answers.get('a')?.text).toBe('[EN-GB] Spotify har <g id="1">[EN-GB] bekräftat</g> [EN-GB] att <x id="2"/> [EN-GB] inte längre sänds.')
    expect(outcome.answers.get('b')?.engine).toBe('deepl')
    expect(outcome.characters.deepl).toBe([...units[0]!.text].length + [...units[1]!.text].length)
  })

  test('maps each target language to its DeepL code, with the config able to override', async () => {
    server = await deeplServer({ key })
    const config = configWith({ deepl: { serverUrl: server.url, targetLangs: { en: 'EN-US' } } }, { en: { engines: ['deepl'] }, nb: { engines: ['deepl'] } })
    await runChain(config, ['deepl'], [unit('a', 'Hej.')], { env, target: 'en' })
    await runChain(config, ['deepl'], [unit('a', 'Hej.')], { env, target: 'nb' })
    // deepl-node writes codes as `en-US`; DeepL reads them case-insensitively.
    expect(server.requests.map((request) => deeplParams(request).params.get('target_lang')?.toUpperCase())).toEqual(['EN-US', 'NB'])
  })

  test('never puts more than 50 texts or 128 KiB into one request', async () => {
    server = await deeplServer({ key })
    const short = Array.from({ length: 120 }, (_, index) => unit(`s${index}`, `Mening nummer ${index} om Spotify.`))
    const long = Array.from({ length: 12 }, (_, index) => unit(`l${index}`, `Början <x id="1"/> ${'långt stycke med åäö & mer. '.repeat(1000)}${index}`))
    const { outcome } = await runChain(deepl(server.url), ['deepl'], [...short, ...long], { env })

    expect(outcome.answers.size).toBe(132)
    for (const request of server.requests) {
      expect(deeplParams(request).texts.length).toBeLessThanOrEqual(50)
      expect(Buffer.byteLength(request.raw)).toBeLessThanOrEqual(128 * 1024)
    }
    expect(server.requests.length).toBeGreaterThanOrEqual(3 + 3)
  })

  test('a 429 pauses every request to DeepL until Retry-After has passed, then the batch succeeds', async () => {
    server = await deeplServer({ key, delayMs: 100, fault: (_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: '' } : undefined) })
    // Six requests of 50 units, two at a time, so the queue has work to hold back while paused.
    const units = Array.from({ length: 300 }, (_, index) => unit(`u${index}`, `Mening ${index}.`))
    const { outcome } = await runChain(deepl(server.url, { concurrency: 2 }), ['deepl'], units, { env })
    expect(outcome.answers.size).toBe(300)
    expect(server.requests).toHaveLength(7)
    const first = server.requests[0]!.at
    const later = server.requests.slice(2)
    expect(later.length).toBeGreaterThan(0)
    for (const request of later) expect(request.at - first).toBeGreaterThanOrEqual(950)
  }, 10_000)

  test.each([500, 504, 529])('a %i is retried with backoff and the translation arrives', async (status) => {
    server = await deeplServer({ key, fault: (_request, index) => (index < 2 ? { status, body: { message: 'Internal error' } } : undefined) })
    const { outcome } = await runChain(deepl(server.url), ['deepl'], [unit('a', 'Hej världen.')], { env })
    expect(server.requests).toHaveLength(3)
    expect(outcome.answers.get('a')?.text).toBe('[EN-GB] Hej världen.')
    expect(outcome.failures).toEqual([])
  })

  test('a connection reset in the middle of the answer body is retried and the translation arrives', async () => {
    server = await deeplServer({
      key,
      // The first answer is a real 200 with a Content-Length, cut after 30 bytes of its body by a TCP reset.
      fault: (request, index) => (index === 0 ? { cutAfter: 30, body: { translations: deeplParams(request).texts.map((text) => ({ detected_source_language: 'SV', text: fakeTranslate(text, 'EN-GB') })) } } : undefined),
    })
    const { outcome } = await runChain(deepl(server.url), ['deepl'], [unit('a', 'Hej världen.')], { env })
    expect(server.requests).toHaveLength(2)
    expect(outcome.failures).toEqual([])
    expect(outcome.answers.get('a')).toMatchObject({ engine: 'deepl', text: '[EN-GB] Hej världen.' })
  })

  test('a server that never answers is abandoned after the timeout and the unit falls through to the next engine', async () => {
    server = await deeplServer({ key, fault: () => ({ hang: true }) })
    const started = performance.now()
    const { outcome } = await runChain(deepl(server.url, { timeout: 200, retries: 1 }), ['deepl', 'pseudo'], [unit('a', 'Hej världen.')], { env })
    expect(performance.now() - started).toBeLessThan(3000)
    expect(server.requests).toHaveLength(2)
    expect(outcome.failures).toEqual([{ key: 'a', engine: 'deepl', problem: 'no answer within 200 ms' }])
    expect(outcome.answers.get('a')?.engine).toBe('pseudo')
  })

  test('403 says the key was refused, is not retried, stops DeepL and lets the next engine translate', async () => {
    server = await deeplServer({ key: 'another-key' })
    const units = Array.from({ length: 60 }, (_, index) => unit(`u${index}`, `Mening ${index}.`))
    const { outcome, engines } = await runChain(deepl(server.url, { concurrency: 1 }), ['catalog', 'deepl', 'pseudo'], units, { env })
    expect(server.requests).toHaveLength(1)
    expect(outcome.failures[0]?.problem).toMatch(/DeepL refused the key \(403\)/)
    expect(JSON.stringify(outcome)).not.toContain(key)
    expect(outcome.skipped).toEqual([{ engine: 'deepl', reason: expect.stringMatching(/refused the key/) }])
    expect([...outcome.answers.values()].every((answer) => answer.engine === 'pseudo')).toBe(true)
    expect(engines.slots.get('deepl')?.stopped).toMatch(/403/)
  })

  test('456 stops DeepL for the rest of the build: what was translated before is kept, the rest falls through', async () => {
    server = await deeplServer({ key, fault: (_request, index) => (index === 1 ? { status: 456, body: { message: 'Quota for this billing period has been exceeded.' } } : undefined) })
    const units = Array.from({ length: 150 }, (_, index) => unit(`u${index}`, `Mening ${index}.`))
    const { outcome, saved } = await runChain(deepl(server.url, { concurrency: 1 }), ['deepl'], units, { env })
    expect(server.requests).toHaveLength(2)
    expect(saved).toHaveLength(1)
    expect(saved[0]).toHaveLength(50)
    expect(outcome.answers.size).toBe(50)
    expect(outcome.skipped[0]?.reason).toMatch(/quota exhausted \(456\)/)
  })

  test('after a 456 the next language of the same build does not call DeepL at all', async () => {
    server = await deeplServer({ key, fault: () => ({ status: 456, body: { message: 'Quota for this billing period has been exceeded.' } }) })
    const config = deepl(server.url)
    const first = await runChain(config, ['deepl'], [unit('a', 'Hej.')], { env })
    const second = await runChain(config, ['deepl'], [unit('a', 'Hej.')], { env, target: 'nb', engines: first.engines.slots })
    expect(server.requests).toHaveLength(1)
    expect(second.outcome.skipped).toEqual([{ engine: 'deepl', reason: expect.stringMatching(/quota exhausted \(456\)/) }])
  })
})
