import { execFile } from 'node:child_process'
import { sourceHash, type Catalog, type LockEntry } from './store.ts'

/**
 * Recording a person's review in a catalog: the text goes into `<slug>.json`, the lock entry
 * says `reviewed`, who and when. What the build does with it: it never overwrites the text, and
 * a source or glossary change makes it `needs-review` with the text kept as a suggestion.
 */

export interface ReviewMark {
  /** Who approved it; omitted when unknown. */
  reviewer?: string
  /** When, ISO 8601 (UTC); omitted when unknown (an import that does not say). */
  reviewedAt?: string
  /** The source text of the unit (the lock records its hash). */
  source: string
  /** Hash of the glossary entries that apply to the unit now, when any do. */
  glossary?: string
  /** Who wrote the text: `human` (default), or the engine whose draft was approved unchanged. */
  engine?: string
}

/** Put a reviewed translation into a catalog (in memory; the caller writes it). */
export function putReviewed(catalog: Catalog, key: string, text: string, mark: ReviewMark): void {
  catalog.entries[key] = text
  const lock: LockEntry = { engine: mark.engine ?? 'human', status: 'reviewed', source: sourceHash(mark.source) }
  if (mark.reviewedAt) lock.reviewedAt = mark.reviewedAt
  if (mark.glossary) lock.glossary = mark.glossary
  if (mark.reviewer) lock.reviewer = mark.reviewer
  catalog.lock[key] = lock
}

/**
 * The reviewer's name: the one given, else `git config user.name` in `cwd`, else undefined.
 * Control characters are removed; the name is stored in lock files, never in an edition.
 */
export async function reviewerName(cwd: string, given?: string): Promise<string | undefined> {
  const clean = (name: string) => name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim() || undefined
  if (given !== undefined) return clean(given)
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 5000 }, (error, stdout) => resolve(error ? undefined : clean(stdout)))
  })
}
