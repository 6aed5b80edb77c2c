import { createHash } from 'node:crypto'
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml'
import { InputError } from '../errors.ts'
import { parseGlossaryFast } from './load-fast.ts'
import { genders, isGender, type Glossary, type GlossaryEntry, type SourcePlace, type TargetForms } from './types.ts'

/**
 * The glossary's source of truth: `glossary/*.yaml`, each a mapping with a `terms:` list.
 * A file that is not YAML, or an entry whose shape makes no sense, is bad input (exit 2) with
 * file, line and column; questions of content (duplicates, conflicts, padding) are for `lintGlossary`.
 */

const formKeys = ['term', 'def', 'pl', 'defpl', 'gen', 'gender'] as const
const svFormKeys = ['def', 'pl', 'defpl'] as const
const entryKeys = new Set(['id', 'sv', 'sv_forms', 'keep', 'note', 'targets', 'forbidden', 'compounds', 'inflect', 'definite'])

/**
 * The glossary of some files' texts, in the order given (`file` names each in messages). Every
 * problem of every file is reported at once. Reading the files is the caller's: this reads none.
 */
export function glossaryFromFiles(files: ReadonlyArray<{ file: string; text: string }>): Glossary {
  const key = `${files.map(({ file }) => file).join('\u0000')}\u0001${files.map(({ text }) => createHash('sha256').update(text).digest('hex')).join('')}`
  const known = readInThisProcess.get(key)
  if (known) return known
  const entries: GlossaryEntry[] = []
  const problems: InputError[] = []
  files.forEach(({ file, text }) => {
    try {
      entries.push(...readGlossaryFile(text, file))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      problems.push(error, ...error.problems)
    }
  })
  if (problems.length > 0) throw collect(problems)
  const glossary = finish(entries, files.map(({ file }) => file), files.map(({ text }) => text))
  if (readInThisProcess.size >= 4) readInThisProcess.delete(readInThisProcess.keys().next().value!)
  readInThisProcess.set(key, glossary)
  return glossary
}

/**
 * Glossaries already read by this process, by their files' names and content: a build, a check
 * and the check's re-rendering read one glossary once (a 10,000-entry glossary takes about half a
 * second to read), and `compileMatcher` compiles it once. A few are kept, the oldest dropped.
 */
const readInThisProcess = new Map<string, Glossary>()

/**
 * Read one glossary file: the fast reading first (js-yaml, `load-fast.ts`); anything it does not
 * expect is read again carefully, which reports the problem with file, line and column.
 */
export function readGlossaryFile(text: string, file: string): GlossaryEntry[] {
  return parseGlossaryFast(text, file) ?? parseGlossaryYaml(text, file)
}

/** Build a glossary from entries already in memory (tests, imports), hashes filled in. */
export function glossaryFromEntries(entries: GlossaryEntry[], files: string[] = []): Glossary {
  return finish(entries, files)
}

function finish(entries: GlossaryEntry[], files: string[], texts?: string[]): Glossary {
  const hash = createHash('sha256')
  // From the files when there are files: cheaper than hashing 10,000 entries one by one.
  // Entry hashes are computed when an entry is first hit (`hashOfEntries`).
  if (texts) for (const text of texts) hash.update(`${createHash('sha256').update(text).digest('hex')}\n`)
  else for (const entry of entries) hash.update(`${(entry.hash ??= entryHash(entry))}\n`)
  return { entries, hash: hash.digest('hex').slice(0, 16), files }
}

/** Hash of what an entry says (not where it says it): a change of any form or target changes it. */
export function entryHash(entry: GlossaryEntry): string {
  const { place: _place, places: _places, hash: _hash, ...content } = entry
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 16)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** Parse one glossary file. `file` is the name used in messages. */
export function parseGlossaryYaml(text: string, file: string): GlossaryEntry[] {
  const lineCounter = new LineCounter()
  const document = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (node: YamlNode | null | undefined, fallback?: SourcePlace): SourcePlace => {
    const offset = node?.range?.[0]
    if (offset === undefined) return fallback ?? { file, line: 1, column: 1 }
    const position = lineCounter.linePos(offset)
    return { file, line: position.line, column: position.col }
  }
  const problems: InputError[] = []
  const fail = (message: string, place: SourcePlace) => problems.push(new InputError(message, place, { code: 'glossary' }))
  for (const error of document.errors) {
    const position = lineCounter.linePos(error.pos[0])
    fail(`Invalid YAML: ${error.message.split('\n')[0]}`, { file, line: position.line, column: position.col })
  }
  if (problems.length > 0) throw collect(problems)

  const root = document.contents
  if (root === null || (isScalar(root) && root.value === null)) return []
  const terms = isMap(root) ? root.get('terms', true) : undefined
  if (!isMap(root) || !isSeq(terms)) {
    fail('Unexpected glossary shape, expected a mapping with a `terms:` list', at(root as YamlNode))
    throw collect(problems)
  }

  const entries: GlossaryEntry[] = []
  for (const item of terms.items) {
    if (!isMap(item)) {
      fail('Unexpected list item, expected a term entry (a mapping with `id` and `sv`)', at(item as YamlNode, at(terms)))
      continue
    }
    const place = at(item)
    const places: Record<string, SourcePlace> = {}
    const valueAt = (map: YAMLMap, key: string) => map.get(key, true) as YamlNode | undefined
    const string = (map: YAMLMap, key: string, path: string, required: boolean): string | undefined => {
      const node = valueAt(map, key)
      if (node === undefined || (isScalar(node) && node.value === null)) {
        if (required) fail(`Missing \`${path}\`, expected a string`, at(map))
        return undefined
      }
      places[path] = at(node)
      if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
        fail(`Unexpected value at \`${path}\`, expected a string`, at(node))
        return undefined
      }
      return String(node.value)
    }
    for (const pair of item.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!entryKeys.has(key)) fail(`Unexpected key \`${key}\`, expected one of ${[...entryKeys].map((name) => `\`${name}\``).join(', ')}`, at(pair.key as YamlNode))
    }

    const id = string(item, 'id', 'id', true)
    const sv = string(item, 'sv', 'sv', true)
    const note = string(item, 'note', 'note', false)
    const keep = boolean(item, 'keep')
    const inflect = boolean(item, 'inflect')
    const definite = boolean(item, 'definite')

    let svForms: GlossaryEntry['svForms']
    const svFormsNode = valueAt(item, 'sv_forms')
    if (svFormsNode !== undefined) {
      if (!isMap(svFormsNode)) fail('Unexpected value at `sv_forms`, expected a mapping of `def`, `pl`, `defpl`', at(svFormsNode))
      else {
        svForms = {}
        for (const key of svFormKeys) {
          const value = string(svFormsNode, key, `sv_forms.${key}`, false)
          if (value !== undefined) svForms[key] = value
        }
        unknownKeys(svFormsNode, svFormKeys, 'sv_forms')
      }
    }

    const targets: Record<string, TargetForms> = {}
    const targetsNode = valueAt(item, 'targets')
    if (targetsNode !== undefined) {
      if (!isMap(targetsNode)) fail('Unexpected value at `targets`, expected a mapping of language → forms', at(targetsNode))
      else {
        for (const pair of targetsNode.items as Pair[]) {
          const lang = isScalar(pair.key) ? String(pair.key.value) : ''
          const node = pair.value as YamlNode | null
          if (!isMap(node)) {
            fail(`Unexpected value at \`targets.${lang}\`, expected a mapping with at least \`term\``, at(node ?? (pair.key as YamlNode)))
            continue
          }
          const term = string(node, 'term', `targets.${lang}.term`, true)
          if (term === undefined) continue
          const forms: TargetForms = { term }
          for (const key of formKeys) {
            if (key === 'term' || key === 'gender') continue
            const value = string(node, key, `targets.${lang}.${key}`, false)
            if (value !== undefined) forms[key] = value
          }
          const gender = string(node, 'gender', `targets.${lang}.gender`, false)
          if (gender !== undefined) {
            if (isGender(gender)) forms.gender = gender
            else fail(`Unexpected value \`${gender}\` at \`targets.${lang}.gender\`, expected one of ${genders.map((name) => `\`${name}\``).join(', ')}`, places[`targets.${lang}.gender`]!)
          }
          unknownKeys(node, formKeys, `targets.${lang}`)
          places[`targets.${lang}`] = at(pair.key as YamlNode)
          targets[lang] = forms
        }
      }
    }

    const forbidden: Record<string, string[]> = {}
    const forbiddenNode = valueAt(item, 'forbidden')
    if (forbiddenNode !== undefined) {
      if (!isMap(forbiddenNode)) fail('Unexpected value at `forbidden`, expected a mapping of language → list of forms', at(forbiddenNode))
      else {
        for (const pair of forbiddenNode.items as Pair[]) {
          const lang = isScalar(pair.key) ? String(pair.key.value) : ''
          const node = pair.value as YamlNode | null
          if (!isSeq(node)) {
            fail(`Unexpected value at \`forbidden.${lang}\`, expected a list of forms`, at(node ?? (pair.key as YamlNode)))
            continue
          }
          forbidden[lang] = []
          node.items.forEach((form, index) => {
            const path = `forbidden.${lang}.${index}`
            if (!isScalar(form) || typeof form.value !== 'string') fail(`Unexpected value at \`${path}\`, expected a string`, at(form as YamlNode, at(node)))
            else {
              places[path] = at(form)
              forbidden[lang]!.push(form.value)
            }
          })
        }
      }
    }

    let compounds: GlossaryEntry['compounds']
    const compoundsNode = valueAt(item, 'compounds')
    if (compoundsNode !== undefined) {
      if (!isMap(compoundsNode)) fail('Unexpected value at `compounds`, expected a mapping `{ hyphen: true|false, closed: true|false }`', at(compoundsNode))
      else {
        compounds = { hyphen: boolean(compoundsNode, 'hyphen', 'compounds.hyphen') ?? true, closed: boolean(compoundsNode, 'closed', 'compounds.closed') ?? false }
        unknownKeys(compoundsNode, ['hyphen', 'closed'], 'compounds')
      }
    }

    if (id === undefined || sv === undefined) continue
    const entry: GlossaryEntry = { id, sv, keep: keep ?? false, targets, forbidden, place, places }
    if (svForms) entry.svForms = svForms
    if (note !== undefined) entry.note = note
    if (compounds) entry.compounds = compounds
    if (inflect !== undefined) entry.inflect = inflect
    if (definite !== undefined) entry.definite = definite
    entries.push(entry)
  }
  if (problems.length > 0) throw collect(problems)
  return entries

  function boolean(map: YAMLMap, key: string, path = key): boolean | undefined {
    const node = map.get(key, true) as YamlNode | undefined
    if (node === undefined) return undefined
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      fail(`Unexpected value at \`${path}\`, expected \`true\` or \`false\``, at(node))
      return undefined
    }
    return node.value
  }

  function unknownKeys(map: YAMLMap, known: readonly string[], path: string): void {
    for (const pair of map.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!known.includes(key)) fail(`Unexpected key \`${path}.${key}\`, expected one of ${known.map((name) => `\`${name}\``).join(', ')}`, at(pair.key as YamlNode))
    }
  }
}

function collect(problems: InputError[]): InputError {
  const [first, ...rest] = problems
  return new InputError(first!.message, first!.place, { code: 'glossary', problems: rest })
}
