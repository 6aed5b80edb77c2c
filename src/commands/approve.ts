import { addToMemory, readMemory, writeMemory } from '../catalog/memory.ts'
import { putReviewed, reviewerName } from '../catalog/review.ts'
import { readCatalog, writeCatalog } from '../catalog/store.ts'
import { loadGlossaryContext, type GlossaryContext } from '../check/glossary-terms.ts'
import { translationProblems } from '../check/translation.ts'
import { InputError, UsageError } from '../errors.ts'
import { build } from './build.ts'
import type { StatusProject } from './status.ts'

/**
 * A person approves a translation of one unit (from `tolk review`, or a script): it must pass
 * what an engine's answer must pass (placeholders, so kept quotations too; glossary terms;
 * numbers), then it is written to the catalog and its lock as `reviewed`, with who and when, and
 * the edition is built again from the catalog.
 */

export interface ApproveRequest {
  slug: string
  lang: string
  key: string
  text: string
}

export interface ApproveOptions {
  /** Who approves; default: `git config user.name` in the project. */
  reviewer?: string
  /** When; default: now. */
  now?: Date
  /** Build the edition again afterwards. Default: true. */
  rebuild?: boolean
  /** The glossary as the check reads it, when the caller keeps one loaded. */
  glossary?: GlossaryContext
}

export interface ApproveResult {
  saved: boolean
  /** Why the text was refused (nothing was written then). */
  problems: string[]
  /** The edition, relative to the config's folder, when it was built again. */
  edition?: string
  /** The rebuild's exit code. */
  buildExitCode?: number
}

export async function approve(project: StatusProject, request: ApproveRequest, options: ApproveOptions = {}): Promise<ApproveResult> {
  const { config } = project
  if (!project.targets.includes(request.lang)) throw new UsageError(`Unknown locale \`${request.lang}\`, expected one of ${project.targets.join(', ')}`)
  const article = project.articles.find((candidate) => candidate.slug === request.slug)
  if (!article) throw new UsageError(`Unknown article \`${request.slug}\``)
  const unit = article.segmentation.units.find((candidate) => candidate.key === request.key)
  if (!unit) throw new InputError(`No unit \`${request.key}\` in ${article.file}, expected a key of its current sentences`, { file: article.file }, { code: 'catalog' })
  const text = request.text.normalize('NFC').trim()
  const glossary = options.glossary ?? (await loadGlossaryContext(config, [request.lang]))
  const problems = translationProblems(unit, text, request.lang, glossary)
  if (problems.length > 0) return { saved: false, problems }

  const reviewer = await reviewerName(config.root, options.reviewer)
  const reviewedAt = (options.now ?? new Date()).toISOString()
  const glossaryHash = project.protect?.(unit.text, request.lang).glossaryHash
  // The memory first: if the process dies before the catalog is written, the review is still on disk.
  const memory = await readMemory(config.paths.locales, request.lang)
  addToMemory(memory, { source: unit.text, target: text, status: 'reviewed', origin: `article:${article.slug}`, engine: 'human', reviewer, reviewedAt, glossary: glossaryHash })
  await writeMemory(config.paths.locales, memory)
  const catalog = await readCatalog(config.paths.locales, request.lang, article.slug)
  // The text before its lock entry (the store writes a pair lock first): a process killed between
  // the two leaves the approved text under the draft's old entry, which the next build makes
  // reviewed from the memory; never a draft's text under a reviewed entry.
  catalog.entries[unit.key] = text
  await writeCatalog(config.paths.locales, catalog)
  putReviewed(catalog, unit.key, text, { source: unit.text, reviewer, reviewedAt, ...(glossaryHash ? { glossary: glossaryHash } : {}) })
  await writeCatalog(config.paths.locales, catalog)

  if (options.rebuild === false) return { saved: true, problems: [] }
  const result = await build({ cwd: config.root, config: config.file, locales: [request.lang], articles: [project.paths.get(article.slug)!] })
  const edition = result.editions.find((candidate) => candidate.lang === request.lang)
  return { saved: true, problems: [], buildExitCode: result.exitCode, ...(edition ? { edition: edition.path } : {}) }
}
