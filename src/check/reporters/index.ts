import type { CheckResult } from '../../commands/check.ts'
import { formatGithub } from './github.ts'
import { formatJson } from './json.ts'
import { formatJunit } from './junit.ts'
import { formatText } from './text.ts'

export type CheckReport = Pick<CheckResult, 'findings' | 'subjects' | 'rules' | 'summary'>

export const formats = ['text', 'json', 'junit', 'github'] as const
export type Format = (typeof formats)[number]

const reporters: Record<Format, (report: CheckReport) => string> = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
}

/** The check's findings in one of the four formats. */
export function formatReport(report: CheckReport, format: Format): string {
  return reporters[format](report)
}

export function isFormat(value: string): value is Format {
  return (formats as readonly string[]).includes(value)
}
