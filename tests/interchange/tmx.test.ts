import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sharedDir } from '../helpers/project.ts'
import { editSegment, execFileAsync, interchangeProject, quotation } from './helpers.ts'

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
