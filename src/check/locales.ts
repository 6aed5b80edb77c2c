import { readFile } from 'node:fs/promises'
import { flattenStrings, jsonKeyPlaces } from './json-places.ts'
import { join } from 'node:path'
import type { CheckRule, RuleMessage } from './types.ts'

/** i18next plural suffixes: a language has the forms its plural rules need, not the source's. */
const pluralSuffix = /_(zero|one|two|few|many|other)$/

export interface LocaleFile {
  lang: string
  /** Path relative to the config's folder. */
  file: string
  path: string
}

export const localesRule: CheckRule = {
  id: 'locales',
  defaultSeverity: 'error',
  check(context) {
    if (!context.projectWide) return []
    const localeFile = (lang: string): LocaleFile => {
      const path = join(context.config.paths.locales, lang, 'tolk.json')
      return { lang, path, file: context.display(path) }
    }
    for (const lang of context.targets) context.checked({ file: localeFile(lang).file, kind: 'locale', lang })
    return checkLocales(localeFile(context.config.source), context.targets.map(localeFile))
  },
}

/**
 * locales: every key of the source language's `tolk.json` exists in each target language's, with
 * the same interpolation variables (`{{count}}`) and nestings (`$t(key)`).
 */
export async function checkLocales(source: LocaleFile, targets: readonly LocaleFile[]): Promise<RuleMessage[]> {
  const messages: RuleMessage[] = []
  const reference = await readResource(source)
  if ('message' in reference) return [reference.message]
  const wanted = new Map<string, { key: string; variables: string }>()
  for (const [key, value] of reference.strings) wanted.set(key.replace(pluralSuffix, ''), { key, variables: variablesOf(value) })

  for (const target of targets) {
    const resource = await readResource(target)
    if ('message' in resource) {
      messages.push(resource.message)
      continue
    }
    const have = new Map<string, string[]>()
    for (const key of resource.strings.keys()) have.set(key.replace(pluralSuffix, ''), [...(have.get(key.replace(pluralSuffix, '')) ?? []), key])
    for (const [base, { key, variables }] of wanted) {
      const keys = have.get(base)
      if (!keys) {
        const parent = nearestParent(key, resource.places)
        messages.push({ file: target.file, ...(parent ?? { line: 1, column: 1 }), message: `Missing key \`${key}\`, expected it as in ${source.file}` })
        continue
      }
      for (const found of keys) {
        const actual = variablesOf(resource.strings.get(found)!)
        if (actual !== variables) {
          messages.push({ file: target.file, ...(resource.places.get(found) ?? { line: 1, column: 1 }), message: `Key \`${found}\` has ${describe(actual)}, expected ${describe(variables)} as in ${source.file}` })
        }
      }
    }
  }
  return messages
}

async function readResource(locale: LocaleFile): Promise<{ strings: Map<string, string>; places: Map<string, { line: number; column: number }> } | { message: RuleMessage }> {
  let text: string
  try {
    text = await readFile(locale.path, 'utf8')
  } catch {
    return { message: { file: locale.file, line: 1, column: 1, message: `Missing i18next resource, expected ${locale.file} with tolk's strings in \`${locale.lang}\`` } }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { message: { file: locale.file, line: 1, column: 1, message: `Invalid JSON: ${(error as Error).message}, expected an i18next resource` } }
  }
  return { strings: flattenStrings(value), places: jsonKeyPlaces(text) }
}

function variablesOf(value: string): string {
  const found = new Set<string>()
  for (const match of value.matchAll(/\{\{\s*-?\s*([^},\s]+)[^}]*\}\}/g)) found.add(`{{${match[1]}}}`)
  for (const match of value.matchAll(/\$t\(\s*([^,)\s]+)/g)) found.add(`$t(${match[1]})`)
  return [...found].sort().join(', ')
}

function describe(variables: string): string {
  return variables ? `\`${variables}\`` : 'no variables'
}

/** The place of the deepest existing parent object of a missing key, so an editor opens near where it belongs. */
function nearestParent(key: string, places: Map<string, { line: number; column: number }>): { line: number; column: number } | undefined {
  const parts = key.split('.')
  for (let length = parts.length - 1; length > 0; length--) {
    const place = places.get(parts.slice(0, length).join('.'))
    if (place) return place
  }
  return undefined
}
