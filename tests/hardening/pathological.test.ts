import { afterEach, describe, expect, test } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'

/**
 * One pathological article is bad input for that article alone: exit 2 with its place, the other
 * articles still built, and `check` reports it as a finding. Nothing overflows the stack or runs
 * for minutes.
 */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const good = '# Rubrik\n\nEn vanlig mening om staden.\n'
const blockquotes = `# Djup\n\nFörsta stycket.\n\n${'> '.repeat(2000)}Längst in.\n`
const lists = `# Lista\n\nFörsta stycket.\n\n${Array.from({ length: 3000 }, (_, depth) => `${'  '.repeat(depth)}- nivå ${depth}`).join('\n')}\n`
const aliasBomb = `---\ntitle: Bomb\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n\n# Bomb\n\nEn mening.\n`

describe('pathological articles', () => {
  test.each([
    ['2,000 nested blockquotes', blockquotes, /articles\/ond\.sv\.md:5:\d+: Nesting too deep: more than 100 levels of blockquotes and lists, expected at most 100 \(limits\.nesting\)/],
    ['3,000 nested list items', lists, /articles\/ond\.sv\.md:\d+:\d+: Nesting too deep: more than 100 levels of blockquotes and lists, expected at most 100 \(limits\.nesting\)/],
    ['an alias bomb in the front matter', aliasBomb, /articles\/ond\.sv\.md:\d+:\d+: Invalid front matter: too many YAML aliases/],
  ])('%s: exit 2 with its place, the other article built, and check reports it as a finding', async (_name, text, message) => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/bra.sv.md': good, 'articles/ond.sv.md': text })
    cleanups.push(made.cleanup)
    const run = await runCli(['build'], made.dir)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.code).toBe(2)
    expect(await made.read('dist/editions/en/bra.md')).toContain('En vanlig mening om staden.')

    const check = await runCli(['check', '--format', 'json'], made.dir)
    expect(check.code).toBe(1)
    const report = JSON.parse(check.stdout) as { findings: Array<{ file: string; rule: string; severity: string; message: string }> }
    const finding = report.findings.find((entry) => entry.file === 'articles/ond.sv.md')
    expect(finding).toMatchObject({ rule: 'article', severity: 'error' })
    expect(finding!.message).toMatch(message.source.includes('Nesting') ? /Nesting too deep/ : /too many YAML aliases/)
  }, 60_000)
})

describe('a very large article', () => {
  test('check of a 3 MB article whose catalog holds 150,000 keys of an earlier version finishes with exit 1 and names every orphaned key', async () => {
    // Each paragraph differs in a word, not only in a number (numbers reach the units as placeholders).
    const word = (index: number) => index.toString(26).replace(/./g, (digit) => String.fromCharCode(97 + parseInt(digit, 26)))
    const paragraphs = Array.from({ length: 52_000 }, (_, index) => `Stycket om ${word(index)} handlar om staden och dess ${word(index + 7)} i kommunen.`)
    const article = `# Stor artikel\n\n${paragraphs.join('\n\n')}\n`
    expect(article.length).toBeGreaterThan(3_000_000)
    // An earlier version's catalog: more findings than a function call takes arguments (about 125,000 here).
    const keys = Array.from({ length: 150_000 }, (_, index) => index.toString(16).padStart(16, '0'))
    const catalog = `{\n${keys.map((key) => `  "${key}": "Old sentence."`).join(',\n')}\n}\n`
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog] }\n', 'articles/stor.sv.md': article, 'locales/en/articles/stor.json': catalog })
    cleanups.push(made.cleanup)
    const check = await runCli(['check', '--format', 'json'], made.dir)
    expect(check.stderr).not.toMatch(/internal error|RangeError|\n\s+at /)
    expect(check.code).toBe(1)
    const report = JSON.parse(check.stdout) as { findings: Array<{ file: string; line: number; rule: string; message: string }> }
    const orphaned = report.findings.filter((finding) => finding.rule === 'catalog' && finding.message.startsWith('Orphaned key'))
    expect(orphaned).toHaveLength(150_000)
    expect(orphaned.at(-1)).toMatchObject({ file: 'locales/en/articles/stor.json', line: 150_001 })
  }, 240_000)
})
