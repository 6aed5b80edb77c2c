import { afterEach, describe, expect, test } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { keyLeaks, runCli } from '../helpers/cli.ts'
import { chatCompletion, chatUnits, deeplParams, deeplServer, fakeTranslate, openaiServer, type Reply, type TestServer } from '../engines/servers.ts'

/**
 * No piece of an API key — neither its first 4 characters nor any 8 in a row — may reach stdout,
 * stderr or any file, whatever the engine answers: an error message that echoes the key where a
 * 200-character cut splits it, a translation that contains it, an answer that is not JSON.
 */

const deeplKey = 'Qz7vK2pL9xWm4tRb8nYc:fx'
const openaiKey = 'sk-Zq8Wv3Lm5Tp7Rx2Ny6Kb4Hj'
const servers: TestServer[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function project(config: string) {
  const made = await makeProject({ 'tolk.config.yaml': config, 'articles/a.sv.md': '# Rubrik om staden\n\nEn mening om staden. En annan mening om hamnen.\n' })
  cleanups.push(made.cleanup)
  return made
}

const deeplConfig = (url: string) => `targets:\n  en: { engines: [catalog, deepl] }\nengines:\n  deepl: { serverUrl: "${url}", retries: 0, retryDelay: 1 }\n`
const openaiConfig = (url: string) => `targets:\n  en: { engines: [catalog, openai] }\nengines:\n  openai: { baseUrl: "${url}/v1", model: m, apiKeyEnv: LLM_KEY, retries: 0, retryDelay: 1 }\n`

/** An error message long enough that the key straddles the 200th character. */
const straddling = (key: string) => `${'x'.repeat(195)} ${key} and more`

describe('API keys in what an engine answers', () => {
  test.each<[string, (request: Parameters<typeof deeplParams>[0]) => Reply]>([
    ['a DeepL error message that echoes the key across the 200-character cut', () => ({ status: 400, body: { message: straddling(deeplKey) } })],
    ['a DeepL translation that contains the key', (request) => ({ body: { translations: deeplParams(request).texts.map((text) => ({ detected_source_language: 'SV', text: `${fakeTranslate(text, 'EN')} ${deeplKey}` })) } })],
    ['a DeepL translation that contains only the first half of the key', (request) => ({ body: { translations: deeplParams(request).texts.map((text) => ({ detected_source_language: 'SV', text: `${fakeTranslate(text, 'EN')} ${deeplKey.slice(0, 10)}` })) } })],
  ])('%s leaves no piece of it anywhere', async (_name, fault) => {
    const server = await deeplServer({ key: deeplKey, fault })
    servers.push(server)
    const { dir } = await project(deeplConfig(server.url))
    const run = await runCli(['build'], dir, { DEEPL_AUTH_KEY: deeplKey })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('not written: dist/editions/en/a.md')
    expect(await keyLeaks(deeplKey, run, dir)).toEqual([])
    const json = await runCli(['build', '--json'], dir, { DEEPL_AUTH_KEY: deeplKey })
    expect(await keyLeaks(deeplKey, json, dir)).toEqual([])
  })

  test.each<[string, (request: Parameters<typeof chatUnits>[0]) => Reply]>([
    ['an OpenAI-compatible error message that echoes the key across the 200-character cut', () => ({ status: 400, body: { error: { message: straddling(openaiKey), type: 'invalid_request_error', param: null, code: null } } })],
    ['an answer that is not JSON and starts with the key', () => ({ body: chatCompletion(`${openaiKey} is what you sent me`) })],
    ['a translation that contains the key', (request) => {
      const { units } = chatUnits(request)
      return { body: chatCompletion(JSON.stringify({ translations: units.map((unit) => ({ id: unit.id, text: `${fakeTranslate(unit.text, 'EN')} (${openaiKey})` })) })) }
    }],
    ['a refusal that quotes the key', () => ({ body: chatCompletion('', 'stop', { refusal: straddling(openaiKey) }) })],
  ])('%s leaves no piece of it anywhere', async (_name, fault) => {
    const server = await openaiServer({ key: openaiKey, fault })
    servers.push(server)
    const { dir } = await project(openaiConfig(server.url))
    const run = await runCli(['build'], dir, { LLM_KEY: openaiKey })
    expect(run.code).toBe(1)
    expect(await keyLeaks(openaiKey, run, dir)).toEqual([])
  })

  test('a refused key that the server echoes masked, as OpenAI does, leaves no piece of it anywhere', async () => {
    const server = await openaiServer({ key: 'sk-another-key-entirely-00' })
    servers.push(server)
    const { dir } = await project(openaiConfig(server.url))
    const run = await runCli(['build'], dir, { LLM_KEY: openaiKey })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('refused the key')
    expect(await keyLeaks(openaiKey, run, dir)).toEqual([])
  })
})
