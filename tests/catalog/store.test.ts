import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { catalogPaths, journalMachine, putMachine, readCatalog, writeCatalog } from '../../src/catalog/store.ts'
import { makeProject } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function locales(files: Record<string, string> = {}) {
  const made = await makeProject(files, { locales: false })
  cleanups.push(made.cleanup)
  return join(made.dir, 'locales')
}

const lock = (engine: string, status: 'machine' | 'reviewed' = 'machine') => ({ engine, status, source: 'abc' })

/** Another writer (a review saved meanwhile) reads the catalog, sets `key` to a reviewed `text` and writes it. */
async function reviewElsewhere(dir: string, lang: string, slug: string, key: string, text: string): Promise<void> {
  const theirs = await readCatalog(dir, lang, slug)
  theirs.entries[key] = text
  theirs.lock[key] = lock('human', 'reviewed')
  await writeCatalog(dir, theirs)
}

describe('writing a catalog', () => {
  it('keeps what another writer changed on disk since the catalog was read, beside this process\'s own change', async () => {
    const dir = await locales({
      'locales/da/articles/a.json': JSON.stringify({ k1: 'Et', k2: 'To' }),
      'locales/da/articles/a.lock.json': JSON.stringify({ k1: lock('apertium'), k2: lock('apertium') }),
    })
    const ours = await readCatalog(dir, 'da', 'a')
    // k2 changes on disk after this process read the catalog.
    await reviewElsewhere(dir, 'da', 'a', 'k2', 'To (rettet)')
    // This process changes only k1.
    putMachine(ours, 'k1', 'Ét', lock('deepl'))
    await writeCatalog(dir, ours)
    const paths = catalogPaths(dir, 'da', 'a')
    expect(JSON.parse(await readFile(paths.entries, 'utf8'))).toEqual({ k1: 'Ét', k2: 'To (rettet)' })
    expect(JSON.parse(await readFile(paths.lock, 'utf8'))).toMatchObject({ k1: { engine: 'deepl' }, k2: { engine: 'human', status: 'reviewed' } })
  })

  it('keeps the files another writer made after this process found none, and writes its own answers beside them, the journal removed', async () => {
    const dir = await locales()
    const ours = await readCatalog(dir, 'nb', 'b')
    await journalMachine(dir, ours, [{ key: 'k1', text: 'En', lock: lock('apertium') }])
    // The other writer reads our journal (k1) too: it writes both, and removes the journal.
    await reviewElsewhere(dir, 'nb', 'b', 'k2', 'To')
    putMachine(ours, 'k3', 'Tre', lock('apertium'))
    await writeCatalog(dir, ours)
    const paths = catalogPaths(dir, 'nb', 'b')
    expect(JSON.parse(await readFile(paths.entries, 'utf8'))).toEqual({ k1: 'En', k2: 'To', k3: 'Tre' })
    await expect(readFile(paths.journal, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
