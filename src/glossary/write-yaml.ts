import { Document, isMap, YAMLMap } from 'yaml'
import type { GlossaryEntry } from './types.ts'

/**
 * Entries as glossary YAML, the shape `loadGlossary` reads: keys in a fixed order, each
 * language's forms on one line, so a file written here reads well in a pull request.
 */
export function glossaryToYaml(entries: readonly GlossaryEntry[], header?: string): string {
  const terms = entries.map((entry) => {
    const out: Record<string, unknown> = { id: entry.id, sv: entry.sv }
    if (entry.svForms && Object.keys(entry.svForms).length > 0) out.sv_forms = entry.svForms
    if (entry.keep) out.keep = true
    if (entry.note) out.note = entry.note
    if (entry.inflect !== undefined) out.inflect = entry.inflect
    if (entry.definite) out.definite = true
    if (entry.compounds) out.compounds = entry.compounds
    if (!entry.keep && Object.keys(entry.targets).length > 0) out.targets = Object.fromEntries(Object.keys(entry.targets).sort().map((lang) => [lang, entry.targets[lang]]))
    const forbidden = Object.keys(entry.forbidden).filter((lang) => (entry.forbidden[lang] ?? []).length > 0).sort()
    if (forbidden.length > 0) out.forbidden = Object.fromEntries(forbidden.map((lang) => [lang, entry.forbidden[lang]]))
    return out
  })
  const document = new Document({ terms })
  const list = document.get('terms', true) as { items: unknown[] } | undefined
  for (const item of list?.items ?? []) {
    if (!isMap(item)) continue
    for (const key of ['sv_forms', 'compounds', 'forbidden']) {
      const node = item.get(key, true)
      if (isMap(node)) node.flow = true
    }
    const targets = item.get('targets', true)
    if (isMap(targets)) for (const pair of targets.items) if (pair.value instanceof YAMLMap) pair.value.flow = true
  }
  const body = document.toString({ lineWidth: 0 })
  return header ? `${header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n${body}` : body
}
