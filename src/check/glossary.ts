import { lintGlossary } from '../glossary/index.ts'
import type { GlossaryContext } from './glossary-terms.ts'
import type { RuleMessage } from './types.ts'

/** glossary: the glossary lints clean (duplicate ids, conflicting forms, missing targets, …). */
export function checkGlossary(context: GlossaryContext, targets: string[]): RuleMessage[] {
  return lintGlossary(context.glossary, targets).map((problem) => ({
    file: context.display(problem.file),
    line: problem.line,
    column: problem.column,
    rule: 'glossary' as const,
    message: `${problem.message} (${problem.ruleId})`,
  }))
}
