import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { loadConfig } from './config.ts'
import { InputError, UsageError } from '../errors.ts'
import { stableJson, writeFileAtomic } from '../fs/atomic.ts'
import type { PlannedWork } from '../translate/run.ts'
import type { BuildReport } from './build.ts'
import { toPosix } from '../project/articles.ts'
import type { Shard } from '../project/shard.ts'
import { comparePaths } from '../project/order.ts'

export interface ReportMergeOptions {
  config?: string
  cwd?: string
  /** Folder of the editions and reports, overriding the config's `out`. */
  out?: string
  /** The shard reports to merge. Default: every `report-<i>-of-<n>.json` in `out`. */
  files?: string[]
  /** Where the merged report goes. Default: `<out>/report.json`. */
  to?: string
}

export interface ReportMergeResult {
  report: BuildReport
  path: string
  /** The reports merged, as given or found. */
  files: string[]
}

/**
 * `tolk report merge`: the reports of `tolk build --shard i/n`, one per shard, combined into the
 * report the unsharded build writes. Every shard from 1 to n must be there exactly once.
 */
export async function mergeReportFiles(options: ReportMergeOptions = {}): Promise<ReportMergeResult> {
  const cwd = options.cwd ?? process.cwd()
  const config = await loadConfig({ file: options.config, cwd })
  const outDir = options.out ? resolve(cwd, options.out) : config.paths.out
  const display = (path: string) => toPosix(relative(cwd, path)) || path
  let files = options.files?.map((file) => resolve(cwd, file))
  if (!files || files.length === 0) {
    const names = await readdir(outDir).catch(() => [] as string[])
    files = names.filter((name) => /^report-\d+-of-\d+\.json$/.test(name)).sort().map((name) => join(outDir, name))
    if (files.length === 0) throw new UsageError(`No shard reports in ${display(outDir)}, expected report-<i>-of-<n>.json files from \`tolk build --shard i/n\``)
  }
  const reports = await Promise.all(files.map(async (file) => ({ file: display(file), report: parseReport(await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`Cannot read report: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, { file: display(file) }, { code: 'report' })
  }), display(file)) })))
  const report = mergeReports(reports)
  const path = options.to ? resolve(cwd, options.to) : join(outDir, 'report.json')
  await writeFileAtomic(path, stableJson(report))
  return { report, path, files: files.map(display) }
}

/** Shard reports → the unsharded report: articles in source order, skipped engines and problems once, characters summed. */
export function mergeReports(reports: ReadonlyArray<{ file: string; report: BuildReport }>): BuildReport {
  const count = reports[0]?.report.shard?.count
  const seen = new Map<number, string>()
  for (const { file, report } of reports) {
    const shard = report.shard
    if (!shard) throw new InputError('Not a shard report, expected the report of `tolk build --shard i/n` (it has `shard`)', { file }, { code: 'report' })
    if (shard.count !== count) throw new InputError(`Shard report of ${shard.count} shards, expected ${count} like the others`, { file }, { code: 'report' })
    const other = seen.get(shard.index)
    if (other) throw new InputError(`Shard ${shard.index}/${shard.count} twice, expected each shard once (also in ${other})`, { file }, { code: 'report' })
    seen.set(shard.index, file)
  }
  const missing = Array.from({ length: count ?? 0 }, (_, index) => index + 1).filter((index) => !seen.has(index))
  if (missing.length > 0) throw new InputError(`Missing shard report${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')}, expected all ${count} shards`, { file: reports[0]!.file }, { code: 'report' })

  const ordered = [...reports].sort((a, b) => a.report.shard!.index - b.report.shard!.index)
  const merged: BuildReport = { articles: [], skipped: {}, characters: {}, problems: [] }
  const sources = new Map<string, string>()
  const problems = new Set<string>()
  for (const { file, report } of ordered) {
    for (const article of report.articles) {
      const other = sources.get(article.source)
      if (other) throw new InputError(`Article ${article.source} in two shard reports, expected each article in one shard (also in ${other})`, { file }, { code: 'report' })
      sources.set(article.source, file)
      merged.articles.push(article)
    }
    for (const [lang, skipped] of Object.entries(report.skipped)) {
      const list = (merged.skipped[lang] ??= [])
      for (const entry of skipped) if (!list.some((known) => known.engine === entry.engine && known.reason === entry.reason)) list.push(entry)
    }
    for (const [engine, count] of Object.entries(report.characters)) merged.characters[engine] = (merged.characters[engine] ?? 0) + count
    for (const problem of report.problems) {
      const key = JSON.stringify(problem)
      if (problems.has(key)) continue
      problems.add(key)
      merged.problems.push(problem)
    }
    if (report.plan) for (const [lang, work] of Object.entries(report.plan)) mergePlan(((merged.plan ??= {})[lang] ??= []), work)
  }
  merged.articles.sort((a, b) => comparePaths(a.source, b.source))
  return merged
}

function mergePlan(into: PlannedWork[], work: readonly PlannedWork[]): void {
  for (const entry of work) {
    const known = into.find((planned) => planned.engine === entry.engine)
    if (!known) {
      into.push({ ...entry })
      continue
    }
    known.units += entry.units
    known.characters += entry.characters
    known.requests += entry.requests
    if (entry.tokens !== undefined) known.tokens = (known.tokens ?? 0) + entry.tokens
  }
}

function parseReport(text: string, file: string): BuildReport {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InputError(`Invalid report: ${(error as Error).message}`, { file, line: 1, column: 1 }, { code: 'report' })
  }
  const report = value as Partial<BuildReport> | null
  if (!report || typeof report !== 'object' || !Array.isArray(report.articles) || typeof report.skipped !== 'object' || typeof report.characters !== 'object' || !Array.isArray(report.problems)) {
    throw new InputError('Invalid report: expected the JSON object `tolk build` writes (articles, skipped, characters, problems)', { file, line: 1, column: 1 }, { code: 'report' })
  }
  const shard = report.shard as Shard | undefined
  if (shard !== undefined && (!Number.isInteger(shard.index) || !Number.isInteger(shard.count) || shard.index < 1 || shard.index > shard.count)) {
    throw new InputError('Invalid report: expected `shard` to be {index, count} with 1 ≤ index ≤ count', { file, line: 1, column: 1 }, { code: 'report' })
  }
  return report as BuildReport
}
