import type { CheckReport } from '../types.ts'
import { formatGithub } from './github.ts'
import { formatJson } from './json.ts'
import { formatJunit } from './junit.ts'
import { formatText } from './text.ts'

export type { CheckReport } from '../types.ts'

/** The report formats of `tolk check --format`. Adding one: a file here exporting its function, and its line below. */
const reporters = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
} satisfies Record<string, (report: CheckReport) => string>

export type Format = keyof typeof reporters
export const formats = Object.keys(reporters) as Format[]

/** The check's findings in one of the four formats. */
export function formatReport(report: CheckReport, format: Format): string {
  return reporters[format](report)
}

export function isFormat(value: string): value is Format {
  return (formats as readonly string[]).includes(value)
}
