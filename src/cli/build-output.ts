import { relative } from 'node:path'
import type { BuildEvent, BuildResult } from '../commands/build.ts'
import { formatPlace, stripControl } from '../errors.ts'

/** How a build reads on a terminal: its events as lines while it runs, then what was written. */

/** The line of one build event. */
export function eventLine(event: BuildEvent): string {
  switch (event.type) {
    case 'problem': {
      const { problem } = event
      // A warning in a document names its rule; a file that is missing or refused says only what is wrong.
      const warning = problem.severity === 'warning' && problem.line !== undefined
      return `${formatPlace(problem)}: ${warning ? 'warning: ' : ''}${problem.message}${warning ? ` (${problem.ruleId})` : ''}`
    }
    case 'language':
      return `${event.lang}: ${event.units} units through ${event.chain.join(' → ')}${event.dryRun ? ' (dry run: no engine called)' : ''}`
    case 'note':
      return event.text
    case 'no-engine':
      return `${event.lang}: ${event.message}`
    case 'skipped':
      return `${event.lang}: ${event.engine} skipped: ${event.reason}`
    case 'plan': {
      const { plan } = event
      const lines = [`${plan.lang}: catalog answers ${plan.fromCatalog} units`]
      for (const work of plan.planned) lines.push(`${plan.lang}: ${work.engine} would be sent ${work.units} units, ${work.characters} characters in ${work.requests} request${work.requests === 1 ? '' : 's'}${work.tokens !== undefined ? `, about ${work.tokens} tokens` : ''}`)
      if (plan.unplanned > 0) lines.push(`${plan.lang}: ${plan.unplanned} units have no engine that could translate them`)
      return lines.join('\n')
    }
  }
}

/** Each edition written or not (with the units that have no translation), and a summary line unless it was a dry run. */
export function resultLines(result: BuildResult, options: { cwd: string; dryRun: boolean }): string {
  const lines: string[] = []
  for (const article of result.summary.articles) {
    for (const edition of article.editions) {
      if (edition.written) lines.push(`wrote ${edition.path} (${edition.units.catalog} from catalog, ${edition.units.machine} machine)`)
      else {
        const noEngine = result.summary.noEngine?.[edition.lang]
        lines.push(`not written: ${edition.path}: ${edition.units.untranslated} segments without translation${noEngine ? ` (no engine for ${edition.lang}, see above)` : ''}`)
        // A language with no engine at all was explained once; its units are in the report.
        if (noEngine) continue
        for (const entry of edition.untranslated) lines.push(`  ${article.source}:${entry.line}:${entry.column}: ${stripControl(entry.text.slice(0, 80))}${entry.problems.length ? ` (${entry.problems.join('; ')})` : ''}`)
      }
    }
  }
  for (const [lang, words] of Object.entries(result.summary.unknownWords ?? {})) {
    lines.push(`${lang}: ${words.length} unknown ${words.length === 1 ? 'word' : 'words'} (tolk glossary suggest writes them as a draft glossary):`)
    for (const entry of words) lines.push(`  ${stripControl(entry.word)} ×${entry.count} ${entry.file}:${entry.line}:${entry.column}`)
  }
  if (!options.dryRun) {
    const editions = result.summary.articles.flatMap((article) => article.editions)
    const refused = result.summary.articles.filter((article) => article.problems.some((problem) => problem.severity === 'error')).length
    const summary = `${editions.filter((edition) => edition.written).length} of ${editions.length} editions written${refused ? `, ${refused} ${refused === 1 ? 'article' : 'articles'} refused` : ''}`
    const written = editions.filter((edition) => edition.written)
    const reviewed = written.reduce((sum, edition) => sum + edition.review.reviewed, 0)
    const machine = written.reduce((sum, edition) => sum + edition.review.machine, 0)
    const units = written.length > 0 ? `; units: ${reviewed} reviewed, ${machine} machine` : ''
    lines.push(`${summary}${units}; report: ${relative(options.cwd, result.reportPath) || result.reportPath}`)
  }
  return lines.map((line) => `${line}\n`).join('')
}
