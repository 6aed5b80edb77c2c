import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { makeProject } from '../helpers/project.ts'

/**
 * One folder per kind of quotation: `input.sv.md`, optional `config.yaml` and `glossary.yaml`.
 * The article is built through the pseudo engine (translated text is visibly accented, kept
 * quotations are not); the edition, the build's messages and the report's quotations and terms
 * are compared with `expected.en.md`, `messages.txt` and `report.txt`. Regenerate with `vitest -u`.
 */
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')
const cases = readdirSync(fixtures).sort()

async function optional(path: string): Promise<string | undefined> {
  return existsSync(path) ? readFile(path, 'utf8') : undefined
}

describe('quotation fixtures built through the pseudo engine', () => {
  it.each(cases)('%s: matches its expected edition, messages and report', async (name) => {
    const folder = join(fixtures, name)
    const files: Record<string, string> = {
      'tolk.config.yaml': (await optional(join(folder, 'config.yaml'))) ?? 'targets:\n  en: { engines: [pseudo] }\n',
      'articles/input.sv.md': await readFile(join(folder, 'input.sv.md'), 'utf8'),
    }
    const glossary = await optional(join(folder, 'glossary.yaml'))
    if (glossary) files['glossary/terms.yaml'] = glossary
    const project = await makeProject(files)
    try {
      const result = await build({ cwd: project.dir })
      expect(result.report.articles.flatMap((entry) => entry.problems.filter((problem) => problem.severity === "error"))).toEqual([])
      expect(result.report.articles[0]?.editions[0]?.untranslated).toEqual([])
      expect(result.exitCode).toBe(0)
      const [article] = result.report.articles
      const [edition] = article!.editions
      await expect(result.editions[0]!.markdown).toMatchFileSnapshot(join(folder, 'expected.en.md'))
      const messages = article!.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${problem.ruleId}: ${problem.message}`)
      await expect(messages.join('\n') + '\n').toMatchFileSnapshot(join(folder, 'messages.txt'))
      const report = [
        ...edition!.quotes.map((quote) => `quote ${quote.line}:${quote.column} → edition line ${quote.editionLine ?? '-'} ${quote.flag ? `[^${quote.flag}]` : 'unflagged'} ${quote.status} ${JSON.stringify(quote.text)}${quote.courtesy ? ` courtesy ${JSON.stringify(quote.courtesy)}` : ''}`),
        ...edition!.terms.map((term) => `term ${term.line}:${term.column} ${term.source} → ${term.target}`),
      ]
      await expect(report.join('\n') + '\n').toMatchFileSnapshot(join(folder, 'report.txt'))
    } finally {
      await project.cleanup()
    }
  })
})
