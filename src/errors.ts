/**
 * Error classes with stable codes, and no exit codes: the CLI's one error boundary
 * (`cli/main.ts`) decides those. Commands never call `process.exit`.
 */

/** Where in a file a problem is. Lines and columns are 1-based, as editors show them. */
export interface Place {
  file: string
  line?: number
  column?: number
}

export function formatPlace(place: Place): string {
  if (place.line === undefined) return place.file
  return `${place.file}:${place.line}:${place.column ?? 1}`
}

export class TolkError extends Error {
  /** Stable, documented identifier of the error kind. */
  readonly code: string
  readonly place?: Place

  constructor(message: string, options: { code: string; place?: Place; cause?: unknown }) {
    super(message, { cause: options.cause })
    this.name = 'TolkError'
    this.code = options.code
    this.place = options.place
  }

  /** `file:line:column: message`, or the message alone when there is no place. */
  override toString(): string {
    return this.place ? `${formatPlace(this.place)}: ${this.message}` : this.message
  }
}

/** Wrong flags or arguments (the CLI exits 2). */
export class UsageError extends TolkError {
  constructor(message: string) {
    super(message, { code: 'usage' })
    this.name = 'UsageError'
  }
}

/** A file that cannot be used as input (config, article, glossary; the CLI exits 2). */
export class InputError extends TolkError {
  /** Further problems found in the same pass, so that all are reported at once. */
  readonly problems: readonly InputError[]

  constructor(message: string, place?: Place, options: { code?: string; problems?: InputError[]; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'bad-input', place, cause: options.cause })
    this.name = 'InputError'
    this.problems = options.problems ?? []
  }
}

/** Strip control characters from untrusted text before it reaches a terminal or a log. */
export function stripControl(text: string): string {
  return (
    text
      // Whole escape sequences first (colours, cursor moves, titles), so no `[31m` is left behind.
      // eslint-disable-next-line no-control-regex
      .replace(/\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
  )
}
