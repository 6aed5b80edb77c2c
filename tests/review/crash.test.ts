import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addToMemory, readMemory, writeMemory } from '../../src/catalog/memory.ts'
import { readCatalog, writeCatalog } from '../../src/catalog/store.ts'
import { makeProject } from '../helpers/project.ts'
import { runCli, startReviewProcess } from './server.ts'

const sentences = ['Regeringen har inte kommenterat saken.', 'Myndigheten svarade inte på frågor.', 'Bolaget bekräftade uppgifterna i går.', 'Kampanjen pågick i flera månader.', 'Annonserna syntes i hela landet.', 'Kritiken kom från flera håll.']

function post(origin: string, token: string, body: unknown): Promise<number> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve) => {
    const sent = request({ host: hostname, port, path: '/api/approve', method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Tolk-Token': token, Origin: origin } }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode!))
    })
    // A server killed mid-save answers nothing.
    sent.on('error', () => resolve(0))
    sent.end(JSON.stringify(body))
  })
}

describe('kill -9 of the review server in the middle of a save', () => {
  let project: Awaited<ReturnType<typeof makeProject>>
  beforeAll(async () => {
    project = await makeProject({ 'tolk.config.yaml': 'targets:\n  da: { engines: [catalog, pseudo] }\n', 'articles/nyhet.sv.md': `${sentences.join(' ')}\n` })
    expect((await runCli(['build'], project.dir)).code).toBe(0)
  }, 60_000)
  afterAll(async () => project?.cleanup())

  const files = async () => ({
    catalog: JSON.parse(await project.read('locales/da/articles/nyhet.json')) as Record<string, string>,
    lock: JSON.parse(await project.read('locales/da/articles/nyhet.lock.json')) as Record<string, { status: string; reviewer?: string }>,
  })

  it('never loses a reviewed translation and never marks a machine draft reviewed, wherever the save is cut', async () => {
    const keys = Object.entries(JSON.parse(await project.read('locales/sv/articles/nyhet.json')) as Record<string, string>)
    const keyOf = (source: string) => keys.find(([, text]) => text === source)![0]
    // One review that completes, which every later cut must leave alone.
    const first = await startReviewProcess(project.dir, ['--reviewer', 'Per'])
    expect(await post(first.origin, first.token, { slug: 'nyhet', lang: 'da', key: keyOf(sentences[0]!), text: 'Regeringen har ikke kommenteret sagen.' })).toBe(200)
    await first.stop()
    const reviewed = new Map([[keyOf(sentences[0]!), 'Regeringen har ikke kommenteret sagen.']])

    const delays = [0, 20, 60, 150, 400]
    for (const [index, delay] of delays.entries()) {
      const source = sentences[index + 1]!
      const key = keyOf(source)
      const before = (await files()).catalog[key]!
      const text = `Oversat sætning nummer ${['en', 'to', 'tre', 'fire', 'fem'][index]}.`
      const server = await startReviewProcess(project.dir, ['--reviewer', 'Per'])
      const saving = post(server.origin, server.token, { slug: 'nyhet', lang: 'da', key, text })
      await new Promise((resolve) => setTimeout(resolve, delay))
      server.child.kill('SIGKILL')
      await server.stop()
      await saving

      // Whatever was on disk is whole: each file parses, and the unit has the old draft or the new text.
      const cut = await files()
      expect([before, text], `cut after ${delay} ms`).toContain(cut.catalog[key])
      if (cut.lock[key]!.status === 'reviewed') expect(cut.catalog[key]).toBe(text)
      // The next build makes the pair whole: the approved text is reviewed, a draft stays a draft.
      expect((await runCli(['build'], project.dir)).code).toBe(0)
      const after = await files()
      if (after.catalog[key] === text) {
        expect(after.lock[key], `cut after ${delay} ms`).toMatchObject({ status: 'reviewed', reviewer: 'Per' })
        reviewed.set(key, text)
      } else expect(after.lock[key]!.status).toBe('machine')
      for (const [done, kept] of reviewed) {
        expect(after.catalog[done]).toBe(kept)
        expect(after.lock[done]!.status).toBe('reviewed')
      }
      const checked = await runCli(['check'], project.dir)
      expect(checked.code, checked.stdout).toBe(0)
    }
  }, 400_000)
})

/**
 * The kill -9 test above cuts a save wherever its timer lands. These put the files in each state a
 * save can be cut in, as `approve` writes them (the memory first, then the catalog's text, then its
 * lock), so every cut is met on every run.
 */
describe('a save cut between its writes', () => {
  const source = sentences[0]!
  const text = 'Regeringen har ikke kommenteret sagen.'

  async function cutProject(files: Record<string, string> = {}) {
    const project = await makeProject({ 'tolk.config.yaml': 'targets:\n  da: { engines: [catalog, pseudo] }\n', 'articles/nyhet.sv.md': `${sentences.slice(0, 2).join(' ')}\n`, ...files })
    expect((await runCli(['build'], project.dir)).code).toBe(0)
    const locales = join(project.dir, 'locales')
    const sv = await readCatalog(locales, 'sv', 'nyhet')
    const key = Object.keys(sv.entries).find((candidate) => sv.entries[candidate] === source)!
    const draft = (await readCatalog(locales, 'da', 'nyhet')).entries[key]
    return { project, locales, key, draft }
  }
  const remember = async (locales: string, origin: string) => {
    const memory = await readMemory(locales, 'da')
    addToMemory(memory, { source, target: text, status: 'reviewed', origin, engine: 'human', reviewer: 'Per', reviewedAt: '2026-12-01T20:00:00.000Z' })
    await writeMemory(locales, memory)
  }
  const unitOf = async (locales: string, slug: string, key: string) => {
    const catalog = await readCatalog(locales, 'da', slug)
    return { text: catalog.entries[key], lock: catalog.lock[key] }
  }

  it('makes the unit reviewed on the next build when only the memory was written', async () => {
    const { project, locales, key, draft } = await cutProject()
    try {
      await remember(locales, 'article:nyhet')
      expect(await unitOf(locales, 'nyhet', key)).toMatchObject({ text: draft, lock: { status: 'machine' } })
      expect((await runCli(['build'], project.dir)).code).toBe(0)
      expect(await unitOf(locales, 'nyhet', key)).toMatchObject({ text, lock: { status: 'reviewed', reviewer: 'Per', reviewedAt: '2026-12-01T20:00:00.000Z' } })
      expect(await project.read('dist/editions/da/nyhet.md')).toContain(text)
      const checked = await runCli(['check'], project.dir)
      expect(checked.code, checked.stdout).toBe(0)
    } finally {
      await project.cleanup()
    }
  }, 120_000)

  it('makes the unit reviewed on the next build when the text was written but not its lock entry', async () => {
    const { project, locales, key } = await cutProject()
    try {
      await remember(locales, 'article:nyhet')
      const catalog = await readCatalog(locales, 'da', 'nyhet')
      catalog.entries[key] = text
      await writeCatalog(locales, catalog)
      expect(await unitOf(locales, 'nyhet', key)).toMatchObject({ text, lock: { status: 'machine' } })
      expect((await runCli(['build'], project.dir)).code).toBe(0)
      expect(await unitOf(locales, 'nyhet', key)).toMatchObject({ text, lock: { status: 'reviewed', reviewer: 'Per' } })
      expect(await project.read('dist/editions/da/nyhet.md')).toContain(text)
      const checked = await runCli(['check'], project.dir)
      expect(checked.code, checked.stdout).toBe(0)
    } finally {
      await project.cleanup()
    }
  }, 120_000)

  it('takes a remembered review back only into the article it was made in', async () => {
    const { project, locales, key, draft } = await cutProject({ 'articles/annan.sv.md': `${source}\n` })
    try {
      // The same sentence reviewed in another article: not a cut save of this one, so this draft stays a draft.
      await remember(locales, 'article:annan')
      expect((await runCli(['build'], project.dir)).code).toBe(0)
      expect(await unitOf(locales, 'nyhet', key)).toMatchObject({ text: draft, lock: { status: 'machine' } })
    } finally {
      await project.cleanup()
    }
  }, 120_000)
})
