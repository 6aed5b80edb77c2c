import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { runCli } from '../helpers/cli.ts'
import { makeProject, repoRoot, sharedDir } from '../helpers/project.ts'

export const execFileAsync = promisify(execFile)

/** An article with every kind of inline code, a kept quotation, glossary terms and a number. */
export const article = `---
title: Kampanjen är över
slug: kampanj
---

Spotify har *inte längre* några annonser för [ICE](https://www.ice.gov/) i appen. Rekryteringskampanjen kostade 10 000 dollar och koden \`ads-v2\` togs bort.

”Det finns för närvarande inga ICE-annonser på Spotify,” uppgav företaget.

## Vad hände **sedan**

Myndigheten svarade inte på frågor.
`

export const quotation = '”Det finns för närvarande inga ICE-annonser på Spotify,”'

/** Run the CLI in a folder, as a person would; the exit code and what it printed. */
export function cliIn(cwd: string) {
  return (argv: string[]) => runCli(argv, cwd)
}

/** A project with the repository's glossary, `en` translated by the identity engine; built once, so the catalog holds machine drafts. */
export async function interchangeProject(files: Record<string, string> = {}) {
  const glossary = await readFile(join(repoRoot, 'glossary', 'terms.yaml'), 'utf8')
  const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, identity] }\n  da: { engines: [catalog, identity] }\n', 'glossary/terms.yaml': glossary, 'articles/kampanj.sv.md': article, ...files })
  const run = cliIn(made.dir)
  const built = await run(['build'])
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`)
  return { ...made, run, write: (path: string, text: string) => writeFile(join(made.dir, path), text) }
}

/**
 * Replace the target (and state) of the XLIFF 2 segment whose source contains `sourceHas`.
 * `target` is the inner XML of the new `<target>`.
 */
export function editSegment(xliff: string, sourceHas: string, target: string, state = 'reviewed'): string {
  let found = false
  const edited = xliff.replace(/<segment id="([^"]+)" state="[^"]*"(?: subState="[^"]*")?>(\s*)<source>([\s\S]*?)<\/source>(?:\s*<target>[\s\S]*?<\/target>)?/g, (whole, id: string, space: string, source: string) => {
    if (found || !source.includes(sourceHas)) return whole
    found = true
    return `<segment id="${id}" state="${state}">${space}<source>${source}</source>${space}<target>${target}</target>`
  })
  if (!found) throw new Error(`no segment with ${sourceHas}`)
  return edited
}

/** The same for an XLIFF 1.2 trans-unit. */
export function editTransUnit(xliff: string, sourceHas: string, target: string, approved = true): string {
  let found = false
  const edited = xliff.replace(/<trans-unit id="([^"]+)" approved="[^"]*" xml:space="preserve">(\s*)<source>([\s\S]*?)<\/source>(?:\s*<target[^>]*>[\s\S]*?<\/target>)?/g, (whole, id: string, space: string, source: string) => {
    if (found || !source.includes(sourceHas)) return whole
    found = true
    return `<trans-unit id="${id}" approved="${approved ? 'yes' : 'no'}" xml:space="preserve">${space}<source>${source}</source>${space}<target state="${approved ? 'signed-off' : 'translated'}">${target}</target>`
  })
  if (!found) throw new Error(`no trans-unit with ${sourceHas}`)
  return edited
}

/** `line:column` of the first occurrence of `needle`, as tolk reports places. */
export function placeOf(text: string, needle: string): string {
  const offset = text.indexOf(needle)
  if (offset < 0) throw new Error(`not found: ${needle}`)
  const before = text.slice(0, offset)
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`
}

export const xliff21Schemas = join(sharedDir, 'testdata', 'xliff', 'oasis-xliff-21', 'schemas')
export const xliff12Schemas = join(sharedDir, 'testdata', 'xliff', 'xliff12-oasis')

/** An XML catalog that maps the W3C's xml.xsd (which the XLIFF 1.2 schema imports by URL) to the local copy, so xmllint never goes to the network. */
export async function xmlCatalog(dir: string): Promise<string> {
  const path = join(dir, 'xml-catalog.xml')
  const local = `file://${join(xliff12Schemas, 'xml.xsd')}`
  await writeFile(path, `<?xml version="1.0"?>\n<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n  <system systemId="http://www.w3.org/2001/xml.xsd" uri="${local}"/>\n  <uri name="http://www.w3.org/2001/xml.xsd" uri="${local}"/>\n</catalog>\n`)
  return path
}

/** Run xmllint against a schema; resolves with its stderr (`… validates`), rejects when the file does not validate. */
export async function xmllint(schema: string, file: string, env: Record<string, string> = {}): Promise<string> {
  const { stderr } = await execFileAsync('xmllint', ['--nonet', '--noout', '--schema', schema, file], { env: { ...process.env, ...env } })
  return stderr
}
