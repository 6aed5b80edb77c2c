import { LineCounter, parseDocument, isMap, isScalar, type Node as YamlNode } from 'yaml'

/**
 * Line and column of every key of a JSON file, by dotted path. JSON is YAML, so the `yaml`
 * parser gives the positions `JSON.parse` does not.
 */
export function jsonKeyPlaces(text: string): Map<string, { line: number; column: number }> {
  const places = new Map<string, { line: number; column: number }>()
  const counter = new LineCounter()
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false })
  const walk = (node: unknown, prefix: string) => {
    if (!isMap(node)) return
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null
      if (!isScalar(key)) continue
      const path = prefix ? `${prefix}.${String(key.value)}` : String(key.value)
      const offset = key.range?.[0]
      if (offset !== undefined) {
        const at = counter.linePos(offset)
        places.set(path, { line: at.line, column: at.col })
      }
      walk(pair.value, path)
    }
  }
  walk(document.contents, '')
  return places
}

/** The flattened string leaves of a JSON object, by dotted path (i18next's key separator). */
export function flattenStrings(value: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flattenStrings(child, prefix ? `${prefix}.${key}` : key, into)
  } else if (typeof value === 'string') into.set(prefix, value)
  return into
}
