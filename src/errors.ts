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

/**
 * The machine cannot do what was asked (a folder that cannot be made, a full disk, no permission):
 * not tolk's fault nor the input's. The CLI exits 2, with the path and the reason, never a stack trace.
 */
export class EnvironmentError extends TolkError {
  /** The file or folder concerned, absolute; the CLI shows it relative to where it runs. */
  readonly path: string
  readonly verb: string

  constructor(verb: string, path: string, reason: string, options: { cause?: unknown } = {}) {
    super(reason, { code: 'environment', cause: options.cause })
    this.name = 'EnvironmentError'
    this.verb = verb
    this.path = path
  }
}

const errnoReasons: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
}

/** Whether an error is the operating system's (an errno error from `node:fs`). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!) && typeof (error as NodeJS.ErrnoException).syscall === 'string'
}

/** An operating-system error on `path` as an `EnvironmentError`; anything else unchanged. */
export function environmentError(error: unknown, path: string, verb = 'write'): unknown {
  if (!isSystemError(error)) return error
  return new EnvironmentError(verb, path, `${errnoReasons[error.code!] ?? error.message.split(',')[0]} (${error.code})`, { cause: error })
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
