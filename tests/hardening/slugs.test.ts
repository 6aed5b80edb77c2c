import { afterEach, describe, expect, test } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'

/** Slugs name files: two articles may not share one, and none may collide with the catalog naming. */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function build(files: Record<string, string>) {
  const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/bra.sv.md': '# Rubrik\n\nEn vanlig mening.\n', ...files })
  cleanups.push(made.cleanup)
  return { ...made, run: await runCli(['build'], made.dir) }
}

describe('slugs', () => {
  test('two articles with the same slug are both named with the slug line, the others build, exit 2', async () => {
    const { run, read } = await build({
      'articles/ett.sv.md': '---\ntitle: Ett\nslug: samma\n---\n\nEtt.\n',
      'articles/tva.sv.md': '---\ntitle: Två\ndate: 2026-01-01\nslug: samma\n---\n\nTvå.\n',
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('articles/ett.sv.md:3:1: Duplicate slug `samma`, expected each article to have its own (also used by articles/tva.sv.md:4:1)')
    expect(run.stderr).toContain('articles/tva.sv.md:4:1: Duplicate slug `samma`, expected each article to have its own (also used by articles/ett.sv.md:3:1)')
    expect(await read('dist/editions/en/bra.md')).toContain('En vanlig mening.')
    const report = JSON.parse(await read('dist/editions/report.json')) as { articles: Array<{ source: string; problems: unknown[]; editions: unknown[] }> }
    expect(report.articles.map((article) => [article.source, article.problems.length, article.editions.length])).toEqual([
      ['articles/bra.sv.md', 0, 1],
      ['articles/ett.sv.md', 1, 0],
      ['articles/tva.sv.md', 1, 0],
    ])
  })

  test('a file name whose slug collides with the catalog naming is refused', async () => {
    const { run, read } = await build({ 'articles/x.sv.md': '# X\n\nEtt.\n', 'articles/x.lock.sv.md': '# X lock\n\nTvå.\n' })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('articles/x.lock.sv.md: Invalid slug `x.lock` from the file name, expected letters, digits, `-` and `_` (not one ending in `.lock`, which names lock files)')
    expect(await read('dist/editions/en/x.md')).toContain('Ett.')
    expect(JSON.parse(await read('locales/sv/articles/x.json'))).not.toHaveProperty('lock')
  })

  test('an invalid front-matter slug is placed at its own line', async () => {
    const { run } = await build({ 'articles/fel.sv.md': '---\ntitle: Fel\ndate: 2026-01-01\nslug: "../ut"\n---\n\nText.\n' })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('articles/fel.sv.md:4:1: Invalid front matter: expected `slug` to be letters, digits and dashes, got `../ut`')
  })
})
