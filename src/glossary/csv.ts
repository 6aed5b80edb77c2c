import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { InputError } from '../errors.ts'
import { normalizeSpace } from './morphology-sv.ts'
import type { ImportResult } from './tbx.ts'
import type { Glossary, GlossaryEntry } from './types.ts'

/**
 * CSV as Crowdin and Weblate take glossaries: a header row, one column per language (the source
 * language first), plus `id` and `note`. Kept terms repeat the source term in every language.
 * Only base terms travel; inflected forms stay in the YAML.
 */

const languageCode = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

export function writeCsv(glossary: Glossary, options: { source?: string; languages?: string[] } = {}): string {
  const source = options.source ?? 'sv'
  const languages = options.languages ?? [...new Set(glossary.entries.flatMap((entry) => Object.keys(entry.targets)))].sort()
  const rows: string[][] = [['id', source, ...languages, 'note']]
  for (const entry of glossary.entries) {
    const sv = normalizeSpace(entry.sv)
    rows.push([entry.id, sv, ...languages.map((lang) => (entry.keep ? sv : normalizeSpace(entry.targets[lang]?.term ?? ''))), entry.note ?? ''])
  }
  return stringify(rows.map((row, index) => (index === 0 ? row : row.map(neutralise))), { record_delimiter: '\n' })
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return first)
 * gets a leading `'`, as OWASP advises against CSV injection; `parseCsv` takes it off again.
 */
function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

function restore(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell
}

export function parseCsv(text: string, file: string, options: { source?: string } = {}): ImportResult {
  const source = options.source ?? 'sv'
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true, info: true }) as unknown as typeof records
  } catch (error) {
    const { lines, column } = error as { lines?: number; column?: number }
    throw new InputError(`Invalid CSV: ${(error as Error).message}`, { file, line: lines ?? 1, column: typeof column === 'number' ? column + 1 : 1 }, { code: 'csv' })
  }
  const [header, ...rows] = records
  if (!header) throw new InputError('Empty CSV, expected a header row of language codes', { file, line: 1, column: 1 }, { code: 'csv' })
  const columns = header.record.map((name) => name.trim())
  columns.forEach((name, index) => {
    if (name !== 'id' && name !== 'note' && !languageCode.test(name)) {
      throw new InputError(`Unexpected column \`${name}\`, expected \`id\`, \`note\` or a language code such as \`${source}\``, { file, line: 1, column: columnOffset(header.record, index) }, { code: 'csv' })
    }
  })
  const sourceColumn = columns.indexOf(source)
  const languages = columns.filter((name) => name !== 'id' && name !== 'note' && name !== source)
  if (sourceColumn < 0) throw new InputError(`No \`${source}\` column, expected --source-lang to be one of ${languages.map((lang) => `\`${lang}\``).join(', ')}`, { file, line: 1, column: 1 }, { code: 'csv' })
  const entries: GlossaryEntry[] = []
  const skipped: string[] = []
  const used = new Set<string>()
  for (const { record, info } of rows) {
    const value = (name: string) => normalizeSpace(restore(record[columns.indexOf(name)] ?? ''))
    const sv = value(source)
    const id = value('id') || slug(sv, used)
    if (!sv) {
      skipped.push(id || `line ${info.lines}`)
      continue
    }
    used.add(id)
    const targets: GlossaryEntry['targets'] = {}
    for (const lang of languages) if (value(lang)) targets[lang] = { term: value(lang) }
    const keep = languages.length > 0 && languages.every((lang) => value(lang) === sv)
    const entry: GlossaryEntry = { id, sv, keep, targets: keep ? {} : targets, forbidden: {}, place: { file, line: info.lines, column: 1 } }
    if (value('note')) entry.note = value('note')
    entries.push(entry)
  }
  return { entries, skipped, languages }
}

function columnOffset(record: string[], index: number): number {
  return record.slice(0, index).reduce((sum, cell) => sum + cell.length + 1, 1)
}

function slug(text: string, used: Set<string>): string {
  const base = text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'term'
  let id = base
  for (let count = 2; used.has(id); count++) id = `${base}-${count}`
  return id
}
