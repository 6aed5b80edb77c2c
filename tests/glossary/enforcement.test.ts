import { InputError } from '../../src/errors.ts'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build } from '../../src/commands/build.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { testGlossaryYaml } from './helpers.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const article = `---
title: Rekryteringskampanjen och ICE-annonser
---

ICE:s rekryteringskampanj slutade. DHS:s chef talade om rekryteringskampanjerna.

Rekryteringskampanjens budget kom från DHS, inte från \`ICE\` eller https://www.ice.gov i Iceland.
`

async function buildWith(engine: string, langs: string[]) {
  const targets = langs.map((lang) => `  ${lang}: { engines: [${engine}] }`).join('\n')
  const made = await makeProject({ 'tolk.config.yaml': `targets:\n${targets}\n`, 'glossary/terms.yaml': testGlossaryYaml, 'articles/kampanj.sv.md': article })
  cleanups.push(made.cleanup)
  const result = await build({ cwd: made.dir })
  expect(result.exitCode).toBe(0)
  return { result, edition: (lang: string) => result.editions.find((edition) => edition.lang === lang)!.markdown }
}

function body(markdown: string): string {
  return markdown.slice(markdown.indexOf('\n---\n') + 5)
}

describe('glossary enforcement in the build', () => {
  it('puts the approved target forms in through the identity engine, and lists every hit at its own line and column', async () => {
    const { result, edition } = await buildWith('identity', ['da', 'nb', 'en'])
    expect(body(edition('da'))).toBe(
      "\nICE's rekrutteringskampagne slutade. DHS' chef talade om rekrutteringskampagnerne.\n\nRekrutteringskampagnens budget kom från DHS, inte från `ICE` eller <https://www.ice.gov> i Iceland.\n",
    )
    expect(body(edition('nb'))).toContain('ICEs rekrutteringskampanje slutade. DHS\' chef talade om rekrutteringskampanjene.')
    expect(body(edition('en'))).toContain("ICE's recruitment campaign slutade. DHS's chef talade om recruitment campaigns.")
    expect(edition('da')).toContain('title: Rekrutteringskampagnen och ICE-annonser\n')
    const terms = result.report.articles[0]!.editions.find((entry) => entry.lang === 'da')!.terms
    expect(terms).toContainEqual({ entry: 'ice', source: 'ICE:s', target: "ICE's", line: 5, column: 1 })
    expect(terms).toContainEqual({ entry: 'rekryteringskampanj', source: 'rekryteringskampanjerna', target: 'rekrutteringskampagnerne', line: 5, column: 57 })
    expect(terms.filter((term) => term.entry === 'ice').map((term) => term.source)).toEqual(['ICE', 'ICE:s'])
  })

  it('keeps the target forms whatever the pseudo engine does to the words around them', async () => {
    const { edition } = await buildWith('pseudo', ['da'])
    const text = body(edition('da'))
    expect(text).toContain("ICE's rekrutteringskampagne")
    expect(text).toContain('rekrutteringskampagnerne')
    expect(text).toContain("DHS'")
    expect(text).toContain('Rekrutteringskampagnens')
    expect(text).toContain('`ICE`')
    expect(text).not.toMatch(/ÎÇÉ|ÐĤŠ/)
  })

  it('keeps ICE and DHS as written and the approved forms through Apertium', async () => {
    const { edition } = await buildWith('apertium', ['da', 'nb'])
    const da = body(edition('da'))
    const nb = body(edition('nb'))
    expect(da).toContain("ICE's rekrutteringskampagne")
    expect(da).toContain('rekrutteringskampagnerne')
    expect(da).toContain("DHS'")
    expect(da).toContain('Rekrutteringskampagnens')
    expect(nb).toContain('ICEs rekrutteringskampanje')
    expect(nb).toContain('rekrutteringskampanjene')
    expect(nb).toContain("DHS'")
    expect(edition('nb')).toMatch(/title: Rekrutteringskampanjen \S+ ICE-annonse/)
    for (const text of [da, nb]) expect(text).not.toMatch(/\bIce\b|\*/)
  })

  it('fails the build with exit 2 and file:line:column when the glossary is not valid YAML', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  da: { engines: [identity] }\n', 'glossary/terms.yaml': 'terms:\n  - id: ice\n    sv: [ICE\n', 'articles/a.sv.md': 'ICE.\n' })
    cleanups.push(made.cleanup)
    // Bad input is an InputError, which the CLI's one error boundary turns into exit 2.
    const error = await build({ cwd: made.dir }).then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).code).toBe('glossary')
    expect(String(error)).toMatch(/^glossary\/terms\.yaml:\d+:\d+: Invalid YAML/)
  })
})

describe('the seed article', () => {
  it('gets the approved da and nb forms from the committed catalogs', async () => {
    const seed = await readFile(join(repoRoot, 'articles', 'spotify-ice-annonser.sv.md'), 'utf8')
    const files: Record<string, string> = { 'tolk.config.yaml': 'targets:\n  da: { engines: [catalog] }\n  nb: { engines: [catalog] }\n', 'articles/spotify-ice-annonser.sv.md': seed }
    for (const name of ['terms.yaml']) files[`glossary/${name}`] = await readFile(join(repoRoot, 'glossary', name), 'utf8')
    for (const lang of ['da', 'nb']) for (const suffix of ['json', 'lock.json']) files[`locales/${lang}/articles/spotify-ice-annonser.${suffix}`] = await readFile(join(repoRoot, 'locales', lang, 'articles', `spotify-ice-annonser.${suffix}`), 'utf8')
    const made = await makeProject(files)
    cleanups.push(made.cleanup)
    const result = await build({ cwd: made.dir })
    expect(result.exitCode).toBe(0)
    const da = result.editions.find((edition) => edition.lang === 'da')!.markdown
    const nb = result.editions.find((edition) => edition.lang === 'nb')!.markdown
    expect(da).toContain("ICE's personalestyrke")
    expect(nb).toContain('ICEs personalestyrke')
    expect(da).toContain('Rekrutteringskampagnen')
    expect(nb).toContain('Rekrutteringskampanjen')
    for (const text of [da, nb]) {
      expect(text).not.toMatch(/\bIce\b|\bDhs\b/)
      // Outside the kept quotation, no Swedish form of the term is left.
      expect(text.replace(/”[^”]*”/g, '')).not.toMatch(/rekryteringskampanj/i)
    }
  })
})
