import { lstat, readdir } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { InputError } from '../errors.ts'

/**
 * No path tolk reads or writes may leave the project: Git stores symlinks, so a pull request can
 * bring `articles/x.sv.md → /proc/self/environ` or `locales/en/articles → /somewhere`. A path is
 * refused (exit 2, naming it) when it lies outside the project root, when any part of it below
 * the root is a symbolic link, or — for a file tolk reads — when it is not a regular file.
 */

/** The path as the project shows it: relative to the root, with `/`. */
export function projectPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || '.'
}

function outside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)
}

/**
 * Refuse `path` if it is outside `root` or passes through a symbolic link below it; with
 * `file: true`, also if it exists and is not a regular file. A path that does not exist (yet) is fine.
 */
export async function guardPath(root: string, path: string, options: { file?: boolean } = {}): Promise<void> {
  if (outside(root, path)) throw new InputError('Refusing a path outside the project, expected a path inside the folder of the config', { file: isAbsolute(relative(root, path)) ? path : projectPath(root, path) }, { code: 'path' })
  let current = root
  for (const part of relative(root, path).split(sep).filter(Boolean)) {
    current = join(current, part)
    let stats
    try {
      stats = await lstat(current)
    } catch (error) {
      // Not there (yet), or a file stands where a folder would be: writing it says so with the path.
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return
      throw error
    }
    if (stats.isSymbolicLink()) throw new InputError('Refusing a symbolic link, expected a real file or folder inside the project', { file: projectPath(root, current) }, { code: 'path' })
    if (current === path && options.file && !stats.isFile()) throw new InputError('Refusing something that is not a regular file', { file: projectPath(root, current) }, { code: 'path' })
  }
}

/**
 * Guard a folder and every entry in it (one level): folders tolk reads whole, such as
 * `locales/<lng>/articles` or `glossary`. Every problem is collected.
 */
export async function guardFolder(root: string, folder: string, problems: InputError[]): Promise<void> {
  try {
    await guardPath(root, folder)
  } catch (error) {
    if (error instanceof InputError) return void problems.push(error)
    throw error
  }
  let entries
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch {
    return
  }
  // Sorted after filtering: a folder may hold tens of thousands of catalogs.
  for (const entry of entries.filter((each) => each.isSymbolicLink()).sort((a, b) => a.name.localeCompare(b.name))) {
    problems.push(new InputError('Refusing a symbolic link, expected a real file or folder inside the project', { file: projectPath(root, join(folder, entry.name)) }, { code: 'path' }))
  }
}

/** Throw the first problem with the rest attached, so all are reported at once. */
export function throwProblems(problems: InputError[]): void {
  const [first, ...rest] = problems
  if (first) throw new InputError(first.message, first.place, { code: first.code, problems: rest })
}
