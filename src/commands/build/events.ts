import type { Problem } from '../../project/article.ts'
import type { DryRunPlan } from './plan.ts'

/** Units finished per language and engine. */
export interface BuildProgress {
  lang: string
  engine: string
  done: number
  total: number
}

/**
 * What a build tells while it runs; the CLI (`cli/build-output.ts`) decides how it reads.
 * - `problem`: an input problem (an article refused, a warning in an article, a missing resource);
 * - `language`: a language starts, with its units and chain;
 * - `skipped`: an engine of the chain cannot be used, and why;
 * - `plan`: dry run only, what the language's engines would be sent;
 * - `no-engine`: a language's units reached no engine at all, and how to get one;
 * - `note`: a line to show as it is.
 */
export type BuildEvent =
  | { type: 'problem'; problem: Problem }
  | { type: 'language'; lang: string; units: number; chain: readonly string[]; dryRun: boolean }
  | { type: 'skipped'; lang: string; engine: string; reason: string }
  | { type: 'plan'; plan: DryRunPlan }
  | { type: 'no-engine'; lang: string; message: string }
  /** A line to show as it is (waiting for another build's workspace lock). */
  | { type: 'note'; text: string }
