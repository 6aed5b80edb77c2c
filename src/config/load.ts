import { readFile } from 'node:fs/promises'
import { dirname, resolve, relative } from 'node:path'
import { LineCounter, parseDocument, isMap, type Document, type Node as YamlNode } from 'yaml'
import type { ConfigSchema, ResolvedConfig } from './schema.ts'
import { InputError, type Place } from '../errors.ts'

export const defaultConfigFile = 'tolk.config.yaml'

/**
 * Load and validate a config file against a schema (`createConfigSchema` of the engines and rules
 * there are; `commands/config.ts` has tolk's). Every problem is reported at once, each with the
 * file, line and column of the offending key.
 */
export async function readConfig(options: { file?: string; cwd?: string }, schema: ConfigSchema): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd()
  const file = resolve(cwd, options.file ?? defaultConfigFile)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (!options.file && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolveConfig(schema.parse({}), undefined, cwd)
    throw new InputError(`Cannot read config: ${(error as Error).message}`, { file: displayPath(file, cwd) }, { code: 'config' })
  }
  return parseConfigText(text, file, cwd, schema)
}

export function parseConfigText(text: string, file: string, cwd: string, schema: ConfigSchema): ResolvedConfig {
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

  const raw = (document.toJS() ?? {}) as Record<string, unknown>
  const result = schema.safeParse(raw)
  const chainProblems = unknownChainEngines(raw, schema).map(({ path, message }) => new InputError(`${message} at \`${path.join('.')}\``, placeOf(document, path, lineCounter, shown), { code: 'config' }))
  if (!result.success || chainProblems.length > 0) {
    for (const issue of result.error?.issues ?? []) {
      const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))
      let message = issue.message
      if (issue.code === 'unrecognized_keys' && path.join('.') === 'check.rules') {
        for (const key of issue.keys) {
          problems.push(new InputError(`Unknown rule \`${key}\` at \`check.rules\`, expected one of ${ruleIdsOf(schema).map((id) => `\`${id}\``).join(', ')}`, placeOf(document, [...path, key], lineCounter, shown, true), { code: 'config' }))
        }
        continue
      }
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
      problems.push(new InputError(`${message} at \`${path.join('.')}\``, placeOf(document, path, lineCounter, shown), { code: 'config' }))
    }
    problems.push(...chainProblems)
    problems.sort((a, b) => (a.place?.line ?? 0) - (b.place?.line ?? 0) || (a.place?.column ?? 0) - (b.place?.column ?? 0))
    throw collect(problems)
  }
  for (const lang of Object.keys(result.data.targets)) {
    if (lang === result.data.source) problems.push(new InputError(`Target language \`${lang}\` is the source language, expected a language to translate into`, placeOf(document, ['targets', lang], lineCounter, shown, true), { code: 'config' }))
  }
  if (problems.length > 0) throw collect(problems)
  return resolveConfig(result.data, file, dirname(file))
}

/**
 * Engines named in a chain that are neither `catalog`, a built-in, nor a custom engine under
 * `engines:` (a key with `module:`), read from the document as written so they are reported
 * together with every other problem.
 */
function unknownChainEngines(raw: Record<string, unknown>, schema: ConfigSchema): Array<{ path: Array<string | number>; message: string }> {
  const engines = (raw.engines ?? {}) as Record<string, unknown>
  const custom = Object.keys(engines).filter((id) => typeof (engines[id] as { module?: unknown } | null)?.module === 'string')
  const known = ['catalog', ...builtinIdsOf(schema), ...custom]
  const found: Array<{ path: Array<string | number>; message: string }> = []
  const targets = raw.targets
  if (!targets || typeof targets !== 'object') return found
  for (const [lang, target] of Object.entries(targets as Record<string, unknown>)) {
    const chain = (target as { engines?: unknown } | null)?.engines
    if (!Array.isArray(chain)) continue
    chain.forEach((id, index) => {
      if (typeof id === 'string' && !known.includes(id)) found.push({ path: ['targets', lang, 'engines', index], message: `Unknown engine, expected one of ${known.map((name) => `\`${name}\``).join(', ')}` })
    })
  }
  return found
}

function builtinIdsOf(schema: ConfigSchema): string[] {
  return Object.keys(schema.shape.engines.unwrap().shape)
}

function ruleIdsOf(schema: ConfigSchema): string[] {
  return schema.shape.check.unwrap().shape.rules.unwrap().keyType.options as string[]
}

function resolveConfig(config: ReturnType<ConfigSchema['parse']>, file: string | undefined, root: string): ResolvedConfig {
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

/** Where a key of a config file is written (for problems found after validation, such as an engine module that exports no engine). */
export async function placeInConfig(config: { file?: string; root: string }, path: Array<string | number>): Promise<Place> {
  if (!config.file) return { file: defaultConfigFile }
  const shown = relative(config.root, config.file) || config.file
  const lineCounter = new LineCounter()
  const document = parseDocument(await readFile(config.file, 'utf8'), { lineCounter, prettyErrors: false })
  return placeOf(document, path, lineCounter, shown)
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const shown = relative(cwd, path)
  return shown && !shown.startsWith('..') ? shown : path
}
