import type { TermHitRecord } from '../glossary/protection.ts'
import type { PlannedWork } from '../translate/run.ts'
import type { Problem } from './article.ts'
import type { UnknownWord } from './unknown-words.ts'
import type { Shard } from './shard.ts'

/** The build's report: `<out>/report.json`, and stdout with `--json`. Its shape is a contract. */

export type { Problem }

export interface EditionReport {
  lang: string
  path: string
  written: boolean
  units: { total: number; catalog: number; machine: number; untranslated: number }
  /** Units a person has reviewed, and the others (machine drafts, and drafts waiting for review). */
  review: { reviewed: number; machine: number }
  engines: string[]
  untranslated: Array<{ key: string; line: number; column: number; text: string; problems: string[] }>
  /** Kept quotations: source line and column, the line in the edition, the flag's footnote label, a courtesy translation when one was made. */
  quotes: Array<{ text: string; line: number; column: number; editionLine?: number; flag?: string; courtesy?: string; status: 'verbatim' }>
  terms: Array<TermHitRecord & { line: number; column: number }>
  unknownWords: string[]
}

export interface ArticleReport {
  source: string
  slug: string
  editions: EditionReport[]
  problems: Problem[]
}

export interface BuildReport {
  articles: ArticleReport[]
  /** Per language, the engines of the chain that were skipped and why. */
  skipped: Record<string, Array<{ engine: string; reason: string }>>
  /** Source characters sent per engine (what DeepL bills). */
  characters: Record<string, number>
  /** Dry run only: per language, what each engine would be sent (units the catalogs answer are not counted). */
  plan?: Record<string, PlannedWork[]>
  /** Per language with units no engine of its chain could take (every machine engine skipped): what to do about it. */
  noEngine?: Record<string, string>
  /** Per language, the words its engines did not know in this build: counted, with the first place each stands in the sources. */
  unknownWords?: Record<string, UnknownWord[]>
  problems: Problem[]
  /** Set when the build covered one shard of the articles; `tolk report merge` combines the shards' reports. */
  shard?: Shard
}

export function addCharacters(report: BuildReport, characters: Readonly<Record<string, number>>): void {
  for (const [engine, count] of Object.entries(characters)) report.characters[engine] = (report.characters[engine] ?? 0) + count
}
