import { readFileSync, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { basename, join, relative, resolve, sep } from 'node:path'
import type { ResolvedConfig } from '../config/schema.ts'
import { InputError, UsageError, type Place } from '../errors.ts'
import type { ParsedArticle } from '../document/parse.ts'
import { guardPath } from '../fs/guard.ts'

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

/**
 * An article's bytes: refused (exit 2 for this article) when its path leaves the project or is a
 * symbolic link, when it is not a regular file (`/dev/zero` would never end), or when it is larger
 * than `limits.articleBytes`.
 */
export async function readArticle(config: ResolvedConfig, path: string, display: string): Promise<Buffer> {
  await guardPath(config.root, path, { file: true })
  let bytes: Buffer
  try {
    // Synchronous: a build reads thousands of small articles, and each promise call is a trip through libuv's thread pool (about five times the CPU).
    const size = statSync(path).size
    if (size > config.limits.articleBytes) throw new InputError(`Article too large: ${size} bytes, expected at most ${config.limits.articleBytes} (limits.articleBytes)`, { file: display }, { code: 'article' })
    bytes = readFileSync(path)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`Cannot read article: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file: display }, { code: 'article' })
  }
  return bytes
}

/**
 * A slug taken from a file name names catalogs and editions: letters, digits, `-`, `_` and dots
 * inside, and never one ending in `.lock` (`x.lock.sv.md` would share `x.lock.json` with `x`).
 */
export function checkFileSlug(slug: string, display: string): void {
  if (/^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*$/i.test(slug) && !/\.lock$/i.test(slug)) return
  throw new InputError(`Invalid slug \`${slug}\` from the file name, expected letters, digits, \`-\` and \`_\` (not one ending in \`.lock\`, which names lock files)`, { file: display }, { code: 'slug' })
}

/** The place of a front-matter key: its own line, not the front matter's first. */
export function frontmatterKeyPlace(parsed: ParsedArticle, key: string, display: string): Place {
  const node = parsed.frontmatterNode
  if (!node) return { file: display }
  const index = node.value.split('\n').findIndex((line) => new RegExp(`^${key}\\s*:`).test(line))
  return { file: display, line: (node.position?.start.line ?? 1) + 1 + Math.max(index, 0), column: 1 }
}
