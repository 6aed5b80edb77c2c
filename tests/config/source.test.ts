import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { cliIn } from '../interchange/helpers.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const exists = (path: string) => access(path).then(() => true, () => false)

describe('the source language', () => {
  it('is honoured: articles named by it, its catalog holding the units without a lock, the targets with theirs', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'source: de\ntargets:\n  en: { engines: [identity] }\n', 'articles/a.de.md': '# Titel\n\nEin Satz.\n' }, { locales: false })
    cleanups.push(made.cleanup)
    const { code, stderr } = await cliIn(made.dir)(['build'])
    expect(stderr).toContain('1 of 1 editions written')
    expect(code).toBe(0)
    expect(Object.values(JSON.parse(await made.read('locales/de/articles/a.json')) as Record<string, string>)).toEqual(['Titel', 'Ein Satz.'])
    expect(await exists(join(made.dir, 'locales/de/articles/a.lock.json'))).toBe(false)
    expect(await exists(join(made.dir, 'locales/sv'))).toBe(false)
    expect(Object.values(JSON.parse(await made.read('locales/en/articles/a.lock.json')) as Record<string, { engine: string }>).map((entry) => entry.engine)).toEqual(['identity', 'identity'])
    expect(await made.read('dist/editions/en/a.md')).toContain('source: articles/a.de.md')
  })

  it('refuses a source that is not a language code with exit 2 and the place of the key', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'source: Swedish!\ntargets:\n  en: { engines: [identity] }\n', 'articles/a.sv.md': '# Titel\n' })
    cleanups.push(made.cleanup)
    const { code, stderr } = await cliIn(made.dir)(['build'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^tolk\.config\.yaml:1:9: .*at `source`\n$/)
  })
})
