import type { ChainOutcome, PlannedWork } from '../../translate/run.ts'

/** What a dry run found for one language: what the catalogs answer, and what each engine would be sent. */
export interface DryRunPlan {
  lang: string
  /** Units the catalogs answer. */
  fromCatalog: number
  planned: PlannedWork[]
  /** Units no engine of the chain could translate. */
  unplanned: number
}

export function dryRunPlan(lang: string, units: number, outcome: Pick<ChainOutcome, 'answers' | 'planned'>): DryRunPlan {
  const fromCatalog = [...outcome.answers.values()].filter((answer) => answer.cached).length
  const unplanned = units - fromCatalog - outcome.planned.reduce((sum, work) => sum + work.units, 0)
  return { lang, fromCatalog, planned: outcome.planned, unplanned: Math.max(unplanned, 0) }
}
