import { existsSync } from 'node:fs'
import { copyFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeProject, sharedDir } from '../helpers/project.ts'
import { cliIn, editSegment, execFileAsync, interchangeProject, quotation } from './helpers.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function project(files: Record<string, string> = {}) {
  const made = await interchangeProject(files)
  cleanups.push(made.cleanup)
  return made
}

const tmxDtd = join(sharedDir, 'testdata', 'tmx', 'tmx14.dtd')
/** Debian's Python, where the translate-toolkit package lives (a pyenv `python3` may not have it). */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

describe('tolk tmx export', () => {
  it('writes TMX 1.4 that validates against the 1.4 DTD, with the header, languages, codes and states', async () => {
    const { dir, run, read } = await project()
    const result = await run(['tmx', 'export', '--to', 'out/tolk.tmx'])
    expect(result).toMatchObject({ code: 0, stderr: 'wrote out/tolk.tmx: 6 units, 12 translations\n' })
    const { stderr } = await execFileAsync('xmllint', ['--nonet', '--noout', '--dtdvalid', tmxDtd, join(dir, 'out', 'tolk.tmx')])
    // xmllint exits non-zero on an invalid file; the one warning is that the DOCTYPE's own `tmx14.dtd` is not next to the file.
    expect(stderr).not.toMatch(/error/i)
    const tmx = await read('out/tolk.tmx')
    expect(tmx).toContain('<header creationtool="tolk" creationtoolversion="0.1.0" segtype="sentence" o-tmf="tolk" adminlang="en" srclang="sv" datatype="x-markdown"/>')
    expect(tmx).toContain('<tuv xml:lang="sv">')
    expect(tmx).toContain('<tuv xml:lang="en">')
    expect(tmx).toContain('<tuv xml:lang="da">')
    expect(tmx).toContain('<prop type="x-tolk-status">machine</prop>')
    expect(tmx).toContain('<prop type="x-tolk-engine">identity</prop>')
    expect(tmx).toContain('<seg>Spotify har <bpt i="1" x="1" type="italic">*</bpt>inte längre<ept i="1">*</ept> några annonser för <bpt i="2" x="2" type="link">[</bpt>ICE<ept i="2">](https://www.ice.gov/)</ept> i appen.</seg>')
    expect(tmx).toContain('<ph x="1" type="x-code">`ads-v2`</ph>')
    expect(tmx).toContain(`<ph x="1" type="x-quote">${quotation}</ph>`)
  })

  it('is read unit by unit by Translate Toolkit (its Python API: translate.storage.tmx; Debian 12 ships no tmx2po)', async () => {
    const { dir, run } = await project()
    await run(['tmx', 'export', '--to', 'tolk.tmx'])
    const script = 'import json, sys\nfrom translate.storage import tmx\nstore = tmx.tmxfile(open(sys.argv[1], "rb"), "sv", "en")\nprint(json.dumps([[unit.getid(), unit.source, unit.target] for unit in store.units]))'
    const { stdout } = await execFileAsync(python, ['-c', script, join(dir, 'tolk.tmx')])
    const units = JSON.parse(stdout) as Array<[string, string, string]>
    expect(units).toHaveLength(6)
    for (const [id, source, target] of units) {
      expect(id).toMatch(/^[0-9a-f]{16}$/)
      expect(source).not.toBe('')
      expect(target).not.toBe('')
    }
    expect(units.map(([, source]) => source)).toContain('Myndigheten svarade inte på frågor.')
  })

  it('with --reviewed-only holds only what a person reviewed', async () => {
    const { run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    await write('out/en/kampanj.xlf', editSegment(await read('out/en/kampanj.xlf'), 'svarade inte', 'The agency did not answer questions.'))
    expect((await run(['xliff', 'import', 'out/en/kampanj.xlf'])).code).toBe(0)
    const result = await run(['tmx', 'export', '--reviewed-only'])
    expect(result.code).toBe(0)
    expect(result.stdout.match(/<tu /g)).toHaveLength(1)
    expect(result.stdout).toContain('<prop type="x-tolk-status">reviewed</prop>\n        <prop type="x-tolk-engine">human</prop>\n        <seg>The agency did not answer questions.</seg>')
  })
})

describe('tolk tmx import', () => {
  const kit = join(sharedDir, 'testdata', 'tmx', 'lisa-TMXComplianceKit')
  /** A project in the kit's languages: English source, the targets its files carry. */
  async function kitProject() {
    const made = await makeProject({ 'tolk.config.yaml': 'source: en\ntargets:\n  fr: { engines: [catalog, identity] }\n  en-gb: { engines: [catalog, identity] }\n  ja: { engines: [catalog, identity] }\n', 'articles/.keep': '' }, { locales: false })
    cleanups.push(made.cleanup)
    const run = cliIn(made.dir)
    const memory = async (lang: string) => Object.values((JSON.parse(await made.read(`locales/${lang}/memory.json`)) as { entries: Record<string, { source: string; target: string; status: string; origin: string }> }).entries)
    return { ...made, run, memory }
  }

  // Every sentence-level file of the kit (UTF-8 with and without BOM, UTF-16 LE and BE, ASCII), with what it must give.
  const samples: Array<[string, string, string, string]> = [
    ['ImportTest1A.tmx', 'fr', 'First segment with [\t\t   ]', 'Premier segment avec [\t\t   ]'],
    ['ImportTest1B.tmx', 'fr', 'Text of the segment', 'Texte du segment'],
    ['ImportTest1C.tmx', 'en-gb', 'First entry in US English', 'First entry in UK English'],
    ['ImportTest1D.tmx', 'en-gb', 'à=agrave, é=eacute, æ=aelig', 'à=agrave, é=eacute, æ=aelig'],
    ['ImportTest1E.tmx', 'en-gb', 'à=agrave, é=eacute, æ=aelig', 'à=agrave, é=eacute, æ=aelig'],
    ['ImportTest1F.tmx', 'en-gb', 'à=agrave, é=eacute, æ=aelig', 'à=agrave, é=eacute, æ=aelig'],
    ['ImportTest1G.tmx', 'en-gb', 'à=agrave, é=eacute, æ=aelig', 'à=agrave, é=eacute, æ=aelig'],
    ['ImportTest1H.tmx', 'en-gb', 'à=agrave, é=eacute, æ=aelig', 'à=agrave, é=eacute, æ=aelig'],
    ['ImportTest1I.tmx', 'ja', 'English segment with [    ]', 'Japanese segment with [\u3000\u3000]'],
    ['ImportTest1J.tmx', 'en-gb', 'Second entry in US English', 'Second entry in UK English'],
    ['ImportTest1J_many.tmx', 'en-gb', 'First entry in US English', 'First entry in UK English'],
    ['ImportTest2A.tmx', 'fr', 'The big <g id="1">black</g> <g id="2">cat</g> sleeps.', 'Le gros <g id="2">chat</g> <g id="1">noir</g> dors.'],
    ['ImportTest2A-0index.tmx', 'fr', 'The big <g id="1">black</g> <g id="2">cat</g> sleeps.', 'Le gros <g id="2">chat</g> <g id="1">noir</g> dors.'],
    ['ImportTest2B.tmx', 'fr', 'The big <g id="1">black</g> <g id="2">cat</g> sleeps.', 'Le gros <g id="2">chat</g> <g id="1">noir</g> dors.'],
  ]
  it.each(samples)('reads the LISA kit’s %s into the %s memory', async (name, lang, source, target) => {
    const { dir, run, memory } = await kitProject()
    await copyFile(join(kit, name), join(dir, name))
    const result = await run(['tmx', 'import', name])
    expect(result.code).toBe(0)
    const entries = await memory(lang)
    expect(entries).toContainEqual(expect.objectContaining({ source, target, status: 'reviewed', origin: `tmx:${name}` }))
  })

  it('leaves out the units whose source is in another language, and says which languages it did not take', async () => {
    const { dir, run, memory } = await kitProject()
    await copyFile(join(kit, 'ImportTest1J_many.tmx'), join(dir, 'many.tmx'))
    const result = await run(['tmx', 'import', 'many.tmx'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('1 unit with another source language left out')
    expect((await memory('en-gb')).map((entry) => entry.source)).not.toContain('[not to import] Third entry in Spanish')
  })
})

describe('tolk tmx export, then import', () => {
  it('carries each translation into the memory of its language, reviewed ones as reviewed', async () => {
    const { dir, run, read, write } = await project()
    await run(['xliff', 'export', '--to', 'out', '--locales', 'en'])
    await write('out/en/kampanj.xlf', editSegment(await read('out/en/kampanj.xlf'), 'svarade inte', 'The agency did not answer questions.'))
    expect((await run(['xliff', 'import', 'out/en/kampanj.xlf'])).code).toBe(0)
    expect((await run(['tmx', 'export', '--to', 'all.tmx'])).code).toBe(0)
    const other = await project()
    await copyFile(join(dir, 'all.tmx'), join(other.dir, 'all.tmx'))
    const result = await other.run(['tmx', 'import', 'all.tmx'])
    expect(result).toMatchObject({ code: 0, stderr: 'da: 6 added to the translation memory, 0 already in it\nen: 6 added to the translation memory, 0 already in it\nread all.tmx: 6 units\n' })
    const memory = JSON.parse(await other.read('locales/en/memory.json')) as { entries: Record<string, { source: string; target: string; status: string; origin: string }> }
    const entries = Object.values(memory.entries)
    expect(entries).toContainEqual({ source: 'Myndigheten svarade inte på frågor.', target: 'The agency did not answer questions.', status: 'reviewed', origin: 'tmx:all.tmx' })
    expect(entries.filter((entry) => entry.status === 'machine')).toHaveLength(5)
    // Codes come back as the units' placeholders, so a memory match fits the unit.
    expect(entries.map((entry) => entry.source)).toContain('Spotify har <g id="1">inte längre</g> några annonser för <g id="2">ICE</g> i appen.')
    // A second import adds nothing.
    expect((await other.run(['tmx', 'import', 'all.tmx'])).stderr).toContain('en: 0 added to the translation memory, 6 already in it\n')
  })
})

describe('a translation memory seeded from TMX', () => {
  it('answers a unit with no translation from an exact reviewed match, and offers a close one as a suggestion', async () => {
    const { dir, run, read, write } = await project()
    // Another tool's TMX: one sentence of the article as it is, one close to another.
    await write(
      'vendor.tmx',
      `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OtherTool" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="sv-SE" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="sv-SE"><seg>Myndigheten svarade inte på frågor.</seg></tuv><tuv xml:lang="en-GB"><seg>The agency did not answer questions.</seg></tuv></tu>
    <tu><tuv xml:lang="sv-SE"><seg>Rekryteringskampanjen kostade 10 000 kronor och koden <ph x="1">\`ads-v2\`</ph> togs bort.</seg></tuv><tuv xml:lang="en-GB"><seg>The recruitment campaign cost 10 000 kronor and the code <ph x="1">\`ads-v2\`</ph> was removed.</seg></tuv></tu>
  </body>
</tmx>
`,
    )
    const imported = await run(['tmx', 'import', 'vendor.tmx'])
    expect(imported).toMatchObject({ code: 0, stderr: 'en: 2 added to the translation memory, 0 already in it\nread vendor.tmx: 2 units\n' })
    await rm(join(dir, 'locales', 'en', 'articles'), { recursive: true })
    expect((await run(['build', '--locales', 'en'])).code).toBe(0)
    const catalog = JSON.parse(await read('locales/en/articles/kampanj.json')) as Record<string, string>
    const lock = JSON.parse(await read('locales/en/articles/kampanj.lock.json')) as Record<string, { engine: string; status: string; suggestion?: { text: string; origin: string } }>
    const exact = Object.keys(catalog).find((key) => catalog[key] === 'The agency did not answer questions.')!
    expect(lock[exact]).toMatchObject({ engine: 'memory', status: 'reviewed' })
    expect(await read('dist/editions/en/kampanj.md')).toContain('The agency did not answer questions.')
    const close = Object.values(lock).find((entry) => entry.suggestion?.origin === 'tmx:vendor.tmx')
    expect(close).toMatchObject({ status: 'needs-review', suggestion: { text: 'The recruitment campaign cost 10 000 kronor and the code <x id="1"/> was removed.' } })
  })
})
