import type { CheckFilesReport } from '../files.ts'
import { formatGithub } from './github.ts'
import { formatJson } from './json.ts'
import { formatJunit } from './junit.ts'
import { formatText } from './text.ts'

export type { CheckFilesReport } from '../files.ts'

/**
 * The report formats of `tolk check --format`. Each takes the check's `VFile`s (one per file, each
 * finding a vfile message) and the rules' severities, as vfile-reporter does. Adding one: a file
 * here exporting its function, and its line below.
 */
const reporters = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
} satisfies Record<string, (report: CheckFilesReport) => string>

export type Format = keyof typeof reporters
export const formats = Object.keys(reporters) as Format[]

/** The check's findings in one of the four formats. */
export function formatReport(report: CheckFilesReport, format: Format): string {
  return reporters[format](report)
}

export function isFormat(value: string): value is Format {
  return (formats as readonly string[]).includes(value)
}
