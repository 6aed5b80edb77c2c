import { afterEach, describe, expect, test } from 'vitest'
import { systemPrompt } from '../../src/engines/openai.ts'
import { configWith, runChain, unit } from './chain.ts'
import { chatCompletion, chatUnits, goodAnswer, openaiServer, type TestServer } from './servers.ts'

const key = 'sk-test-4d1e7b2a9f'
const env = { LLM_KEY: key }
let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

function openai(url: string, extra: Record<string, unknown> = {}) {
  return configWith({ openai: { baseUrl: `${url}/v1`, model: 'test-model', apiKeyEnv: 'LLM_KEY', retryDelay: 10, ...extra } }, { en: { engines: ['catalog', 'openai', 'pseudo'] } })
}

const paragraph = 'Spotify har bekräftat att annonserna inte längre sänds. Det sade bolaget.'
const units = [unit('a', 'Spotify har <g id="1">bekräftat</g> att <x id="2"/> inte längre sänds.', paragraph), unit('b', 'Det sade bolaget.', paragraph)]

describe('openai engine', () => {
  test('asks for JSON at temperature 0 with the units, their paragraph and the placeholders, and accepts the answer', async () => {
    server = await openaiServer({ key })
    const { outcome } = await runChain(openai(server.url), ['openai'], units, { env })

    expect(server.requests).toHaveLength(1)
    const request = server.requests[0]!
    expect(request.headers.authorization).toBe(`Bearer ${key}`)
    const { body, units: sent, target, paragraphs } = chatUnits(request)
    expect(body.model).toBe('test-model')
    expect(body.temperature).toBe(0)
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'translations', strict: true } })
    expect((body.messages as Array<{ role: string; content: string }>)[0]).toEqual({ role: 'system', content: systemPrompt })
    expect(target).toBe('English (en)')
    expect(paragraphs).toEqual([paragraph])
    expect(sent).toEqual([
      { id: '1', text: units[0]!.text, paragraph: 0 },
      { id: '2', text: units[1]!.text, paragraph: 0 },
    ])
    expect(outcome.answers.get('a')?.text).toBe('[EN] Spotify har <g id="1">[EN] bekräftat</g> [EN] att <x id="2"/> [EN] inte längre sänds.')
    expect(outcome.answers.get('b')).toMatchObject({ text: '[EN] Det sade bolaget.', engine: 'openai' })
  })

  test('sends at most batchSize units per request', async () => {
    server = await openaiServer({ key })
    const many = Array.from({ length: 25 }, (_, index) => unit(`u${index}`, `Mening ${index}.`))
    const { outcome } = await runChain(openai(server.url, { batchSize: 10 }), ['openai'], many, { env })
    expect(server.requests.map((request) => chatUnits(request).units.length)).toEqual([10, 10, 5])
    expect(outcome.answers.size).toBe(25)
  })

  test('a local server without a key gets no Authorization header', async () => {
    server = await openaiServer({})
    const config = configWith({ openai: { baseUrl: `${'http://127.0.0.1'}:${new URL((server as TestServer).url).port}/v1`, model: 'llama3.1' } }, { en: { engines: ['openai'] } })
    const { outcome } = await runChain(config, ['openai'], units, { env: { OPENAI_API_KEY: 'must-not-be-used' } })
    expect(server.requests[0]!.headers.authorization).toBeUndefined()
    expect(outcome.answers.size).toBe(2)
  })

  test('malformed JSON is sent back once with the problem stated, and the corrected answer is used', async () => {
    server = await openaiServer({ key, fault: (_request, index) => (index === 0 ? { body: chatCompletion('Here you go: {"translations": [') } : undefined) })
    const { outcome } = await runChain(openai(server.url), ['openai', 'pseudo'], units, { env })
    expect(server.requests).toHaveLength(2)
    const retry = chatUnits(server.requests[1]!).units
    expect(retry.map((item) => item.previous_problem)).toEqual([expect.stringMatching(/not JSON alone/), expect.stringMatching(/not JSON alone/)])
    expect(outcome.answers.get('a')?.engine).toBe('openai')
    expect(outcome.failures).toEqual([])
  })

  test('an answer that stays malformed after the retry sends its units to the next engine', async () => {
    server = await openaiServer({ key, fault: () => ({ body: chatCompletion('```json\n{"translations": []}\n```') }) })
    const { outcome } = await runChain(openai(server.url), ['openai', 'pseudo'], units, { env })
    expect(server.requests).toHaveLength(2)
    expect(outcome.answers.get('a')?.engine).toBe('pseudo')
    expect(outcome.failures.filter((failure) => failure.key === 'a')).toEqual([{ key: 'a', engine: 'openai', problem: expect.stringMatching(/not JSON alone/) }])
  })

  test('a wrong number of units is an invalid answer', async () => {
    server = await openaiServer({
      key,
      fault: (request, index) => {
        if (index > 0) return undefined
        const { units: sent, target } = chatUnits(request)
        return { body: chatCompletion(goodAnswer(sent.slice(0, 1), target)) }
      },
    })
    const { outcome } = await runChain(openai(server.url), ['openai'], units, { env })
    expect(chatUnits(server.requests[1]!).units[0]?.previous_problem).toMatch(/1 translations for 2 units/)
    expect(outcome.answers.size).toBe(2)
  })

  test('a dropped placeholder is caught, stated in the one retry, and only that unit is sent again', async () => {
    server = await openaiServer({
      key,
      fault: (request, index) => {
        if (index > 0) return undefined
        const { units: sent, target } = chatUnits(request)
        const answer = JSON.parse(goodAnswer(sent, target)) as { translations: Array<{ id: string; text: string }> }
        answer.translations[0]!.text = 'Spotify has confirmed that it is no longer broadcast.'
        return { body: chatCompletion(JSON.stringify(answer)) }
      },
    })
    const { outcome } = await runChain(openai(server.url), ['openai'], units, { env })
    expect(server.requests).toHaveLength(2)
    const retry = chatUnits(server.requests[1]!).units
    expect(retry).toHaveLength(1)
    expect(retry[0]!.text).toBe(units[0]!.text)
    expect(retry[0]!.previous_problem).toMatch(/placeholder 1 is missing; placeholder 2 is missing.*your answer was: Spotify has confirmed/)
    expect(outcome.answers.get('a')?.text).toContain('<g id="1">')
  })

  test('a truncated answer (finish_reason: length) is not accepted', async () => {
    server = await openaiServer({ key, fault: (request) => ({ body: chatCompletion(goodAnswer(chatUnits(request).units, 'en'), 'length') }) })
    const { outcome } = await runChain(openai(server.url), ['openai', 'pseudo'], units, { env })
    expect(outcome.failures.map((failure) => failure.problem)).toEqual(['the answer was cut off (finish_reason: length)', 'the answer was cut off (finish_reason: length)'])
    expect(outcome.answers.get('a')?.engine).toBe('pseudo')
  })

  test.each([
    ['content_filter', chatCompletion('', 'content_filter'), /content filter/],
    ['a refusal', chatCompletion('', 'stop', { content: null, refusal: 'I cannot help with that.' }), /the model refused: I cannot help with that/],
  ])('%s fails the batch without a retry', async (_name, body, problem) => {
    server = await openaiServer({ key, fault: () => ({ body }) })
    const { outcome } = await runChain(openai(server.url), ['openai', 'pseudo'], units, { env })
    expect(server.requests).toHaveLength(1)
    expect(outcome.failures[0]?.problem).toMatch(problem)
    expect(outcome.answers.get('b')?.engine).toBe('pseudo')
  })

  test('a rate-limit 429 waits for Retry-After and then succeeds', async () => {
    server = await openaiServer({
      key,
      fault: (_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } } } : undefined),
    })
    const { outcome } = await runChain(openai(server.url), ['openai'], units, { env })
    expect(server.requests).toHaveLength(2)
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950)
    expect(outcome.answers.size).toBe(2)
  }, 10_000)

  test('a connection reset in the middle of the answer body is retried and the translation arrives', async () => {
    server = await openaiServer({
      key,
      fault: (request, index) => (index === 0 ? { cutAfter: 30, body: chatCompletion(goodAnswer(chatUnits(request).units, chatUnits(request).target)) } : undefined),
    })
    const { outcome } = await runChain(openai(server.url), ['openai'], units, { env })
    expect(server.requests).toHaveLength(2)
    expect(outcome.failures).toEqual([])
    expect(outcome.answers.get('b')).toMatchObject({ engine: 'openai', text: '[EN] Det sade bolaget.' })
  })

  test('429 insufficient_quota stops the engine at once, like DeepL 456', async () => {
    server = await openaiServer({
      key,
      fault: () => ({ status: 429, body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } }),
    })
    const many = Array.from({ length: 45 }, (_, index) => unit(`u${index}`, `Mening ${index}.`))
    const { outcome } = await runChain(openai(server.url, { concurrency: 1 }), ['openai', 'pseudo'], many, { env })
    expect(server.requests).toHaveLength(1)
    expect(outcome.skipped).toEqual([{ engine: 'openai', reason: expect.stringMatching(/quota exhausted/) }])
    expect(outcome.answers.size).toBe(45)
  })

  test('a refused key that the server echoes never reaches a message', async () => {
    server = await openaiServer({ key: 'the-right-key' })
    const { outcome } = await runChain(openai(server.url), ['openai', 'pseudo'], units, { env })
    expect(server.requests).toHaveLength(1)
    expect(outcome.failures[0]?.problem).toMatch(/refused the key \(401\)/)
    expect(JSON.stringify(outcome)).not.toContain(key)
  })
})
