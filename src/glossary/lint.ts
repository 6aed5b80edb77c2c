import { lowerCase } from './match.ts'
import { normalizeSpace, surfaceForms } from './morphology-sv.ts'
import { targetFormsOf } from './find-target.ts'
import type { Glossary, GlossaryEntry, SourcePlace } from './types.ts'

/** Rule ids of the glossary lint, one per kind of problem. */
export const glossaryRules = {
  duplicateId: 'glossary-duplicate-id',
  formConflict: 'glossary-form-conflict',
  missingTarget: 'glossary-missing-target',
  forbiddenApproved: 'glossary-forbidden-approved',
  emptyTerm: 'glossary-empty-term',
  paddedTerm: 'glossary-padded-term',
} as const

export interface GlossaryMessage {
  message: string
  ruleId: string
  severity: 'error' | 'warning'
  file: string
  line: number
  column: number
}

/**
 * Problems of content in a loaded glossary: duplicate ids, one Swedish form claimed by two
 * entries with different targets, a target language without a target, a forbidden form that is
 * also approved, empty or padded terms. Sorted by file, line, column.
 */
export function lintGlossary(glossary: Glossary, targets: string[]): GlossaryMessage[] {
  const messages: GlossaryMessage[] = []
  const report = (ruleId: string, message: string, place: SourcePlace) => messages.push({ message, ruleId, severity: 'error', file: place.file, line: place.line, column: place.column })
  const placeOf = (entry: GlossaryEntry, path: string) => entry.places?.[path] ?? entry.place

  const ids = new Map<string, GlossaryEntry>()
  for (const entry of glossary.entries) {
    const first = ids.get(entry.id)
    if (first) report(glossaryRules.duplicateId, `Unexpected duplicate id \`${entry.id}\`, expected each entry to have its own id (first used at ${where(first.place)})`, placeOf(entry, 'id'))
    else ids.set(entry.id, entry)
  }

  for (const entry of glossary.entries) {
    const strings: Array<[string, string]> = [['id', entry.id], ['sv', entry.sv]]
    for (const [key, value] of Object.entries(entry.svForms ?? {})) if (value !== undefined) strings.push([`sv_forms.${key}`, value])
    for (const [lang, forms] of Object.entries(entry.targets)) for (const [key, value] of Object.entries(forms)) if (typeof value === 'string') strings.push([`targets.${lang}.${key}`, value])
    for (const [lang, forms] of Object.entries(entry.forbidden)) forms.forEach((value, index) => strings.push([`forbidden.${lang}.${index}`, value]))
    for (const [path, value] of strings) {
      if (value.trim() === '') report(glossaryRules.emptyTerm, `Unexpected empty \`${path}\` in \`${entry.id}\`, expected a term`, placeOf(entry, path))
      else if (value !== value.trim() || /\s{2,}/.test(value)) report(glossaryRules.paddedTerm, `Unexpected white space around \`${path}\` ${JSON.stringify(value)} in \`${entry.id}\`, expected ${JSON.stringify(normalizeSpace(value))}`, placeOf(entry, path))
    }

    if (!entry.keep) {
      for (const lang of targets) {
        if (!entry.targets[lang]) report(glossaryRules.missingTarget, `Unexpected missing target \`${lang}\` in \`${entry.id}\`, expected \`targets.${lang}.term\` (or \`keep: true\`)`, entry.place)
      }
    }

    const languages = new Set([...Object.keys(entry.forbidden)])
    for (const lang of languages) {
      const approved = new Map(targetFormsOf(entry, lang).approved.map((form) => [form.toLowerCase(), form]))
      ;(entry.forbidden[lang] ?? []).forEach((form, index) => {
        const same = approved.get(normalizeSpace(form).toLowerCase())
        if (same) report(glossaryRules.forbiddenApproved, `Unexpected forbidden \`${normalizeSpace(form)}\` in \`${entry.id}\`, expected a form that is not also approved for \`${lang}\``, placeOf(entry, `forbidden.${lang}.${index}`))
      })
    }
  }

  // One Swedish surface form, two entries that would translate it differently.
  const owners = new Map<string, GlossaryEntry>()
  const reported = new Set<string>()
  for (const entry of glossary.entries) {
    const seen = new Set<string>()
    for (const form of surfaceForms(entry)) {
      const key = lowerCase(form.text)
      if (seen.has(key)) continue
      seen.add(key)
      const other = owners.get(key)
      if (!other) {
        owners.set(key, entry)
        continue
      }
      if (other.id !== entry.id && targetsKey(other) !== targetsKey(entry) && !reported.has(`${other.id}\u0000${entry.id}`)) {
        reported.add(`${other.id}\u0000${entry.id}`)
        report(glossaryRules.formConflict, `Unexpected Swedish form \`${form.text}\` in \`${entry.id}\`, expected each form to belong to one entry (also \`${other.id}\` at ${where(other.place)}, with other targets)`, placeOf(entry, 'sv'))
      }
    }
  }

  return messages.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId))
}

function targetsKey(entry: GlossaryEntry): string {
  if (entry.keep) return 'keep'
  const langs = Object.keys(entry.targets).sort()
  return JSON.stringify(langs.map((lang) => [lang, entry.targets[lang]]))
}

function where(place: SourcePlace): string {
  return `${place.file}:${place.line}:${place.column}`
}
