import type { VFile } from 'vfile'
import type { ResolvedConfig } from '../config/schema.ts'
import type { Article } from '../project/article.ts'
import type { Edition } from './documents.ts'
import type { GlossaryContext } from './glossary-terms.ts'
import type { Catalog } from '../catalog/store.ts'
import type { LanguageFormats } from '../project/glossary.ts'

/** A rule's setting under `check.rules` in the config. */
export type RuleSetting = 'off' | 'warn' | 'error'

export type Severity = 'error' | 'warning'

/** A rule id (the file name of the rule under `src/check/`). */
export type RuleId = string

/** Where a finding is: a path relative to the config's folder, 1-based line and column. */
export interface Place {
  file: string
  line: number
  column: number
}

/** What a rule reports; the runner adds the rule id and the severity from the config. */
export interface RuleMessage extends Place {
  message: string
  /** The place in the source article the finding relates to, when there is one. */
  source?: Place
}

export interface Finding extends RuleMessage {
  rule: RuleId
  severity: Severity
}

/** A file the check looked at, with the rules applied to it (what a JUnit report lists as test cases). */
export interface Subject {
  file: string
  kind: 'edition' | 'catalog' | 'locale' | 'glossary'
  lang?: string
  rules: RuleId[]
}

/**
 * What the check found. The reporters format `files` (one `VFile` per file, its findings as vfile
 * messages) with `rules`; `findings`, `subjects` and `summary` are the same, flattened, for callers
 * of the library.
 */
export interface CheckReport {
  files: VFile[]
  /** Sorted by file, line, column, rule. */
  findings: Finding[]
  /** Every file checked, with the rules applied to it. */
  subjects: Subject[]
  /** The severity each rule ran with. */
  rules: Record<RuleId, RuleSetting>
  summary: { errors: number; warnings: number; files: number }
}

/** One target language's edition of one article, read when its file exists. */
export interface EditionSlot {
  lang: string
  article: Article
  /** Path relative to the config's folder. */
  file: string
  edition?: Edition
  /** Built from the source as it is (`source_sha256`) and with as many blocks: it can be compared with the source block by block. */
  comparable: boolean
}

/** What the build makes of an article in a language from the committed catalogs now, without calling an engine. */
export type Regenerated =
  | { markdown: string }
  | { untranslated: Array<{ line: number; column: number }>; catalog: string }

/** Everything a rule may look at, loaded once for all rules. */
export interface CheckContext {
  config: ResolvedConfig
  /** The target languages checked. */
  targets: readonly string[]
  /** Folder of the editions. */
  outDir: string
  /** True when every article was checked, so files without an article are orphans. */
  complete: boolean
  /** False in shards other than the first (`--shard i/n`): project-wide rules (glossary, locales, orphans) run once, in shard 1. */
  projectWide: boolean
  /** Slugs of articles another shard checks: their catalogs and editions are neither orphans nor checked here. */
  elsewhere: ReadonlySet<string>
  articles: readonly Article[]
  /** Problems of the articles that could not be loaded (they are left out of `articles`). */
  refused: readonly RuleMessage[]
  /** Every language × article, in that order. */
  editions: readonly EditionSlot[]
  /** Whether a rule runs (is not `off`). */
  isOn(rule: RuleId): boolean
  /** A path relative to the config's folder, with forward slashes. */
  display(path: string): string
  /** The glossary as the check compares with it; read on first use. */
  glossary(): Promise<GlossaryContext>
  /** How each target language writes numbers and genitives; read on first use. */
  formats(): Promise<LanguageFormats>
  /** An article's catalog in a language as tolk reads it (journal included), or undefined when it cannot be read; read once. */
  catalog(lang: string, slug: string): Promise<Catalog | undefined>
  /** Each edition as the source and the catalogs produce it now, by `<lang>/<slug>`; made on first use. */
  regenerated(): Promise<ReadonlyMap<string, Regenerated>>
  /** Record that the running rule looked at a file (its JUnit test case); editions are recorded when the rule reports on them or is given them. */
  checked(subject: Omit<Subject, 'rules'>): void
}

/**
 * A check rule: one file `src/check/<id>.ts` exporting it, one line in `src/check/index.ts`.
 * `check` returns the rule's findings; their severity comes from `check.rules` in the config over
 * `defaultSeverity` (a setting, or a function of the config for a rule another option governs).
 */
export interface CheckRule {
  readonly id: RuleId
  readonly defaultSeverity: RuleSetting | ((config: ResolvedConfig) => RuleSetting)
  check(context: CheckContext): RuleMessage[] | Promise<RuleMessage[]>
}
