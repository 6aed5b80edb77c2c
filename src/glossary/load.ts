import { createHash } from 'node:crypto'
import jsyaml from 'js-yaml'
import { LineCounter, parseDocument } from 'yaml'
import { LineIndex } from '../document/lines.ts'
import { InputError } from '../errors.ts'
import { genders, isGender, type Glossary, type GlossaryEntry, type SourcePlace, type TargetForms } from './types.ts'

/**
 * The glossary's source of truth: `glossary/*.yaml`, each a mapping with a `terms:` list.
 * A file that is not YAML, or an entry whose shape makes no sense, is bad input (exit 2) with
 * file, line and column; questions of content (duplicates, conflicts, padding) are for `lintGlossary`.
 */

const formKeys = ['term', 'def', 'pl', 'defpl', 'gen', 'gender'] as const
const svFormKeys = ['def', 'pl', 'defpl'] as const
const entryKeys = ['id', 'sv', 'sv_forms', 'keep', 'note', 'targets', 'forbidden', 'compounds', 'inflect', 'definite'] as const

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
      for (const entry of parseGlossaryYaml(text, file)) entries.push(entry)
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

/** A node of a glossary file as js-yaml's events give it: its kind, its value, where it starts. */
interface YamlNode {
  kind: 'scalar' | 'mapping' | 'sequence' | null
  result: unknown
  /** Offset of the node's first character (for a value, js-yaml gives the end of its key). */
  start: number
  children: YamlNode[]
}

/**
 * Parse one glossary file (`file` is the name used in messages): js-yaml reads it, about ten
 * times faster than the \`yaml\` library on a 10,000-entry glossary, and its node events give
 * each value's place. The one schema below checks every entry and reports every problem with
 * file, line and column. Only a file that is not YAML at all is read again, by \`yaml\`, whose
 * syntax messages say what is wrong and where.
 */
export function parseGlossaryYaml(source: string, file: string): GlossaryEntry[] {
  const text = source.replace(/^\uFEFF/, '')
  const root = readTree(text, file)
  if (!root || root.result === null || root.result === undefined) return []
  const lines = new LineIndex(text)
  const at = (node: YamlNode): SourcePlace => {
    let offset = node.start
    // js-yaml reports a value from the end of its key: step over white space and comments.
    for (;;) {
      while (offset < text.length && /\s/.test(text[offset]!)) offset++
      if (text[offset] !== '#') break
      while (offset < text.length && text[offset] !== '\n') offset++
    }
    return { file, ...lines.at(Math.min(offset, text.length)) }
  }
  const problems: InputError[] = []
  const fail = (message: string, place: SourcePlace) => problems.push(new InputError(message, place, { code: 'glossary' }))
  const isNull = (node: YamlNode | undefined) => node === undefined || node.result === null || node.result === undefined
  const nameOf = (key: YamlNode) => (key.kind === 'scalar' ? String(key.result) : '')

  /** A mapping's pairs by key, each key outside `known` reported (as `path.key`). */
  const pairsOf = (node: YamlNode, known?: readonly string[], path?: string): Map<string, [YamlNode, YamlNode]> => {
    const pairs = new Map<string, [YamlNode, YamlNode]>()
    for (let index = 0; index + 1 < node.children.length; index += 2) {
      const key = node.children[index]!
      const name = nameOf(key)
      if (known && !known.includes(name)) fail(`Unexpected key \`${path ? `${path}.` : ''}${name}\`, expected one of ${known.map((each) => `\`${each}\``).join(', ')}`, at(key))
      pairs.set(name, [key, node.children[index + 1]!])
    }
    return pairs
  }

  const rootPairs = root.kind === 'mapping' ? pairsOf(root) : undefined
  const terms = rootPairs?.get('terms')?.[1]
  if (!terms || terms.kind !== 'sequence') {
    fail('Unexpected glossary shape, expected a mapping with a `terms:` list', at(root))
    throw collect(problems)
  }

  const entries: GlossaryEntry[] = []
  for (const item of terms.children) {
    if (item.kind !== 'mapping') {
      fail('Unexpected list item, expected a term entry (a mapping with `id` and `sv`)', at(item))
      continue
    }
    const place = at(item)
    const places: Record<string, SourcePlace> = {}
    const string = (map: YamlNode, pairs: Map<string, [YamlNode, YamlNode]>, key: string, path: string, required: boolean): string | undefined => {
      const node = pairs.get(key)?.[1]
      if (isNull(node)) {
        if (required) fail(`Missing \`${path}\`, expected a string`, at(map))
        return undefined
      }
      places[path] = at(node!)
      if (node!.kind !== 'scalar' || (typeof node!.result !== 'string' && typeof node!.result !== 'number')) {
        fail(`Unexpected value at \`${path}\`, expected a string`, at(node!))
        return undefined
      }
      return String(node!.result)
    }
    const boolean = (pairs: Map<string, [YamlNode, YamlNode]>, key: string, path = key): boolean | undefined => {
      const node = pairs.get(key)?.[1]
      if (node === undefined) return undefined
      if (typeof node.result !== 'boolean') {
        fail(`Unexpected value at \`${path}\`, expected \`true\` or \`false\``, at(node))
        return undefined
      }
      return node.result
    }

    const pairs = pairsOf(item, entryKeys)
    const id = string(item, pairs, 'id', 'id', true)
    const sv = string(item, pairs, 'sv', 'sv', true)
    const note = string(item, pairs, 'note', 'note', false)
    const keep = boolean(pairs, 'keep')
    const inflect = boolean(pairs, 'inflect')
    const definite = boolean(pairs, 'definite')

    let svForms: GlossaryEntry['svForms']
    const svFormsNode = pairs.get('sv_forms')?.[1]
    if (svFormsNode !== undefined) {
      if (svFormsNode.kind !== 'mapping') fail('Unexpected value at `sv_forms`, expected a mapping of `def`, `pl`, `defpl`', at(svFormsNode))
      else {
        svForms = {}
        const forms = pairsOf(svFormsNode, svFormKeys, 'sv_forms')
        for (const key of svFormKeys) {
          const value = string(svFormsNode, forms, key, `sv_forms.${key}`, false)
          if (value !== undefined) svForms[key] = value
        }
      }
    }

    const targets: Record<string, TargetForms> = {}
    const targetsNode = pairs.get('targets')?.[1]
    if (targetsNode !== undefined) {
      if (targetsNode.kind !== 'mapping') fail('Unexpected value at `targets`, expected a mapping of language → forms', at(targetsNode))
      else {
        for (const [lang, [key, node]] of pairsOf(targetsNode)) {
          if (node.kind !== 'mapping') {
            fail(`Unexpected value at \`targets.${lang}\`, expected a mapping with at least \`term\``, at(isNull(node) ? key : node))
            continue
          }
          const forms = pairsOf(node, formKeys, `targets.${lang}`)
          const term = string(node, forms, 'term', `targets.${lang}.term`, true)
          if (term === undefined) continue
          const target: TargetForms = { term }
          for (const name of formKeys) {
            if (name === 'term' || name === 'gender') continue
            const value = string(node, forms, name, `targets.${lang}.${name}`, false)
            if (value !== undefined) target[name] = value
          }
          const gender = string(node, forms, 'gender', `targets.${lang}.gender`, false)
          if (gender !== undefined) {
            if (isGender(gender)) target.gender = gender
            else fail(`Unexpected value \`${gender}\` at \`targets.${lang}.gender\`, expected one of ${genders.map((name) => `\`${name}\``).join(', ')}`, places[`targets.${lang}.gender`]!)
          }
          places[`targets.${lang}`] = at(key)
          targets[lang] = target
        }
      }
    }

    const forbidden: Record<string, string[]> = {}
    const forbiddenNode = pairs.get('forbidden')?.[1]
    if (forbiddenNode !== undefined) {
      if (forbiddenNode.kind !== 'mapping') fail('Unexpected value at `forbidden`, expected a mapping of language → list of forms', at(forbiddenNode))
      else {
        for (const [lang, [key, node]] of pairsOf(forbiddenNode)) {
          if (node.kind !== 'sequence') {
            fail(`Unexpected value at \`forbidden.${lang}\`, expected a list of forms`, at(isNull(node) ? key : node))
            continue
          }
          forbidden[lang] = []
          node.children.forEach((form, index) => {
            const path = `forbidden.${lang}.${index}`
            if (form.kind !== 'scalar' || typeof form.result !== 'string') fail(`Unexpected value at \`${path}\`, expected a string`, at(form))
            else {
              places[path] = at(form)
              forbidden[lang]!.push(form.result)
            }
          })
        }
      }
    }

    let compounds: GlossaryEntry['compounds']
    const compoundsNode = pairs.get('compounds')?.[1]
    if (compoundsNode !== undefined) {
      if (compoundsNode.kind !== 'mapping') fail('Unexpected value at `compounds`, expected a mapping `{ hyphen: true|false, closed: true|false }`', at(compoundsNode))
      else {
        const settings = pairsOf(compoundsNode, ['hyphen', 'closed'], 'compounds')
        compounds = { hyphen: boolean(settings, 'hyphen', 'compounds.hyphen') ?? true, closed: boolean(settings, 'closed', 'compounds.closed') ?? false }
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
}

/** The file's node tree from js-yaml's events, or the YAML syntax problem with its place. */
function readTree(text: string, file: string): YamlNode | undefined {
  const stack: YamlNode[] = [{ kind: null, result: undefined, start: 0, children: [] }]
  try {
    jsyaml.load(text, {
      filename: file,
      // YAML 1.2's core schema, as the config and front matter read: `2025-01-01` is a string, not a date.
      schema: jsyaml.CORE_SCHEMA,
      listener(type, state) {
        if (type === 'open') stack.push({ kind: null, result: undefined, start: state.position, children: [] })
        else {
          const node = stack.pop()!
          node.kind = (state.kind as YamlNode['kind']) ?? null
          node.result = state.result as unknown
          // A flow collection in a block (\`- { id: a }\`) comes wrapped in a node of its own kind and value: keep the inner one.
          const [only] = node.children
          stack[stack.length - 1]!.children.push(node.children.length === 1 && only!.result === node.result && only!.kind === node.kind ? only! : node)
        }
      },
    })
  } catch (error) {
    // The \`yaml\` library's messages say best what is wrong and where (a missing quote, a duplicate key).
    const lineCounter = new LineCounter()
    const [first] = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }).errors
    if (first) {
      const position = lineCounter.linePos(first.pos[0])
      throw new InputError(`Invalid YAML: ${first.message.split('\n')[0]}`, { file, line: position.line, column: position.col }, { code: 'glossary' })
    }
    const mark = (error as { mark?: { line: number; column: number } }).mark
    const reason = (error as { reason?: string }).reason ?? (error as Error).message
    throw new InputError(`Invalid YAML: ${reason}`, { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 }, { code: 'glossary' })
  }
  return stack[0]!.children[0]
}

function collect(problems: InputError[]): InputError {
  const [first, ...rest] = problems
  return new InputError(first!.message, first!.place, { code: 'glossary', problems: rest })
}
