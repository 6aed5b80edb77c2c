import { readdir } from 'node:fs/promises'
import { basename, join, relative, resolve, sep } from 'node:path'
import type { ResolvedConfig } from '../config/schema.ts'
import { InputError, UsageError } from '../errors.ts'

/** What `build` and `check` share: which languages and which articles a run covers. */

/** The requested target languages, or every target of the config; an unknown one is a usage error. */
export function selectTargets(config: ResolvedConfig, requested?: string[]): string[] {
  const configured = Object.keys(config.targets)
  if (!requested || requested.length === 0) return configured
  const unknown = requested.filter((lang) => !configured.includes(lang))
  if (unknown.length > 0) throw new UsageError(`Unknown locale ${unknown.map((lang) => `\`${lang}\``).join(', ')}, expected one of the config's targets: ${configured.join(', ')}`)
  return [...new Set(requested)]
}

/** The articles given, or every `*.<source>.md` in the articles folder, sorted. */
export async function findArticles(config: ResolvedConfig, requested: string[] | undefined, cwd: string): Promise<string[]> {
  if (requested && requested.length > 0) return requested.map((path) => resolve(cwd, path))
  const suffix = `.${config.source}.md`
  let names: string[]
  try {
    names = await readdir(config.paths.articles)
  } catch {
    throw new InputError(`No articles folder, expected \`${config.articles}\` next to the config`, { file: toPosix(relative(cwd, config.paths.articles)) || '.' }, { code: 'config' })
  }
  return names.filter((name) => name.endsWith(suffix)).sort().map((name) => join(config.paths.articles, name))
}

/** The slug of an article without a front-matter `slug`: its file name without `.<source>.md`. */
export function slugFromPath(path: string, source: string): string {
  const name = basename(path)
  const suffix = `.${source}.md`
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name.replace(/\.md$/, '')
}

export function toPosix(path: string): string {
  return path.split(sep).join('/')
}
