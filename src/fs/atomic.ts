import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import { environmentError } from '../errors.ts'

/**
 * Write a file so that readers see the old content or the new, never half of it:
 * a temporary file in the same folder, then a rename.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const folder = dirname(path)
  const temporary = join(folder, `.tolk-tmp-${basename(path)}-${process.pid}-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}`)
  try {
    // The folder is made only when it is missing: most writes go to folders that exist.
    await writeFile(temporary, content).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
      await makeFolder(folder)
      await writeFile(temporary, content)
    })
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {})
    // A full disk, a folder that cannot be made: the machine's problem, said with the path.
    throw environmentError(error, path)
  }
}

/**
 * `writeFileAtomic`, unless the file already holds exactly these bytes: a build that changes
 * nothing rewrites nothing. Returns whether it wrote.
 */
export async function writeFileIfChanged(path: string, content: string): Promise<boolean> {
  // Only a regular file of the same size is read (never what a symlink points at, never a device).
  const stats = await lstat(path).catch(() => undefined)
  if (stats?.isFile() && stats.size === Buffer.byteLength(content) && (await readFile(path, 'utf8').catch(() => undefined)) === content) return false
  await writeFileAtomic(path, content)
  return true
}

/**
 * `mkdir -p`, with the real reason when it fails: Node's recursive mkdir reports ENOENT for any
 * failure below an existing folder (a read-only file system, EROFS, among them), so the folder
 * that cannot be made is asked for again on its own.
 */
export async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const parent = dirname(folder)
    if (parent !== folder) await makeFolder(parent)
    await mkdir(folder).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again
    })
  }
}

/** JSON with sorted keys and a final newline, so the same data always gives the same bytes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, sortedKeys, 2)}\n`
}

/**
 * Each object as JSON.stringify reaches it, with its keys in order: a copy only of an object whose
 * keys are not in order already, one level at a time, so no sorted copy of the whole value is
 * ever held (a 10,000-article report is hundreds of megabytes).
 */
function sortedKeys(this: unknown, _key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  let ordered = true
  for (let index = 1; index < keys.length && ordered; index++) ordered = keys[index - 1]! < keys[index]!
  if (ordered) return value
  const sorted: Record<string, unknown> = {}
  for (const key of keys.sort()) sorted[key] = (value as Record<string, unknown>)[key]
  return sorted
}
