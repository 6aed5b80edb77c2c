import { relative, sep } from 'node:path'
import type { ResolvedConfig } from '../config/schema.ts'
import { catalogPaths, lookup, readCatalog } from '../catalog/store.ts'
import { mapInParallel } from '../fs/parallel.ts'
import type { Article as SourceArticle } from '../project/article.ts'
import type { CheckRule, RuleMessage } from './types.ts'

export const reviewedRule: CheckRule = {
  id: 'reviewed',
  /** Unreviewed units: a warning with a count; `check.requireReviewed: true` makes each an error. */
  defaultSeverity: (config) => (config.check.requireReviewed ? 'error' : 'warn'),
  check: (context) => checkReviewed({ config: context.config, articles: context.articles, languages: context.targets }),
}

/**
 * reviewed: units whose translation no person has approved (machine drafts, drafts waiting for
 * review). By default one warning per catalog with the count; with `check.requireReviewed: true`
 * (for newsrooms that publish only reviewed text) one error per unit, at the unit in the source.
 * Units with no translation at all are the `stale` and `missing-edition` rules' business.
 */
export async function checkReviewed(options: { config: ResolvedConfig; articles: readonly SourceArticle[]; languages: readonly string[] }): Promise<RuleMessage[]> {
  const { config } = options
  const required = config.check.requireReviewed
  const jobs = options.languages.flatMap((lang) => options.articles.map((article) => ({ lang, article })))
  const results = await mapInParallel(jobs, async ({ lang, article }) => {
    const catalog = await readCatalog(config.paths.locales, lang, article.slug)
    const file = relative(config.root, catalogPaths(config.paths.locales, lang, article.slug).entries).split(sep).join('/')
    const seen = new Set<string>()
    const open: Array<{ line: number; column: number; status: string }> = []
    let total = 0
    for (const unit of article.segmentation.units) {
      if (seen.has(unit.key)) continue
      seen.add(unit.key)
      const answer = lookup(catalog, unit.key)
      if (!answer) continue
      total++
      if (answer.status !== 'reviewed') open.push({ line: unit.line, column: unit.column, status: answer.status })
    }
    if (open.length === 0) return []
    if (!required) return [{ file, line: 1, column: 1, message: `${open.length} of ${total} \`${lang}\` units of ${article.file} are not reviewed (machine drafts or waiting for review); \`check.requireReviewed: true\` makes each one an error` }]
    return open.map((unit) => ({ file: article.file, line: unit.line, column: unit.column, message: `Unreviewed \`${lang}\` translation (${unit.status === 'needs-review' ? 'waiting for review' : 'machine draft'}), expected a reviewed one: \`check.requireReviewed\` is on; review it with \`tolk review\``, source: { file: article.file, line: unit.line, column: unit.column } }))
  })
  return results.flat()
}
