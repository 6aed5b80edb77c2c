import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { makeProject, sharedDir } from '../helpers/project.ts'
import { renderHtml, tagSkeleton } from '../helpers/html.ts'

interface Example {
  markdown: string
  example: number
}

const examples = JSON.parse(await readFile(join(sharedDir, 'testdata', 'commonmark-spec.json'), 'utf8')) as Example[]
const name = (example: Example) => `ex-${String(example.example).padStart(3, '0')}`

/** Every CommonMark example is one article; the edition of each is compared with its source. */
async function buildAll(engine: 'identity' | 'pseudo') {
  const files: Record<string, string> = {
    'tolk.config.yaml': `targets:\n  en: { engines: [${engine}] }\nquotes: { policy: translate, flag: none }\n`,
  }
  for (const example of examples) files[`articles/${name(example)}.sv.md`] = example.markdown
  const project = await makeProject(files)
  const result = await build({ cwd: project.dir })
  const editions = new Map(result.editions.map((edition) => [edition.slug, edition.markdown]))
  return { project, result, editions }
}

describe('CommonMark spec examples as articles', () => {
  let identity: Awaited<ReturnType<typeof buildAll>>
  let pseudo: Awaited<ReturnType<typeof buildAll>>
  beforeAll(async () => {
    identity = await buildAll('identity')
    pseudo = await buildAll('pseudo')
  })
  afterAll(async () => {
    await identity?.project.cleanup()
    await pseudo?.project.cleanup()
  })

  it('has all 655 examples to run', () => {
    expect(examples).toHaveLength(655)
  })

  it('renders at least 653 identity editions to the same HTML as their sources', () => {
    const same = examples.filter((example) => {
      const edition = identity.editions.get(name(example))
      return edition !== undefined && renderHtml(edition) === renderHtml(example.markdown)
    })
    expect(same.length).toBeGreaterThanOrEqual(653)
  })

  it('refuses only the example whose front matter is not a mapping, with its line and column', () => {
    const refused = identity.result.report.articles.filter((article) => article.problems.some((problem) => problem.severity === 'error'))
    expect(refused.map((article) => article.slug)).toEqual(['ex-096'])
    expect(refused[0]!.problems[0]).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('expected a YAML mapping') })
    expect(identity.result.exitCode).toBe(2)
  })

  it('keeps the tag skeleton (elements, href, src) of at least 653 examples through pseudo-localization', () => {
    const same = examples.filter((example) => {
      const edition = pseudo.editions.get(name(example))
      return edition !== undefined && JSON.stringify(tagSkeleton(edition)) === JSON.stringify(tagSkeleton(example.markdown))
    })
    expect(same.length).toBeGreaterThanOrEqual(653)
  })

  it('changes the text of most pseudo editions, so the skeleton check compares translated output', () => {
    const changed = examples.filter((example) => {
      const edition = pseudo.editions.get(name(example))
      return edition !== undefined && renderHtml(edition) !== renderHtml(example.markdown)
    })
    expect(changed.length).toBeGreaterThan(400)
  })
})
