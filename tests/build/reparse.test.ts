import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { visit } from 'unist-util-visit'
import { afterEach, describe, expect, it } from 'vitest'
import { build, type BuildEvent } from '../../src/commands/build.ts'
import { loadConfig } from '../../src/commands/config.ts'
import { loadAgain, loadArticle, unitsOnly } from '../../src/project/article.ts'
import { article as benchArticle } from '../../bench/corpus.ts'
import { filesUnder, makeProject, repoRoot } from '../helpers/project.ts'

const seed = await readFile(join(repoRoot, 'articles', 'spotify-ice-annonser.sv.md'), 'utf8')

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const files = {
  'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n  da: { engines: [apertium] }\n  nb: { engines: [catalog] }\n',
  'articles/spotify-ice-annonser.sv.md': seed,
  // A shared sentence, a table, an image's alt text, a link's title and an unbalanced quotation mark (a warning).
  'articles/kort.sv.md': '---\ntitle: Kort om ICE\n---\n\n# Kort artikel\n\nSpotify säger att annonserna har tagits bort.\n\n| Land | Antal |\n| --- | --- |\n| Sverige | 1 850,2 |\n\n![Ett foto av hamnen](hamn.jpg "Hamnen i Göteborg")\n\nHan sa: ”Det här är inte rätt och vi vet det.\n',
  'articles/generated-1.sv.md': benchArticle(1),
  'articles/generated-2.sv.md': benchArticle(2),
}

describe('A build that parses each article again to render it', () => {
  it('writes the same editions, catalogs and report, byte for byte, and emits the same events, as a build that holds every parsed article', async () => {
    const held = await makeProject(files)
    const again = await makeProject(files)
    cleanups.push(held.cleanup, again.cleanup)
    const events: BuildEvent[][] = [[], []]
    const results = [
      await build({ cwd: held.dir, onEvent: (event) => events[0]!.push(event) }),
      await build({ cwd: again.dir, holdBytes: 0, onEvent: (event) => events[1]!.push(event) }),
    ]
    // nb has only the catalog engine: its editions are not written, the exit code says so.
    expect(results.map((result) => result.exitCode)).toEqual([1, 1])
    // The big build's report was spooled as it went and is read back from report.json when asked for.
    expect(results[1]!.report).toEqual(results[0]!.report)
    expect(results[1]!.summary).toEqual(results[0]!.summary)
    expect(results[0]!.summary.articles.map((article) => article.editions.length)).toEqual([3, 3, 3, 3])
    expect(events[1]).toEqual(events[0])
    expect(events[0]!.some((event) => event.type === 'problem' && event.problem.ruleId === 'quote-unbalanced')).toBe(true)
    for (const folder of ['dist', 'locales']) {
      const [a, b] = [await filesUnder(join(held.dir, folder)), await filesUnder(join(again.dir, folder))]
      expect(Object.keys(a).length).toBeGreaterThan(8)
      expect(b).toEqual(a)
      // No spool or other temporary file is left behind.
      expect(Object.keys(b).filter((path) => path.includes('.tolk-tmp'))).toEqual([])
    }
    expect(results[1]!.editions.map((edition) => [edition.path, edition.markdown])).toEqual(results[0]!.editions.map((edition) => [edition.path, edition.markdown]))
  })

  it('gives the same editions in its result when it writes nothing', async () => {
    const made = await makeProject(files)
    cleanups.push(made.cleanup)
    const [held, again] = [await build({ cwd: made.dir, write: false }), await build({ cwd: made.dir, write: false, holdBytes: 0 })]
    expect(held.editions.length).toBeGreaterThan(4)
    expect(again.editions).toEqual(held.editions)
    expect(again.report).toEqual(held.report)
  })
})

describe("An article's compact copy", () => {
  it("reaches none of the article's tree nodes, and parsing it again gives the same units", async () => {
    const made = await makeProject(files)
    cleanups.push(made.cleanup)
    const config = await loadConfig({ cwd: made.dir })
    const path = join(made.dir, 'articles', 'kort.sv.md')
    const article = loadArticle(await readFile(path), path, 'articles/kort.sv.md', config)
    const nodes = new Set<object>()
    visit(article.parsed.tree, (node) => void nodes.add(node))
    const copy = unitsOnly(article)

    // Everything the copy reaches: objects, arrays, maps.
    const reached = new Set<object>()
    const stack: unknown[] = [copy]
    while (stack.length) {
      const value = stack.pop()
      if (typeof value !== 'object' || value === null || reached.has(value)) continue
      reached.add(value)
      if (value instanceof Map) for (const [key, each] of value) stack.push(key, each)
      else for (const each of Object.values(value)) stack.push(each)
    }
    expect(reached.size).toBeGreaterThan(10)
    expect([...reached].filter((value) => nodes.has(value))).toEqual([])
    expect(copy.segmentation.units.map((unit) => unit.key)).toEqual(article.segmentation.units.map((unit) => unit.key))

    const parsed = loadAgain(copy, config)
    expect(parsed.segmentation.units.map(({ key, text, line, column }) => ({ key, text, line, column }))).toEqual(article.segmentation.units.map(({ key, text, line, column }) => ({ key, text, line, column })))
    expect(parsed.sha256).toBe(article.sha256)
  })
})
