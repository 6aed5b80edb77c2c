import { readFile, stat } from 'node:fs/promises'
import { basename, extname, join, resolve, sep } from 'node:path'
import { displayPath } from '../config/load.ts'
import { loadConfig } from './config.ts'
import { InputError, UsageError } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic.ts'
import { lintGlossary, type GlossaryMessage } from '../glossary/index.ts'
import { loadGlossary } from '../project/glossary.ts'
import { parseCsv, writeCsv } from '../glossary/csv.ts'
import { parseTbx, writeTbx, type ImportResult } from '../glossary/tbx.ts'
import { glossaryToYaml } from '../glossary/write-yaml.ts'

/** Options every glossary command takes. */
export interface GlossaryCommandOptions {
  /** Config file. Default: `tolk.config.yaml` in `cwd`. */
  config?: string
  cwd?: string
}

export interface GlossaryLintResult {
  exitCode: 0 | 1
  messages: GlossaryMessage[]
  entries: number
}

/**
 * Lint the project glossary against the config's target languages. A file that is not valid
 * YAML throws `InputError` (exit 2); problems of content come back as messages (exit 1).
 */
export async function glossaryLint(options: GlossaryCommandOptions = {}): Promise<GlossaryLintResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const glossary = await loadGlossary(config.paths.glossary, { cwd })
  const messages = lintGlossary(glossary, Object.keys(config.targets))
  return { exitCode: messages.some((message) => message.severity === 'error') ? 1 : 0, messages, entries: glossary.entries.length }
}

export interface GlossaryImportOptions extends GlossaryCommandOptions {
  /** The TBX (`.tbx`, `.xml`) or CSV (`.csv`) file to import. */
  file: string
  /** Language of the terms the entries are keyed by. Default: the config's `source` (`sv`). */
  sourceLang?: string
  /** Where to write the YAML. Default: `<glossary>/<name of the file>.yaml`. */
  to?: string
  /** Replace an existing glossary file (its inflected and forbidden forms are lost). Default: false. */
  force?: boolean
}

export interface GlossaryImportResult extends ImportResult {
  /** The YAML file written. */
  path: string
}

/** Import a TBX or CSV file as glossary YAML. Nothing is written unless the whole file could be read. */
export async function glossaryImport(options: GlossaryImportOptions): Promise<GlossaryImportResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const path = resolve(cwd, options.file)
  const shown = displayPath(path, cwd)
  const format = formatOf(path)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InputError(`Cannot read ${format.toUpperCase()} file: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file: shown }, { code: format })
  }
  const source = options.sourceLang ?? config.source
  const result = format === 'tbx' ? parseTbx(text, shown, { source }) : parseCsv(text, shown, { source })
  const target = options.to ? resolve(cwd, options.to) : join(config.paths.glossary, `${basename(path, extname(path)).replace(/[^\w.-]+/g, '-')}.yaml`)
  if (!options.force && (await stat(target).then(() => true, () => false))) {
    throw new InputError('Refusing to overwrite an existing glossary file, expected --force to replace it (its inflected and forbidden forms would be lost)', { file: toPosix(displayPath(target, cwd)) }, { code: 'glossary' })
  }
  const header = `Imported by \`tolk glossary import\` from ${basename(path)} (source language: ${source}).`
  await writeFileAtomic(target, glossaryToYaml(result.entries, header))
  return { ...result, path: toPosix(displayPath(target, cwd)) }
}

export interface GlossaryExportOptions extends GlossaryCommandOptions {
  format: 'tbx' | 'csv'
  /** File to write; without it the text is only returned (the CLI prints it). */
  to?: string
}

/** Export the project glossary as TBX or CSV, with a language column or section per config target. */
export async function glossaryExport(options: GlossaryExportOptions): Promise<{ text: string; path?: string }> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const glossary = await loadGlossary(config.paths.glossary, { cwd })
  const languages = Object.keys(config.targets).sort()
  const text = options.format === 'tbx' ? writeTbx(glossary, { source: config.source, languages }) : writeCsv(glossary, { source: config.source, languages })
  if (!options.to) return { text }
  const target = resolve(cwd, options.to)
  await writeFileAtomic(target, text)
  return { text, path: toPosix(displayPath(target, cwd)) }
}

function formatOf(path: string): 'tbx' | 'csv' {
  const extension = extname(path).toLowerCase()
  if (extension === '.tbx' || extension === '.xml') return 'tbx'
  if (extension === '.csv') return 'csv'
  throw new UsageError(`Unexpected file type \`${extension || basename(path)}\`, expected a \`.tbx\` or \`.csv\` file`)
}

function toPosix(path: string): string {
  return path.split(sep).join('/')
}

export interface GlossarySuggestOptions extends GlossaryCommandOptions {
  /** The build report to read. Default: `<out>/report.json`. */
  report?: string
  /** Where the draft goes. Default: `<out>/glossary-draft.yaml` (outside the glossary folder, so no build reads it before the desk has filled it in). */
  to?: string
}

/**
 * The unknown words of the last build (its `report.json`) as a draft glossary: one entry per
 * Swedish word, with an empty term for each target language and a note saying where and how
 * often it was met. The desk fills in the terms (or sets `keep: true` for a name) and moves the
 * entries into the glossary.
 */
export async function glossarySuggest(options: GlossarySuggestOptions = {}): Promise<{ path: string; entries: number }> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const reportPath = resolve(cwd, options.report ?? join(config.paths.out, 'report.json'))
  let report: { unknownWords?: Record<string, Array<{ word: string; count: number; file: string; line: number; column: number }>> }
  try {
    report = JSON.parse(await readFile(reportPath, 'utf8')) as typeof report
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file; run `tolk build` first' : `not a build report (${(error as Error).message})`
    throw new InputError(`Cannot read the build report: ${reason}`, { file: displayPath(reportPath, cwd) }, { code: 'report' })
  }
  const known = new Set((await loadGlossary(config.paths.glossary, { cwd })).entries.map((entry) => entry.sv.toLowerCase()))
  const words = new Map<string, { count: number; langs: Set<string>; place: string }>()
  for (const [lang, list] of Object.entries(report.unknownWords ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const entry of list) {
      if (typeof entry?.word !== 'string' || known.has(entry.word.toLowerCase())) continue
      const word = words.get(entry.word) ?? { count: 0, langs: new Set<string>(), place: `${entry.file}:${entry.line}:${entry.column}` }
      word.count = Math.max(word.count, entry.count)
      word.langs.add(lang)
      words.set(entry.word, word)
    }
  }
  const targets = Object.keys(config.targets).sort()
  const ids = new Set<string>()
  const entries = [...words.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b, 'sv'))
    .map(([word, seen]) => {
      let id = draftId(word)
      for (let n = 2; ids.has(id); n++) id = `${draftId(word)}-${n}`
      ids.add(id)
      return {
        id,
        sv: word,
        keep: false,
        note: `unknown to the engines for ${[...seen.langs].join(', ')}: ${seen.count} ${seen.count === 1 ? 'time' : 'times'}, first at ${seen.place}`,
        targets: Object.fromEntries(targets.map((lang) => [lang, { term: '' }])),
        forbidden: {},
        place: { file: '', line: 0, column: 0 },
      }
    })
  const path = resolve(cwd, options.to ?? join(config.paths.out, 'glossary-draft.yaml'))
  await writeFileAtomic(path, glossaryToYaml(entries, `Draft glossary from ${displayPath(reportPath, cwd)}: the words the engines did not know.\nFill in each term (or set \`keep: true\` for a name, and drop its targets), then move the entries into the glossary folder.`))
  return { path: displayPath(path, cwd), entries: entries.length }
}

function draftId(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'word'
}
