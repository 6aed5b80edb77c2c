import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import i18next, { type i18n, type Resource, type TFunction } from 'i18next'
import { InputError } from '../errors.ts'

/** The namespace of tolk's own strings in `locales/<lng>/tolk.json`. */
export const namespace = 'tolk'

/**
 * An i18next instance holding tolk's own strings (quotation flag, translation notice, genitive
 * patterns, report labels) for the given languages, read from `locales/<lng>/tolk.json`.
 * A language without its file falls back to English, and the caller is told which.
 */
export async function createI18n(localesDir: string, languages: readonly string[]): Promise<{ i18n: i18n; missing: string[] }> {
  const resources: Resource = {}
  const missing: string[] = []
  for (const lang of new Set([...languages, 'en'])) {
    const path = join(localesDir, lang, `${namespace}.json`)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      missing.push(lang)
      continue
    }
    try {
      resources[lang] = { [namespace]: JSON.parse(text) }
    } catch (error) {
      throw new InputError(`Invalid i18next resource: ${(error as Error).message}`, { file: path }, { code: 'locale' })
    }
  }
  const instance = i18next.createInstance()
  await instance.init({
    resources,
    ns: [namespace],
    defaultNS: namespace,
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  return { i18n: instance, missing: missing.filter((lang) => lang !== 'en' || !resources.en) }
}

export function translatorFor(instance: i18n, lang: string): TFunction {
  return instance.getFixedT(lang, namespace)
}
