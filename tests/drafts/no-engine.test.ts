import { createServer } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { loadConfig } from '../../src/commands/config.ts'
import { createEngines } from '../../src/translate/engines.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A port on 127.0.0.1 nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function run(args: string[], cwd: string) {
  let stdout = ''
  let stderr = ''
  const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, isTTY: false })
  return { code, stdout, stderr }
}

const article = `---
title: Ny budget i Borås
---

# Ny budget i Borås

Kommunen lånar mer pengar. Skatten höjs nästa år. Politikerna är oense om det mesta.

- Fler förskolor byggs.
- Vägarna lagas.
`

describe('English with no engine', () => {
  test('the build says so once, with the three ways to get one, lists no unit, and exits 1; --dry-run exits 1 too', async () => {
    const port = await closedPort()
    const made = await makeProject({
      'articles/budget.sv.md': article,
      'tolk.config.yaml': `targets:\n  en: { engines: [catalog, deepl, openai] }\nengines:\n  openai: { baseUrl: "http://127.0.0.1:${port}/v1", model: m }\n`,
    })
    cleanups.push(made.cleanup)
    const saved = process.env.DEEPL_AUTH_KEY
    delete process.env.DEEPL_AUTH_KEY
    try {
      const built = await run(['build'], made.dir)
      expect(built.code).toBe(1)
      const hints = built.stderr.split('\n').filter((line) => line.includes('no engine can translate into en'))
      expect(hints).toHaveLength(1)
      expect(hints[0]).toContain('deepl: no key: environment variable DEEPL_AUTH_KEY is not set')
      expect(hints[0]).toContain(`openai: no local server at http://127.0.0.1:${port}`)
      expect(hints[0]).toMatch(/reviewed catalog .*DEEPL_AUTH_KEY.*local OpenAI-compatible server/)
      expect(built.stderr).toContain('not written: dist/editions/en/budget.md: 7 segments without translation (no engine for en, see above)')
      expect(built.stderr).not.toContain('Skatten höjs')

      const dry = await run(['build', '--dry-run'], made.dir)
      expect(dry.code).toBe(1)
      expect(dry.stderr.split('\n').filter((line) => line.includes('no engine can translate into en'))).toHaveLength(1)
    } finally {
      if (saved !== undefined) process.env.DEEPL_AUTH_KEY = saved
    }
  }, 30_000)

  test('the shipped tolk.config.yaml does not skip a local OpenAI-compatible server for want of a key', async () => {
    const config = await loadConfig({ cwd: repoRoot })
    const engines = await createEngines(config, ['openai'], { env: {} })
    expect(engines.missing.get('openai')).toBeUndefined()
    expect(config.engines.openai?.apiKeyEnv).toBeUndefined()
  })

  test('apiKeyEnv naming an unset variable skips the engine and names the variable', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'engines:\n  openai: { baseUrl: "https://llm.example/v1", model: m, apiKeyEnv: TOLK_TEST_UNSET_KEY }\n' })
    cleanups.push(made.cleanup)
    const config = await loadConfig({ cwd: made.dir })
    const engines = await createEngines(config, ['openai'], { env: {} })
    expect(engines.missing.get('openai')).toBe('no key: environment variable TOLK_TEST_UNSET_KEY is not set')
  })
})
