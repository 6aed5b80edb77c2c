import { readFile } from 'node:fs/promises'
import { dirname, resolve, relative } from 'node:path'
import { LineCounter, parseDocument, isMap, type Document, type Node as YamlNode } from 'yaml'
import { configSchema, type ResolvedConfig } from './schema.ts'
import { InputError, type Place } from '../errors.ts'

export const defaultConfigFile = 'tolk.config.yaml'

/**
 * Load and validate a config file. Every problem is reported at once, each with the file,
 * line and column of the offending key.
 */
export async function loadConfig(options: { file?: string; cwd?: string } = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd()
  const file = resolve(cwd, options.file ?? defaultConfigFile)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (!options.file && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolveConfig(configSchema.parse({}), undefined, cwd)
    throw new InputError(`Cannot read config: ${(error as Error).message}`, { file: displayPath(file, cwd) }, { code: 'config' })
  }
  return parseConfig(text, file, cwd)
}

export function parseConfig(text: string, file: string, cwd = process.cwd()): ResolvedConfig {
  const shown = displayPath(file, cwd)
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const problems: InputError[] = []
  for (const error of document.errors) {
    const at = lineCounter.linePos(error.pos[0])
    problems.push(new InputError(`Invalid YAML: ${error.message.split('\n')[0]}`, { file: shown, line: at.line, column: at.col }, { code: 'config' }))
  }
  if (problems.length === 0 && document.contents !== null && !isMap(document.contents)) {
    problems.push(new InputError('Expected the config to be a YAML mapping', placeOf(document, [], lineCounter, shown), { code: 'config' }))
  }
  if (problems.length > 0) throw collect(problems)

  const result = configSchema.safeParse(document.toJS() ?? {})
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))
      let message = issue.message
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push(new InputError(`Unknown config key \`${[...path, key].join('.')}\``, placeOf(document, [...path, key], lineCounter, shown, true), { code: 'config' }))
        }
        continue
      }
      if (issue.code === 'invalid_key') {
        const key = String(path[path.length - 1])
        problems.push(new InputError(`Expected a language code such as \`en\`, \`da\` or \`nb\`, got \`${key}\` at \`${path.join('.')}\``, placeOf(document, path, lineCounter, shown, true), { code: 'config' }))
        continue
      }
      if (issue.code === 'invalid_value' && path.includes('engines')) message = `Unknown engine, expected one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}`
      problems.push(new InputError(`${message} at \`${path.join('.')}\``, placeOf(document, path, lineCounter, shown), { code: 'config' }))
    }
    throw collect(problems)
  }
  for (const lang of Object.keys(result.data.targets)) {
    if (lang === result.data.source) problems.push(new InputError(`Target language \`${lang}\` is the source language, expected a language to translate into`, placeOf(document, ['targets', lang], lineCounter, shown, true), { code: 'config' }))
  }
  if (problems.length > 0) throw collect(problems)
  return resolveConfig(result.data, file, dirname(file))
}

function resolveConfig(config: ReturnType<typeof configSchema.parse>, file: string | undefined, root: string): ResolvedConfig {
  return {
    ...config,
    file,
    root,
    paths: {
      articles: resolve(root, config.articles),
      glossary: resolve(root, config.glossary),
      locales: resolve(root, config.locales),
      out: resolve(root, config.out),
    },
  }
}

function collect(problems: InputError[]): InputError {
  const [first, ...rest] = problems
  if (!first) throw new Error('collect() needs at least one problem')
  return new InputError(first.message, first.place, { code: 'config', problems: rest })
}

/** The place of the node at `path`, or of its nearest ancestor that exists. `key` points at the key itself. */
function placeOf(document: Document, path: Array<string | number>, lineCounter: LineCounter, file: string, key = false): Place {
  for (let length = path.length; length >= 0; length--) {
    const parentPath = path.slice(0, length - 1)
    const last = path[length - 1]
    const parent = length === 0 ? undefined : document.getIn(parentPath, true)
    if (key && length === path.length && isMap(parent)) {
      const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === last)
      const range = (pair?.key as YamlNode | undefined)?.range
      if (range) return at(range[0])
    }
    const node = (length === 0 ? document.contents : document.getIn(path.slice(0, length), true)) as YamlNode | null | undefined
    if (node && typeof node === 'object' && 'range' in node && node.range) return at(node.range[0])
  }
  return { file, line: 1, column: 1 }

  function at(offset: number): Place {
    const position = lineCounter.linePos(offset)
    return { file, line: position.line, column: position.col }
  }
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const shown = relative(cwd, path)
  return shown && !shown.startsWith('..') ? shown : path
}
