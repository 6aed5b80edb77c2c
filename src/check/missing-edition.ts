import type { CheckRule } from './types.ts'

/** missing-edition: every article has an edition in every target language (a warning: the build already exits 1 when it cannot write one). */
export const missingEditionRule: CheckRule = {
  id: 'missing-edition',
  defaultSeverity: 'warn',
  check: (context) =>
    context.editions
      .filter((slot) => !slot.edition)
      .map((slot) => ({ file: slot.article.file, line: 1, column: 1, message: `Missing \`${slot.lang}\` edition, expected ${slot.file}; run \`tolk build\`` })),
}
