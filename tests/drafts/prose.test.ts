import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { build, type BuildResult } from '../../src/commands/build.ts'
import { check, type CheckResult } from '../../src/commands/check.ts'
import { makeProject, repoRoot, sharedDir } from '../helpers/project.ts'

/**
 * The new rules on real Swedish prose (`../shared/testdata/swedish`: public-sector open-source
 * guides, SemVer, the Standard for Public Code), built fresh through the real Apertium for da and
 * nb and the pseudo engine for en, then checked: no false finding.
 */

let project: Awaited<ReturnType<typeof makeProject>>
let built: BuildResult
let checked: CheckResult

beforeAll(async () => {
  const folder = join(sharedDir, 'testdata', 'swedish')
  const files: Record<string, string> = {
    'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n',
    'glossary/terms.yaml': await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8'),
  }
  for (const name of (await readdir(folder)).filter((name) => name.endsWith('.md'))) files[`articles/${name.replace(/\.md$/, '.sv.md')}`] = await readFile(join(folder, name), 'utf8')
  project = await makeProject(files)
  built = await build({ cwd: project.dir })
  checked = await check({ cwd: project.dir })
}, 600_000)

afterAll(() => project?.cleanup())

describe('check on a fresh build of the Swedish prose', () => {
  test('builds the editions; a unit is left out only where an engine answer was refused by the build\'s own validation', () => {
    // Apertium's Bokmål answer for SemVer's `1.0.0-alpha < 1.0.0-alpha.1 < …` line is refused as markup the source does not have.
    const refused = built.report.articles.flatMap((article) => article.editions.flatMap((edition) => edition.untranslated.flatMap((unit) => unit.problems)))
    for (const problem of refused) expect(problem).toMatch(/^apertium: markup/)
    expect(built.editions.length).toBeGreaterThanOrEqual(23)
  })

  test.each(['name', 'number', 'engine-mark', 'markup', 'glossary-term', 'forbidden-term', 'quote-verbatim', 'stale', 'catalog', 'locales'])('has no %s finding', (rule) => {
    expect(checked.findings.filter((finding) => finding.rule === rule)).toEqual([])
  })

  test('finds Swedish words in the Danish editions only where the engine itself did not know the word (a true finding, listed by the build too)', () => {
    const unknown = new Set((built.report.unknownWords?.da ?? []).concat(built.report.unknownWords?.nb ?? []).map((entry) => entry.word.toLowerCase()))
    for (const finding of checked.findings.filter((entry) => entry.rule === 'swedish-word')) {
      const word = /`([^`]+)`/.exec(finding.message)![1]!.toLowerCase()
      expect(unknown, `${finding.file}:${finding.line}:${finding.column} ${word}`).toContain(word)
    }
  })
})
