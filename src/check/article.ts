import type { CheckRule } from './types.ts'

/** article: an article that cannot be used (too large, too deep, an alias bomb, a symbolic link) is a finding of its own; the others are still checked. */
export const articleRule: CheckRule = {
  id: 'article',
  defaultSeverity: 'error',
  check: (context) => [...context.refused],
}
