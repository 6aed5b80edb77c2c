import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { check } from '../../src/commands/check.ts'
import { readCatalog } from '../../src/catalog/store.ts'
import { approve as approveUnit } from '../../src/commands/approve.ts'
import { loadStatusProject } from '../../src/commands/status.ts'
import { makeProject } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const article = (second: string) => `---\ntitle: Spotify och ICE\n---\n\nSpotify sänder inte längre annonser för ICE i USA. ${second}\n`
const config = 'targets:\n  da: { engines: [catalog, pseudo] }\n'

async function project(files: Record<string, string> = {}) {
  const made = await makeProject({ 'tolk.config.yaml': config, 'articles/spotify.sv.md': article('Kampanjen avslutades i slutet av 2025 enligt bolaget.'), ...files })
  cleanups.push(made.cleanup)
  return made
}

/** Approve a unit as the review app does (validated; the text into the catalog, the lock says reviewed). */
async function approve(dir: string, slug: string, source: string, text: string) {
  const sv = await readCatalog(join(dir, 'locales'), 'sv', slug)
  const key = Object.keys(sv.entries).find((candidate) => sv.entries[candidate] === source)!
  const result = await approveUnit(await loadStatusProject({ cwd: dir }), { slug, lang: 'da', key, text }, { reviewer: 'Anna Lindqvist', now: new Date('2026-12-01T20:00:00.000Z'), rebuild: false })
  expect(result).toEqual({ saved: true, problems: [] })
  return key
}

describe('review states through builds', () => {
  it('keeps a reviewed translation as memory and suggestion when its source sentence changes, and check stays clean', async () => {
    const { dir, read } = await project()
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    const lock1 = JSON.parse(await read('locales/da/articles/spotify.lock.json')) as Record<string, { status: string }>
    expect(Object.values(lock1).map((entry) => entry.status)).toEqual(['machine', 'machine', 'machine'])
    const oldKey = await approve(dir, 'spotify', 'Kampanjen avslutades i slutet av 2025 enligt bolaget.', 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    expect(await read('dist/editions/da/spotify.md')).toContain('Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    expect(await read('dist/editions/da/spotify.md')).toMatch(/units_reviewed: 1\nunits_machine: 2\n/)

    await writeFile(join(dir, 'articles/spotify.sv.md'), article('Kampanjen avslutades i slutet av 2025 enligt företaget.'))
    const rebuilt = await build({ cwd: dir })
    expect(rebuilt.exitCode).toBe(0)
    const catalog = JSON.parse(await read('locales/da/articles/spotify.json')) as Record<string, string>
    const lock = JSON.parse(await read('locales/da/articles/spotify.lock.json')) as Record<string, { status: string; reason?: string; suggestion?: { text: string; similarity: number; source: string; reviewer?: string } }>
    expect(catalog[oldKey]).toBeUndefined()
    const waiting = Object.entries(lock).filter(([, entry]) => entry.status === 'needs-review')
    expect(waiting).toHaveLength(1)
    expect(waiting[0]![1].reason).toBe('source-changed')
    expect(waiting[0]![1].suggestion).toMatchObject({ text: 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.', source: 'Kampanjen avslutades i slutet av 2025 enligt bolaget.', reviewer: 'Anna Lindqvist' })
    expect(waiting[0]![1].suggestion!.similarity).toBeCloseTo(8 / 9)
    const memory = JSON.parse(await read('locales/da/memory.json')) as { version: number; entries: Record<string, { target: string; status: string; origin: string }> }
    expect(Object.values(memory.entries)).toContainEqual(expect.objectContaining({ target: 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.', status: 'reviewed', origin: 'article:spotify' }))
    expect(await read('dist/editions/da/spotify.md')).toMatch(/units_reviewed: 0\nunits_machine: 3\n/)

    const checked = await check({ cwd: dir })
    expect(checked.findings.filter((finding) => finding.severity === 'error')).toEqual([])
    expect(checked.exitCode).toBe(0)
  })

  it('takes an exact reviewed translation from another article as it is, with provenance memory', async () => {
    const { dir, read } = await project({ 'articles/other.sv.md': 'Ett helt annat stycke.\n' })
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    await approve(dir, 'spotify', 'Kampanjen avslutades i slutet av 2025 enligt bolaget.', 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    await writeFile(join(dir, 'articles/other.sv.md'), 'Ett helt annat stycke. Kampanjen avslutades i slutet av 2025 enligt bolaget.\n')
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    const lock = JSON.parse(await read('locales/da/articles/other.lock.json')) as Record<string, { status: string; engine: string; reviewer?: string }>
    expect(Object.values(lock)).toContainEqual(expect.objectContaining({ status: 'reviewed', engine: 'memory', reviewer: 'Anna Lindqvist' }))
    expect(await read('dist/editions/da/other.md')).toContain('Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    expect((await check({ cwd: dir })).exitCode).toBe(0)
  })

  it('shows a reviewed translation in its edition when an article listed before it has the same sentence as a machine draft', async () => {
    const { dir, read } = await project({ 'articles/annan.sv.md': 'Kampanjen avslutades i slutet av 2025 enligt bolaget.\n' })
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    const key = await approve(dir, 'spotify', 'Kampanjen avslutades i slutet av 2025 enligt bolaget.', 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    expect((JSON.parse(await read('locales/da/articles/spotify.lock.json')) as Record<string, { status: string }>)[key]!.status).toBe('reviewed')
    expect(await read('dist/editions/da/spotify.md')).toContain('Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    expect(await read('dist/editions/da/spotify.md')).toMatch(/units_reviewed: 1\n/)
    // The other article's edition keeps its own draft, as its lock says.
    expect((JSON.parse(await read('locales/da/articles/annan.lock.json')) as Record<string, { status: string }>)[key]!.status).toBe('machine')
    expect(await read('dist/editions/da/annan.md')).toContain(JSON.parse(await read('locales/da/articles/annan.json'))[key])
    expect(await read('dist/editions/da/annan.md')).toMatch(/units_reviewed: 0\n/)
    expect((await check({ cwd: dir })).exitCode).toBe(0)
  })

  it('shows each article its own review when two articles have the same sentence reviewed differently', async () => {
    const { dir, read } = await project({ 'articles/annan.sv.md': 'Kampanjen avslutades i slutet av 2025 enligt bolaget.\n' })
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    await approve(dir, 'annan', 'Kampanjen avslutades i slutet av 2025 enligt bolaget.', 'Kampagnen endte i slutningen af 2025 ifølge selskabet.')
    await approve(dir, 'spotify', 'Kampanjen avslutades i slutet av 2025 enligt bolaget.', 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    expect(await read('dist/editions/da/annan.md')).toContain('Kampagnen endte i slutningen af 2025 ifølge selskabet.')
    expect(await read('dist/editions/da/spotify.md')).toContain('Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    expect((await check({ cwd: dir })).exitCode).toBe(0)
  })

  it('sends a reviewed unit back to review when a glossary change touches its terms, keeping the reviewed text', async () => {
    const glossary = (da: string) => `terms:\n  - id: kampanj\n    sv: kampanj\n    sv_forms: { def: kampanjen, pl: kampanjer, defpl: kampanjerna }\n    targets:\n      da: { term: ${da}, def: ${da}n, pl: ${da}r, defpl: ${da}rne }\n`
    const { dir, read } = await project({ 'glossary/terms.yaml': glossary('kampagne') })
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    const key = await approve(dir, 'spotify', 'Kampanjen avslutades i slutet av 2025 enligt bolaget.', 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.')
    // A build under the same glossary leaves the review alone.
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    expect((JSON.parse(await read('locales/da/articles/spotify.lock.json')) as Record<string, { status: string }>)[key]!.status).toBe('reviewed')
    await writeFile(join(dir, 'glossary/terms.yaml'), glossary('aktion'))
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    const lock = JSON.parse(await read('locales/da/articles/spotify.lock.json')) as Record<string, { status: string; reason?: string; suggestion?: { text: string; similarity: number } }>
    expect(lock[key]).toMatchObject({ status: 'needs-review', reason: 'glossary-changed', suggestion: { text: 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.', similarity: 1 } })
    expect(JSON.parse(await read('locales/da/articles/spotify.json'))[key]).toContain('Aktionn')
    const memory = JSON.parse(await read('locales/da/memory.json')) as { entries: Record<string, { target: string; status: string }> }
    expect(Object.values(memory.entries)).toContainEqual(expect.objectContaining({ target: 'Kampagnen sluttede i slutningen af 2025 ifølge selskabet.', status: 'reviewed' }))
    expect((await check({ cwd: dir })).exitCode).toBe(0)
  })
})
