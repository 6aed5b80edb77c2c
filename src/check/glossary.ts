import { lintGlossary } from '../glossary/index.ts'
import type { GlossaryContext } from './glossary-terms.ts'
import type { CheckRule, RuleMessage } from './types.ts'

/** glossary: the glossary lints clean (duplicate ids, conflicting forms, missing targets, …). */
export const glossaryRule: CheckRule = {
  id: 'glossary',
  defaultSeverity: 'error',
  async check(context) {
    if (!context.projectWide) return []
    const glossary = await context.glossary()
    for (const file of glossary.glossary.files) context.checked({ file: glossary.display(file), kind: 'glossary' })
    return checkGlossary(glossary, context.targets)
  },
}

export function checkGlossary(context: GlossaryContext, targets: readonly string[]): RuleMessage[] {
  // The glossary names its files relative to the process's folder; findings name them relative to the config's.
  const names = [...context.glossary.files].sort((a, b) => b.length - a.length)
  const relocate = (text: string) => names.reduce((result, name) => result.split(name).join(context.display(name)), text)
  return lintGlossary(context.glossary, [...targets]).map((problem) => ({
    file: context.display(problem.file),
    line: problem.line,
    column: problem.column,
    message: `${relocate(problem.message)} (${problem.ruleId})`,
  }))
}
