import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { InputError } from '../errors.ts'
import { LineIndex } from '../document/lines.ts'
import { normalizeSpace } from './morphology-sv.ts'
import { isGender, type Glossary, type GlossaryEntry, type TargetForms } from './types.ts'

/**
 * TBX (ISO 30042:2019, TBX v3) in and out. Export writes TBX-Basic in the DCA style, valid
 * against the TBX core structure; inflected forms and `keep` travel in `termNote`/`admin` types
 * prefixed `x-tolk-`, which other tools ignore. Import reads any TBX v3 file: one entry per
 * `conceptEntry` that has a term in the source language; preferred/admitted terms are approved,
 * deprecated/superseded/not-recommended ones forbidden. The XML parser is pure JavaScript and
 * never fetches anything; files that declare entities are refused outright.
 */

const formNotes = { def: 'x-tolk-def', pl: 'x-tolk-pl', defpl: 'x-tolk-defpl', gen: 'x-tolk-gen' } as const
const svFormNotes = { def: 'x-tolk-def', pl: 'x-tolk-pl', defpl: 'x-tolk-defpl' } as const
const refusedStatus = /deprecated|superseded|notrecommended|obsolete/i

export interface ImportResult {
  entries: GlossaryEntry[]
  /** Concept entries without a term in the source language, by id. */
  skipped: string[]
  /** Languages found in the file. */
  languages: string[]
}

/** Export a glossary as TBX. `languages`: target languages to write (default: those the entries have). */
export function writeTbx(glossary: Glossary, options: { source?: string; languages?: string[] } = {}): string {
  const source = options.source ?? 'sv'
  const languages = options.languages ?? [...new Set(glossary.entries.flatMap((entry) => [...Object.keys(entry.targets), ...Object.keys(entry.forbidden)]))].sort()
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tbx type="TBX-Basic" style="dca" xml:lang="${attr(source)}" xmlns="urn:iso:std:iso:30042:ed-2">`,
    '  <tbxHeader>',
    '    <fileDesc>',
    '      <sourceDesc>',
    `      <p>tolk glossary${glossary.files.length ? `: ${esc(glossary.files.join(', '))}` : ''}</p>`,
    '      </sourceDesc>',
    '    </fileDesc>',
    '  </tbxHeader>',
    '  <text>',
    '    <body>',
  ]
  const ids = new Set<string>()
  for (const entry of glossary.entries) {
    const id = xmlId(entry.id, ids)
    lines.push(`      <conceptEntry id="${attr(id)}">`)
    if (entry.keep) lines.push('        <admin type="x-tolk-keep">true</admin>')
    if (entry.inflect !== undefined) lines.push(`        <admin type="x-tolk-inflect">${entry.inflect}</admin>`)
    if (entry.definite) lines.push('        <admin type="x-tolk-definite">true</admin>')
    if (entry.note) lines.push(`        <note>${esc(entry.note)}</note>`)
    lines.push(`        <langSec xml:lang="${attr(source)}">`)
    lines.push(...termSec(normalizeSpace(entry.sv), 'preferredTerm-admn-sts', Object.entries(svFormNotes).flatMap(([key, type]) => {
      const value = entry.svForms?.[key as keyof typeof svFormNotes]
      return value ? [[type, value] as [string, string]] : []
    })))
    lines.push('        </langSec>')
    for (const lang of languages) {
      const target: TargetForms | undefined = entry.keep ? { term: normalizeSpace(entry.sv) } : entry.targets[lang]
      const forbidden = entry.forbidden[lang] ?? []
      if (!target && forbidden.length === 0) continue
      lines.push(`        <langSec xml:lang="${attr(lang)}">`)
      if (target) {
        const notes = Object.entries(formNotes).flatMap(([key, type]) => {
          const value = target[key as keyof typeof formNotes]
          return value ? [[type, value] as [string, string]] : []
        })
        // TBX's own grammaticalGender knows masculine, feminine and neuter; Danish common gender travels as `otherGender` with tolk's name beside it.
        if (target.gender) notes.push(['grammaticalGender', target.gender === 'common' ? 'otherGender' : target.gender], ['x-tolk-gender', target.gender])
        lines.push(...termSec(target.term, 'preferredTerm-admn-sts', notes))
      }
      for (const form of forbidden) lines.push(...termSec(form, 'deprecatedTerm-admn-sts', []))
      lines.push('        </langSec>')
    }
    lines.push('      </conceptEntry>')
  }
  lines.push('    </body>', '  </text>', '</tbx>', '')
  return lines.join('\n')
}

function termSec(term: string, status: string, notes: Array<[string, string]>): string[] {
  return [
    '          <termSec>',
    `            <term>${esc(term)}</term>`,
    `            <termNote type="administrativeStatus">${status}</termNote>`,
    ...notes.map(([type, value]) => `            <termNote type="${attr(type)}">${esc(value)}</termNote>`),
    '          </termSec>',
  ]
}

/** Read a TBX file. `file` names it in messages. Throws `InputError` with line and column when it is not well-formed XML or not TBX. */
export function parseTbx(text: string, file: string, options: { source?: string } = {}): ImportResult {
  const source = (options.source ?? 'sv').toLowerCase()
  const xml = text.replace(/^\uFEFF/, '')
  const entity = /<!ENTITY/i.exec(xml)
  if (entity) throw new InputError('Unexpected entity declaration, expected a TBX file without `<!ENTITY>` (entities are never expanded)', at(xml, entity.index, file), { code: 'tbx' })
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new InputError(`Invalid XML: ${valid.err.msg}`, { file, line: valid.err.line, column: valid.err.col }, { code: 'tbx' })

  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    processEntities: true,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ['conceptEntry', 'langSec', 'termSec', 'termNote', 'note', 'admin', 'descrip', 'descripGrp'].includes(name),
  })
  const document = parser.parse(xml) as Record<string, unknown>
  const root = document.tbx as Record<string, unknown> | undefined
  const body = (root?.text as Record<string, unknown> | undefined)?.body as Record<string, unknown> | undefined
  if (!root) throw new InputError('Unexpected root element, expected `<tbx>` (TBX v3, ISO 30042:2019)', { file, line: 1, column: 1 }, { code: 'tbx' })
  const concepts = (body?.conceptEntry as Array<Record<string, unknown>> | undefined) ?? []

  const entries: GlossaryEntry[] = []
  const skipped: string[] = []
  const languages = new Set<string>()
  concepts.forEach((concept, index) => {
    const id = String(concept['@id'] ?? `c${index + 1}`)
    const keep = ((concept.admin as unknown[] | undefined) ?? []).some((admin) => attrOf(admin, 'type') === 'x-tolk-keep' && textOf(admin) === 'true')
    const note = [...((concept.note as unknown[] | undefined) ?? []), ...((concept.descrip as unknown[] | undefined) ?? []).filter((descrip) => attrOf(descrip, 'type') === 'definition')].map(textOf).find(Boolean)
    const place = at(xml, offsetOfConcept(xml, id, index), file)
    let sv: string | undefined
    let svForms: GlossaryEntry['svForms']
    const targets: Record<string, TargetForms> = {}
    const forbidden: Record<string, string[]> = {}
    for (const langSec of (concept.langSec as Array<Record<string, unknown>> | undefined) ?? []) {
      const lang = normalizeLang(String(langSec['@xml:lang'] ?? ''))
      if (!lang) continue
      languages.add(lang)
      for (const termSec of (langSec.termSec as Array<Record<string, unknown>> | undefined) ?? []) {
        const term = normalizeSpace(textOf(termSec.term))
        if (!term) continue
        const notes = ((termSec.termNote as unknown[] | undefined) ?? []).map((note) => [attrOf(note, 'type'), textOf(note)] as const)
        const status = notes.filter(([type]) => type === 'administrativeStatus' || type === 'usageStatus' || type === 'normativeAuthorization').map(([, value]) => value).join(' ')
        const forms = Object.fromEntries(notes.filter(([type]) => type.startsWith('x-tolk-')).map(([type, value]) => [type.slice('x-tolk-'.length), normalizeSpace(value)]))
        if (refusedStatus.test(status)) {
          if (lang !== source) (forbidden[lang] ??= []).push(term)
          continue
        }
        if (lang === source) {
          if (sv !== undefined) continue
          sv = term
          const declared = { def: forms.def, pl: forms.pl, defpl: forms.defpl }
          if (declared.def || declared.pl || declared.defpl) svForms = Object.fromEntries(Object.entries(declared).filter(([, value]) => value)) as GlossaryEntry['svForms']
        } else if (!targets[lang]) {
          const target: TargetForms = { term }
          for (const key of ['def', 'pl', 'defpl', 'gen'] as const) if (forms[key]) target[key] = forms[key]
          const gender = forms.gender ?? notes.find(([type]) => type === 'grammaticalGender')?.[1]
          if (gender && isGender(gender)) target.gender = gender
          targets[lang] = target
        }
      }
    }
    if (sv === undefined) {
      skipped.push(id)
      return
    }
    const entry: GlossaryEntry = { id, sv, keep, targets: keep ? {} : targets, forbidden, place }
    if (svForms) entry.svForms = svForms
    if (note) entry.note = normalizeSpace(note)
    const admin = (type: string) => ((concept.admin as unknown[] | undefined) ?? []).find((item) => attrOf(item, 'type') === type)
    const inflect = admin('x-tolk-inflect')
    if (inflect) entry.inflect = textOf(inflect) === 'true'
    if (admin('x-tolk-definite') && textOf(admin('x-tolk-definite')) === 'true') entry.definite = true
    entries.push(entry)
  })
  languages.delete(source)
  if (concepts.length > 0 && entries.length === 0) {
    throw new InputError(`No term in the source language \`${source}\`, expected --source-lang to be one of the file's languages: ${[...languages].sort().join(', ')}`, { file, line: 1, column: 1 }, { code: 'tbx' })
  }
  return { entries, skipped, languages: [...languages].sort() }
}

function textOf(node: unknown): string {
  if (node === undefined || node === null) return ''
  if (typeof node !== 'object') return String(node)
  if (Array.isArray(node)) return node.map(textOf).join(' ')
  return Object.entries(node as Record<string, unknown>)
    .filter(([key]) => !key.startsWith('@'))
    .map(([, value]) => textOf(value))
    .join(' ')
    .trim()
}

function attrOf(node: unknown, name: string): string {
  return node && typeof node === 'object' ? String((node as Record<string, unknown>)[`@${name}`] ?? '') : ''
}

/** `en-US` → `en-us`? No: tolk's languages are primary subtags (`nb-NO` → `nb`), as its config uses. */
function normalizeLang(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/)[0] ?? ''
}

function offsetOfConcept(xml: string, id: string, index: number): number {
  const byId = xml.search(new RegExp(`<conceptEntry\\b[^>]*\\bid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`))
  if (byId >= 0) return byId
  let offset = -1
  for (let count = 0; count <= index; count++) offset = xml.indexOf('<conceptEntry', offset + 1)
  return Math.max(0, offset)
}

function at(text: string, offset: number, file: string): { file: string; line: number; column: number } {
  return { file, ...new LineIndex(text).at(offset) }
}

function xmlId(id: string, used: Set<string>): string {
  let base = id.replace(/[^\p{L}\p{N}._-]/gu, '-')
  if (!/^[\p{L}_]/u.test(base)) base = `c-${base}`
  let unique = base
  for (let count = 2; used.has(unique); count++) unique = `${base}-${count}`
  used.add(unique)
  return unique
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function attr(text: string): string {
  return esc(text).replace(/"/g, '&quot;')
}
