import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { makeProject } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

describe('a build that changes nothing', () => {
  it('rewrites no edition, and rewrites the one whose article changed', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/a.sv.md': '# Rubrik\n\nEn mening.\n', 'articles/b.sv.md': '# Annan\n\nEn annan mening.\n' })
    cleanups.push(made.cleanup)
    const inode = async (slug: string) => (await stat(join(made.dir, 'dist/editions/en', `${slug}.md`))).ino
    expect((await build({ cwd: made.dir })).exitCode).toBe(0)
    const before = { a: await inode('a'), b: await inode('b') }
    expect((await build({ cwd: made.dir })).exitCode).toBe(0)
    expect({ a: await inode('a'), b: await inode('b') }).toEqual(before)

    await writeFile(join(made.dir, 'articles/a.sv.md'), '# Rubrik\n\nEn ny mening.\n')
    expect((await build({ cwd: made.dir })).exitCode).toBe(0)
    expect(await inode('b')).toBe(before.b)
    expect(await inode('a')).not.toBe(before.a)
    expect(await made.read('dist/editions/en/a.md')).toContain('En ny mening.')
  })
})
