import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { build } from '../../src/commands/build.ts'
import { frontmatterYaml } from '../../src/document/render.ts'
import { stableJson, stableJsonPieces, writeJsonAtomic } from '../../src/fs/atomic.ts'
import { makeProject } from '../helpers/project.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const article = [
  '---',
  'title: Kampanjen som upphörde',
  'tags: [nyheter, "ja: nej"]',
  '---',
  '',
  '# Rekryteringskampanjen',
  '',
  '”Det finns för närvarande inga annonser på Spotify, det har vi sagt många gånger,” uppgav företaget.',
  '',
  'Myndigheten har under flera år varit föremål för *politisk* granskning, enligt [DHS](https://www.dhs.gov/ "DHS riktlinjer").',
  '',
].join('\n')

describe('what a build writes, made piece by piece', () => {
  it('is the report as stableJson writes the returned report, byte for byte', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n  da: { engines: [identity] }\n', 'articles/a.sv.md': article, 'articles/b.sv.md': article.replace('title: Kampanjen', 'title: En annan kampanj').replace('slug', 'x') })
    cleanups.push(made.cleanup)
    const result = await build({ cwd: made.dir })
    expect(result.exitCode).toBe(0)
    expect(await made.read('dist/editions/report.json')).toBe(stableJson(result.report))
  })

  it('gives each written edition’s Markdown in the result as the file holds it, the same as a build that writes nothing', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/a.sv.md': article })
    cleanups.push(made.cleanup)
    const dry = await build({ cwd: made.dir, write: false })
    const written = await build({ cwd: made.dir })
    expect(written.editions.map((edition) => edition.path)).toEqual(['dist/editions/en/a.md'])
    expect(written.editions[0]!.markdown).toBe(await readFile(join(made.dir, 'dist/editions/en/a.md'), 'utf8'))
    expect(written.editions[0]!.markdown).toBe(dry.editions[0]!.markdown)
    expect(written.editions[0]!.markdown).toContain('tags:\n  - nyheter\n  - "ja: nej"\n')
  })
})

describe('JSON in pieces', () => {
  it('joins to stableJson’s text for values with undefined, functions, empty and nested containers and unicode', async () => {
    const values: unknown[] = [
      1,
      'ö\u2028"\n',
      null,
      [],
      {},
      [undefined, () => 1, 1, [], {}, { z: 1, a: [1, { c: 2, b: 3 }] }],
      { b: undefined, a: { d: [], c: {} }, f: () => 1, e: [{ y: undefined, x: 'å' }], list: [[1, [2, { b: 1, a: 2 }]]] },
      { articles: [{ source: 'a', editions: [{ terms: [{ line: 1, entry: 'e' }] }] }, { problems: [{ line: undefined, message: 'm' }] }], skipped: {} },
    ]
    for (const value of values) expect([...stableJsonPieces(value)].join('')).toBe(stableJson(value))
    const made = await makeProject({}, { locales: false })
    cleanups.push(made.cleanup)
    await writeJsonAtomic(join(made.dir, 'deep/down/report.json'), values[7])
    expect(await made.read('deep/down/report.json')).toBe(stableJson(values[7]))
  })
})

describe('an edition’s front matter', () => {
  it('is the yaml package’s own text, also for values that need quotes, lists, nested maps and a list under two keys', () => {
    const shared = ['a', 'b']
    const cases: Array<Record<string, unknown>> = [
      { title: 'Artikel 1 om kampanjen', lang: 'en', engines: ['catalog', 'identity'], quotes_flagged: 0, units_reviewed: 3, notice: 'Machine translation: see source' },
      { title: 'yes', number: '123e4', hex: '0x1F', empty: '', colon: 'a: b', hash: 'a #b', dash: '- x', quote: '"x"', multi: 'line one\nline two', space: ' lead', bool: true, none: null, list: [], float: 1.5, big: 1e21 },
      { nested: { a: 1, b: [1, 2] }, title: 'x' },
      { one: shared, two: shared },
      {},
    ]
    for (const frontmatter of cases) {
      expect(frontmatterYaml(frontmatter)).toBe(stringify(frontmatter, { lineWidth: 0 }))
      // Again, from what it remembered.
      expect(frontmatterYaml(frontmatter)).toBe(stringify(frontmatter, { lineWidth: 0 }))
    }
  })
})
