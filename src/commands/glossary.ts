import { readFile, stat } from 'node:fs/promises'
import { basename, extname, join, resolve, sep } from 'node:path'
import { displayPath, loadConfig } from '../config/load.ts'
import { InputError, UsageError } from '../errors.ts'
import { writeFileAtomic } from '../fs/atomic.ts'
import { lintGlossary, loadGlossary, type GlossaryMessage } from '../glossary/index.ts'
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
