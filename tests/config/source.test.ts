import { afterEach, describe, expect, it } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { cliIn } from '../interchange/helpers.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

describe('the source language', () => {
  it('refuses any source but Swedish with exit 2, the place of the key and why', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'source: de\ntargets:\n  en: { engines: [identity] }\n', 'articles/a.de.md': '# Titel\n\nEin Satz.\n' })
    cleanups.push(made.cleanup)
    const { code, stderr } = await cliIn(made.dir)(['build'])
    expect(code).toBe(2)
    expect(stderr).toBe("tolk.config.yaml:1:9: Unsupported source language `de`, expected `sv`: segmentation, quotations and the glossary's morphology are Swedish at `source`\n")
  })
})
