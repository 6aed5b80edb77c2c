import { addToMemory, findExact, findFuzzy, readMemory, writeMemory, type Memory } from '../catalog/memory.ts'
import type { Catalog, LockEntry, Suggestion } from '../catalog/store.ts'
import type { ReviewMark } from '../catalog/review.ts'

/**
 * What a build does for the review loop, per language, before and while it translates:
 * - entries of a catalog whose key is no longer a unit of the article (its source changed) move
 *   into the translation memory, so nothing is lost and `check` finds no orphan;
 * - a reviewed entry whose glossary terms changed becomes `needs-review`, its text kept as the
 *   suggestion, and is drafted again under the new terms;
 * - a unit with no translation takes an exact reviewed match from the memory as it is
 *   (engine `memory`), and an engine's draft gets the best earlier translation at ≥ 75 % as a
 *   suggestion (`needs-review` when that one was reviewed).
 */

export interface ReviewUnit {
  key: string
  text: string
}

/** Lock fields of an engine's draft. */
export type DraftFields = Pick<LockEntry, 'reason' | 'suggestion'> & { status: 'machine' | 'needs-review' }

export interface ReviewArticle {
  slug: string
  units: readonly ReviewUnit[]
  catalog: Catalog
  /** The source texts of the article's units as the previous build saw them (`locales/<source>/articles/<slug>.json`), by key. */
  previous: Readonly<Record<string, string>>
}

export interface ReviewStep {
  memory: Memory
  /** Catalogs changed before translating (entries retired, reviews sent back); the build writes them. */
  changed: Set<Catalog>
  /** An exact reviewed translation from the memory, when `accept` takes it. */
  exact: (unit: ReviewUnit, accept: (text: string) => boolean) => { text: string; mark: Omit<ReviewMark, 'source' | 'glossary'> } | undefined
  /** Lock fields for an engine's draft of a unit: its suggestion, and `needs-review` when that was reviewed. */
  draft: (unit: ReviewUnit) => DraftFields
  /** Write the memory, when anything was added; call before writing catalogs that no longer hold what it took. */
  save: () => Promise<void>
}

export async function prepareReview(options: {
  localesDir: string
  lang: string
  articles: readonly ReviewArticle[]
  /** Hash of the glossary entries applying to a unit's text now. */
  glossaryHash: (text: string) => string | undefined
  write: boolean
}): Promise<ReviewStep> {
  const memory = await readMemory(options.localesDir, options.lang)
  const changed = new Set<Catalog>()
  for (const article of options.articles) {
    const { catalog } = article
    const origin = `article:${article.slug}`
    const current = new Set(article.units.map((unit) => unit.key))
    for (const [key, text] of Object.entries(catalog.entries)) {
      if (current.has(key)) continue
      const source = article.previous[key]
      // Without its source text an entry cannot be remembered; it stays, and check reports it.
      if (source === undefined || typeof text !== 'string') continue
      const lock = catalog.lock[key]
      addToMemory(memory, { source, target: text, status: lock === undefined || lock.status === 'reviewed' ? 'reviewed' : 'machine', origin, engine: lock?.engine ?? 'human', reviewer: lock?.reviewer, reviewedAt: lock?.reviewedAt, glossary: lock?.glossary })
      if (lock?.suggestion?.status === 'reviewed') addToMemory(memory, { source: lock.suggestion.source, target: lock.suggestion.text, status: 'reviewed', origin: lock.suggestion.origin, reviewer: lock.suggestion.reviewer, reviewedAt: lock.suggestion.reviewedAt })
      delete catalog.entries[key]
      delete catalog.lock[key]
      changed.add(catalog)
    }
    for (const unit of article.units) recoverReview(catalog, article.slug, unit, memory, options.glossaryHash(unit.text), changed)
    for (const unit of article.units) {
      const lock = catalog.lock[unit.key]
      const text = catalog.entries[unit.key]
      // Only reviews tolk recorded (with a time) say which glossary entries they were made under.
      if (lock?.status !== 'reviewed' || lock.reviewedAt === undefined || typeof text !== 'string') continue
      if ((lock.glossary ?? undefined) === options.glossaryHash(unit.text)) continue
      const suggestion: Suggestion = { text, similarity: 1, source: unit.text, status: 'reviewed', origin, ...(lock.reviewer ? { reviewer: lock.reviewer } : {}), reviewedAt: lock.reviewedAt }
      addToMemory(memory, { source: unit.text, target: text, status: 'reviewed', origin, engine: lock.engine, reviewer: lock.reviewer, reviewedAt: lock.reviewedAt, glossary: lock.glossary })
      // The old glossary hash stays, so the build drafts the unit again; the text stays until a draft replaces it.
      catalog.lock[unit.key] = { ...lock, status: 'needs-review', reason: 'glossary-changed', suggestion }
      changed.add(catalog)
    }
  }
  const save = async () => {
    if (options.write) await writeMemory(options.localesDir, memory)
  }
  await save()

  const suggestions = new Map<string, DraftFields>()
  return {
    memory,
    changed,
    save,
    exact: (unit, accept) => {
      for (const entry of findExact(memory, unit.text)) {
        if (entry.status !== 'reviewed') break
        if (!accept(entry.target)) continue
        return { text: entry.target, mark: { engine: 'memory', ...(entry.reviewer ? { reviewer: entry.reviewer } : {}), ...(entry.reviewedAt ? { reviewedAt: entry.reviewedAt } : {}) } }
      }
      return undefined
    },
    draft: (unit) => {
      const known = suggestions.get(unit.key)
      if (known) return known
      // An empty memory (a first build) has nothing to suggest: no unit is tokenized for it.
      const [best] = memory.entries.size === 0 ? [] : findFuzzy(memory, unit.text, { limit: 1 })
      let fields: DraftFields = { status: 'machine' }
      if (best) {
        const { entry } = best
        const suggestion: Suggestion = { text: entry.target, similarity: Math.round(best.similarity * 1000) / 1000, source: entry.source, status: entry.status, origin: entry.origin, ...(entry.reviewer ? { reviewer: entry.reviewer } : {}), ...(entry.reviewedAt ? { reviewedAt: entry.reviewedAt } : {}) }
        fields = entry.status === 'reviewed' ? { status: 'needs-review', reason: entry.source === unit.text ? 'glossary-changed' : 'source-changed', suggestion } : { status: 'machine', suggestion }
      }
      suggestions.set(unit.key, fields)
      return fields
    },
  }
}

/**
 * A save in `tolk review` writes the memory first, then the catalog and the lock. A process
 * killed in between leaves the review in the memory and the draft (or the approved text under
 * its old lock entry) in the catalog; the next build makes the pair whole again. Only a review
 * of this very unit of this article (same source text, same glossary entries) is taken.
 */
function recoverReview(catalog: Catalog, slug: string, unit: ReviewUnit, memory: Memory, glossaryHash: string | undefined, changed: Set<Catalog>): void {
  const text = catalog.entries[unit.key]
  const lock = catalog.lock[unit.key]
  if (!lock || lock.status !== 'machine' || typeof text !== 'string' || memory.entries.size === 0) return
  const review = findExact(memory, unit.text).find((entry) => entry.status === 'reviewed' && entry.origin === `article:${slug}` && entry.reviewedAt !== undefined && (entry.glossary ?? undefined) === glossaryHash)
  if (!review) return
  catalog.entries[unit.key] = review.target
  catalog.lock[unit.key] = { engine: review.engine ?? 'human', status: 'reviewed', source: lock.source, ...(review.glossary ? { glossary: review.glossary } : {}), ...(review.reviewer ? { reviewer: review.reviewer } : {}), reviewedAt: review.reviewedAt! }
  changed.add(catalog)
}
