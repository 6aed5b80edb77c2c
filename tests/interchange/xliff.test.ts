import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readXmlFile } from '../../src/interchange/xml.ts'
import { article, editSegment, editTransUnit, execFileAsync, interchangeProject, placeOf, quotation, xliff12Schemas, xliff21Schemas, xmlCatalog, xmllint } from './helpers.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function project(files: Record<string, string> = {}) {
  const made = await interchangeProject(files)
  cleanups.push(made.cleanup)
  return made
}

const catalogFiles = ['locales/en/articles/kampanj.json', 'locales/en/articles/kampanj.lock.json']

describe('tolk xliff export (2.1)', () => {
  it('writes XLIFF 2.1 that validates against the OASIS core schema, and with the Glossary module', async () => {
    const { dir, run } = await project()
    const result = await run(['xliff', 'export', '--to', 'out'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('wrote out/en/kampanj.xlf: 5 units, 6 segments\n')
    const file = join(dir, 'out', 'en', 'kampanj.xlf')
    expect(await xmllint(join(xliff21Schemas, 'xliff_core_2.0.xsd'), file)).toContain('validates')
    // The core schema checks module elements only laxly; a driver schema brings in the Glossary module's own.
    const driver = join(dir, 'driver.xsd')
    await writeFile(driver, `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n  <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" schemaLocation="file://${join(xliff21Schemas, 'xliff_core_2.0.xsd')}"/>\n  <xs:import namespace="urn:oasis:names:tc:xliff:glossary:2.0" schemaLocation="file://${join(xliff21Schemas, 'glossary.xsd')}"/>\n</xs:schema>\n`)
    expect(await xmllint(driver, file)).toContain('validates')
  })

  it('gives one unit per block and one segment per sentence, keyed by the catalog keys, with states, codes, locked quotations and terms', async () => {
    const { run, read } = await project()
    await run(['xliff', 'export', '--to', 'out'])
    const xliff = await read('out/en/kampanj.xlf')
    expect(xliff).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:gls="urn:oasis:names:tc:xliff:glossary:2.0" version="2.1" srcLang="sv" trgLang="en">')
    const keys = Object.keys(JSON.parse(await read('locales/sv/articles/kampanj.json')) as Record<string, string>)
    const segmentIds = [...xliff.matchAll(/<segment id="([^"]+)"/g)].map((match) => match[1])
    expect(segmentIds.sort()).toEqual([...keys].sort())
    for (const match of xliff.matchAll(/<unit id="u-([0-9a-f]{16})"/g)) expect(keys).toContain(match[1])
    // Machine drafts of the identity engine: translated, tolk's own state in subState.
    expect(xliff).toMatch(/<segment id="[0-9a-f]{16}" state="translated" subState="tolk:machine">/)
    // Paired and standalone codes with the Markdown in originalData.
    expect(xliff).toContain('<pc id="1.1" dataRefStart="d1.1s" dataRefEnd="d1.1e" type="fmt" subType="xlf:i" dispStart="*" dispEnd="*">inte längre</pc>')
    expect(xliff).toContain('<data id="d1.2e">](https://www.ice.gov/)</data>')
    expect(xliff).toContain('<ph id="2.1" dataRef="d2.1" type="other" subType="tolk:code" disp="`ads-v2`"/>')
    expect(xliff).toContain('<data id="d2.1">`ads-v2`</data>')
    expect(xliff).toContain('<pc id="1.1" dataRefStart="d1.1s" dataRefEnd="d1.1e" type="fmt" subType="xlf:b" dispStart="**" dispEnd="**">sedan</pc>')
    // The quotation is locked, in source and target.
    expect(xliff.split(`<mrk id="1.1" translate="no">${quotation}</mrk>`).length - 1).toBe(2)
    // Terms carry the approved target, in the mark and in the Glossary module.
    expect(xliff).toMatch(/<mrk id="t2\.1" type="term" value="[^"]*recruitment campaign">Rekryteringskampanjen<\/mrk>/i)
    expect(xliff).toContain('<gls:glossEntry ref="#t2.1">')
    expect(xliff).toMatch(/<gls:term source="tolk glossary: rekryteringskampanj">Rekryteringskampanjen<\/gls:term>\s*<gls:translation>[^<]*recruitment campaign<\/gls:translation>/i)
    // The white space between sentences is an ignorable, so the unit's text is complete.
    expect(xliff).toContain('<ignorable>\n        <source> </source>\n      </ignorable>')
  })

  it('gives a sentence that comes twice in a block a segment id of its own, and takes its translation once', async () => {
    const { dir, run, read, write } = await project({ 'articles/upprepning.sv.md': '---\nslug: upprepning\n---\n\nVi svarar inte. Vi svarar inte. Det är allt.\n' })
    expect((await run(['xliff', 'export', '--to', 'out', '--locales', 'en', 'articles/upprepning.sv.md'])).code).toBe(0)
    const xliff = await read('out/en/upprepning.xlf')
    const ids = [...xliff.matchAll(/<segment id="([^"]+)"/g)].map((match) => match[1]!)
    expect(ids).toHaveLength(3)
    expect(ids[1]).toBe(`${ids[0]}-2`)
    expect(await xmllint(join(xliff21Schemas, 'xliff_core_2.0.xsd'), join(dir, 'out', 'en', 'upprepning.xlf'))).toContain('validates')
    // Two different translations of the same sentence cannot both go into the catalog.
    let edited = editSegment(xliff, 'Vi svarar inte.', 'We do not answer.')
    edited = edited.replace(/(<segment id="[0-9a-f]{16}-2") state="translated" subState="tolk:machine">(\s*<source>[^<]*<\/source>\s*)<target>[^<]*<\/target>/, '$1 state="reviewed">$2<target>We will not answer.</target>')
    await write('out/en/upprepning.xlf', edited)
    const result = await run(['xliff', 'import', 'out/en/upprepning.xlf'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`out/en/upprepning.xlf:${placeOf(edited, '<target>We will not')}: Conflicting target for a sentence translated differently at out/en/upprepning.xlf:${placeOf(edited, '<target>We do not')}, expected the same translation for the same sentence\n`)
  })

  it('exports untranslated units in state initial, without a target', async () => {
    const { dir, run, read } = await project()
    await rm(join(dir, 'locales', 'da', 'articles'), { recursive: true })
    expect((await run(['xliff', 'export', '--to', 'out', '--locales', 'da', '--state', 'machine'])).code).toBe(0)
    const xliff = await read('out/da/kampanj.xlf')
    expect(xliff.match(/<segment id="[0-9a-f]{16}" state="initial">/g)).toHaveLength(6)
    expect(xliff).not.toContain('<target>')
    expect(await xmllint(join(xliff21Schemas, 'xliff_core_2.0.xsd'), join(dir, 'out', 'da', 'kampanj.xlf'))).toContain('validates')
    // A translator fills one in: it is the catalog's first entry.
    await writeFile(join(dir, 'out', 'da', 'kampanj.xlf'), editSegment(xliff, 'svarade inte', 'Myndigheden svarede ikke på spørgsmål.'))
    expect((await run(['xliff', 'import', 'out/da/kampanj.xlf'])).code).toBe(0)
    expect(Object.values(JSON.parse(await read('locales/da/articles/kampanj.json')) as Record<string, string>)).toEqual(['Myndigheden svarede ikke på spørgsmål.'])
  })

  it('writes the same file twice byte for byte', async () => {
    const { run, read } = await project()
    await run(['xliff', 'export', '--to', 'a'])
    await run(['xliff', 'export', '--to', 'b'])
    expect(await read('b/en/kampanj.xlf')).toBe(await read('a/en/kampanj.xlf'))
  })

  it('exports only the blocks with units in the asked state', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    await write('out/en/kampanj.xlf', editSegment(await read('out/en/kampanj.xlf'), 'svarade inte', 'The agency did not answer questions.'))
    expect((await run(['xliff', 'import', 'out/en/kampanj.xlf'])).code).toBe(0)
    const machine = await run(['xliff', 'export', '--to', 'machine', '--locales', 'en', '--state', 'machine'])
    expect(machine.stderr).toBe('wrote machine/en/kampanj.xlf: 4 units, 5 segments\n')
    expect(await read('machine/en/kampanj.xlf')).not.toContain('svarade inte')
    const waiting = await run(['xliff', 'export', '--to', 'waiting', '--state', 'needs-review'])
    expect(waiting).toMatchObject({ code: 0, stderr: 'nothing to export under this --state\n' })
  })

  it('refuses an unknown version or state as usage errors', async () => {
    const { run } = await project()
    expect(await run(['xliff', 'export', '--version', '3.0'])).toMatchObject({ code: 2, stderr: 'Unknown XLIFF version `3.0`, expected `2.1` or `1.2`\n' })
    expect(await run(['xliff', 'export', '--state', 'done'])).toMatchObject({ code: 2, stderr: 'Unknown state `done`, expected `machine`, `needs-review` or `all`\n' })
  })
})

describe('tolk xliff export --version 1.2', () => {
  it('validates against the OASIS XLIFF 1.2 strict schema, and Translate Toolkit’s xliff2po reads every trans-unit', async () => {
    const { dir, run, read } = await project()
    expect((await run(['xliff', 'export', '--to', 'out', '--version', '1.2', '--locales', 'en'])).code).toBe(0)
    const file = join(dir, 'out', 'en', 'kampanj.xlf')
    expect(await xmllint(join(xliff12Schemas, 'xliff-core-1.2-strict.xsd'), file, { XML_CATALOG_FILES: await xmlCatalog(dir) })).toContain('validates')
    const xliff = await read('out/en/kampanj.xlf')
    expect(xliff).toContain('<g id="1" ctype="italic">inte längre</g>')
    expect(xliff).toContain('<x id="1" ctype="x-code" equiv-text="`ads-v2`"/>')
    expect(xliff).toContain(`<mrk mtype="protected" comment="quotation kept in the original">${quotation}</mrk>`)
    expect(xliff).toMatch(/<mrk mtype="term" comment="approved: [^"]*recruitment campaign">Rekryteringskampanjen<\/mrk>/i)

    await execFileAsync('xliff2po', ['-i', file, '-o', join(dir, 'kampanj.po')])
    const po = await readFile(join(dir, 'kampanj.po'), 'utf8')
    const ids = [...xliff.matchAll(/<trans-unit id="([^"]+)"/g)].map((match) => match[1]!)
    expect(ids).toHaveLength(6)
    for (const id of ids) expect(po).toContain(`#: ${id}\n`)
    expect(po).toContain('msgid "Myndigheten svarade inte på frågor."')
  })
})

describe('tolk xliff import', () => {
  it('merges an edited target as reviewed, and the next build puts it in the edition', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    const edited = editSegment(
      await read('out/en/kampanj.xlf'),
      'kostade',
      'The recruitment campaign cost 10 000 dollars and the code <ph id="2.1" dataRef="d2.1" type="other" subType="tolk:code" disp="`ads-v2`"/> was removed.',
    )
    await write('out/en/kampanj.xlf', edited)
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf', '--reviewer', 'Anna Lindqvist'])
    expect(result.stderr).toBe('out/en/kampanj.xlf (en, kampanj): 1 reviewed, 0 need review, 5 unchanged, 0 not applied\n')
    expect(result.code).toBe(0)
    const catalog = JSON.parse(await read('locales/en/articles/kampanj.json')) as Record<string, string>
    const lock = JSON.parse(await read('locales/en/articles/kampanj.lock.json')) as Record<string, { status: string; engine: string; reviewer?: string; reviewedAt?: string }>
    const key = Object.keys(catalog).find((candidate) => catalog[candidate]!.startsWith('The recruitment campaign'))!
    expect(catalog[key]).toBe('The recruitment campaign cost 10 000 dollars and the code <x id="1"/> was removed.')
    expect(lock[key]).toMatchObject({ status: 'reviewed', engine: 'human', reviewer: 'Anna Lindqvist', reviewedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) })

    expect((await run(['build', '--locales', 'en'])).code).toBe(0)
    const edition = await read('dist/editions/en/kampanj.md')
    expect(edition).toContain('The recruitment campaign cost 10 000 dollars and the code `ads-v2` was removed.')
  })

  it('merges a target in state translated as needing review', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    await write('out/en/kampanj.xlf', editSegment(await read('out/en/kampanj.xlf'), 'svarade inte', 'The agency did not answer questions.', 'translated'))
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(': 0 reviewed, 1 need review, 5 unchanged, 0 not applied\n')
    const lock = JSON.parse(await read('locales/en/articles/kampanj.lock.json')) as Record<string, { status: string }>
    expect(Object.values(lock).filter((entry) => entry.status === 'needs-review')).toHaveLength(1)
    // It is what an export of the units waiting for review holds, in either version.
    expect((await run(['xliff', 'export', '--to', 'waiting', '--locales', 'en', '--state', 'needs-review'])).stderr).toBe('wrote waiting/en/kampanj.xlf: 1 unit, 1 segment\n')
    expect(await read('waiting/en/kampanj.xlf')).toMatch(/<segment id="[0-9a-f]{16}" state="translated" subState="tolk:needs-review">\s*<source><mrk id="t1\.1" type="term" value="The agency">Myndigheten<\/mrk> svarade inte på frågor.<\/source>\s*<target>The agency did not answer questions.<\/target>/)
    await run(['xliff', 'export', '--to', 'waiting12', '--locales', 'en', '--state', 'needs-review', '--version', '1.2'])
    expect(await read('waiting12/en/kampanj.xlf')).toContain('<target state="needs-review-translation">The agency did not answer questions.</target>')
  })

  const refusals: Array<[string, string, RegExp, string?]> = [
    ['a dropped inline code', 'The recruitment campaign cost 10 000 dollars and the code was removed.', /: Missing inline code `<ph id="2\.1"\/>` \(inline code\), expected every code of the source exactly once\n/],
    ['a duplicated inline code', 'The recruitment campaign cost 10 000 dollars and the code <ph id="2.1"/> <ph id="2.1"/> was removed.', /: Duplicated inline code `<ph id="2\.1"\/>` \(inline code\), expected it exactly once\n/, '<ph id="2.1"/> was'],
    ['a wrong term form', 'The hiring drive cost 10 000 dollars and the code <ph id="2.1"/> was removed.', /: Missing `[^`]*recruitment campaign` for `Rekryteringskampanjen`, expected the glossary's form in the translation \(glossary entry rekryteringskampanj\)\n/i],
    ['a changed number', 'The recruitment campaign cost 10 500 dollars and the code <ph id="2.1"/> was removed.', /: Missing number `10000`, expected every number of the source unchanged\n/],
  ]
  it.each(refusals)('refuses %s with the target’s file, line and column, and writes nothing', async (_name, target, message, where) => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    // A valid edit in the same file is not applied either.
    let edited = editSegment(await read('out/en/kampanj.xlf'), 'svarade inte', 'The agency did not answer questions.')
    edited = editSegment(edited, 'kostade', target)
    await write('out/en/kampanj.xlf', edited)
    const before = await Promise.all(catalogFiles.map((path) => read(path)))
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    // The place of the target, or of the element at fault inside it.
    expect(result.stderr).toContain(`out/en/kampanj.xlf:${where ? placeOf(edited, `<ph id="2.1"/> <ph id="2.1"/> was`).replace(/:(\d+)$/, (_all, column: string) => `:${Number(column) + '<ph id="2.1"/> '.length}`) : placeOf(edited, `<target>${target}`)}: `)
    expect(result.stderr).toContain('out/en/kampanj.xlf (en, kampanj): nothing written, 1 invalid target\n')
    expect(await Promise.all(catalogFiles.map((path) => read(path)))).toEqual(before)
  })

  it('refuses a changed quotation at the place of its mark', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    const changed = '”There are currently no ICE ads on Spotify,”'
    const edited = editSegment(await read('out/en/kampanj.xlf'), 'uppgav', `<mrk id="1.1" translate="no">${changed}</mrk> the company said.`)
    await write('out/en/kampanj.xlf', edited)
    const before = await Promise.all(catalogFiles.map((path) => read(path)))
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`out/en/kampanj.xlf:${placeOf(edited, `<mrk id="1.1" translate="no">${changed}`)}: Changed quotation \`${changed}\`, expected it exactly as in the source: \`${quotation}\`\n`)
    expect(await Promise.all(catalogFiles.map((path) => read(path)))).toEqual(before)
  })

  it('applies only the units whose source is unchanged since the export, and lists the others', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    let edited = editSegment(await read('out/en/kampanj.xlf'), 'svarade inte', 'The agency did not answer questions.')
    edited = editSegment(edited, 'uppgav', `<mrk id="1.1" translate="no">${quotation}</mrk> the company said.`)
    await write('out/en/kampanj.xlf', edited)
    await write('articles/kampanj.sv.md', article.replace('Myndigheten svarade inte på frågor.', 'Myndigheten svarade inte på några frågor.'))
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`out/en/kampanj.xlf:${placeOf(edited, '<target>The agency')}: not applied: the sentence is no longer in the article (its source changed since the export)\n`)
    expect(result.stderr).toContain('out/en/kampanj.xlf (en, kampanj): 1 reviewed, 0 need review, 4 unchanged, 1 not applied\n')
    const catalog = JSON.parse(await read('locales/en/articles/kampanj.json')) as Record<string, string>
    expect(Object.values(catalog)).toContain('<x id="1"/> the company said.')
    expect(Object.values(catalog)).not.toContain('The agency did not answer questions.')
  })

  it('reads XLIFF 1.2 back: an approved target is merged as reviewed', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en', '--version', '1.2'])
    await write('out/en/kampanj.xlf', editTransUnit(await read('out/en/kampanj.xlf'), 'inte längre', 'Spotify <g id="1" ctype="italic">no longer</g> has any ads for <g id="2" ctype="link">ICE</g> in the app.'))
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf'])
    expect(result.stderr).toContain(': 1 reviewed, 0 need review, 5 unchanged, 0 not applied\n')
    expect(result.code).toBe(0)
    expect(Object.values(JSON.parse(await read('locales/en/articles/kampanj.json')) as Record<string, string>)).toContain('Spotify <g id="1">no longer</g> has any ads for <g id="2">ICE</g> in the app.')
  })

  it('refuses a file that declares entities, before expanding anything', async () => {
    const { run, write, read } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    const xliff = (await read('out/en/kampanj.xlf')).replace('<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xliff [\n  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n')
    await write('out/en/kampanj.xlf', xliff.replace('</target>', '&secret;</target>'))
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf'])
    expect(result).toMatchObject({ code: 2, stderr: 'out/en/kampanj.xlf:3:3: Unexpected entity declaration, expected a file without `<!ENTITY>` (entities are never expanded)\n' })
  })

  it('refuses a file whose original is not an article of the project', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    const xliff = (await read('out/en/kampanj.xlf')).replace('original="articles/kampanj.sv.md"', 'original="../../etc/passwd"')
    await write('out/en/kampanj.xlf', xliff)
    const result = await run(['xliff', 'import', 'out/en/kampanj.xlf'])
    expect(result).toMatchObject({ code: 2, stderr: `out/en/kampanj.xlf:${placeOf(xliff, '<file ')}: Unexpected \`original="../../etc/passwd"\`, expected an article of the project (\`articles/<name>.sv.md\`)\nout/en/kampanj.xlf: nothing written, not a file of this project\n` })
  })

  it('refuses a file above the size limit without reading it', async () => {
    const { dir, write } = await project()
    await write('big.xlf', `<xliff>${' '.repeat(2000)}</xliff>`)
    await expect(readXmlFile(join(dir, 'big.xlf'), 'big.xlf', 1000)).rejects.toThrow('File too large (2015 bytes), expected at most 1000 bytes')
  })

  it('refuses a file that is not well-formed XML with its line and column', async () => {
    const { run, write } = await project()
    await write('broken.xlf', '<?xml version="1.0"?>\n<xliff version="2.1">\n  <file>\n</xliff>\n')
    const result = await run(['xliff', 'import', 'broken.xlf'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^broken\.xlf:4:\d+: Invalid XML: /)
  })
})
