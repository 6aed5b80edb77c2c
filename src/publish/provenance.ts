import { lookup, type Catalog } from '../catalog/store.ts'

/**
 * Where an edition's text came from, read from its catalog's lock: which engines translated it and
 * how much of it a person reviewed. A key with no lock entry was put there by a person (reviewed);
 * `needs-review` and `machine` are not reviewed.
 */
export interface Provenance {
  /** Units of the article. */
  units: number
  /** Units a person approved. */
  reviewed: number
  /** Reviewed units ÷ units, 0 to 1 (1 for an article without units). */
  reviewedShare: number
  /** The machine engines that made any of the text, sorted (a person's `human` entries excluded). */
  engines: string[]
}

export function provenance(keys: readonly string[], catalog: Catalog): Provenance {
  let reviewed = 0
  const engines = new Set<string>()
  for (const key of new Set(keys)) {
    const answer = lookup(catalog, key)
    if (!answer) continue
    if (answer.status === 'reviewed') reviewed++
    if (answer.engine !== 'human' && answer.engine !== 'catalog') engines.add(answer.engine)
  }
  const units = new Set(keys).size
  return { units, reviewed, reviewedShare: units === 0 ? 1 : reviewed / units, engines: [...engines].sort() }
}

/** What the notice at the top of an edition says. */
export function reviewState(share: number): 'reviewed' | 'partly-reviewed' | 'machine' {
  return share >= 1 ? 'reviewed' : share > 0 ? 'partly-reviewed' : 'machine'
}
