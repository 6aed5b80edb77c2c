import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project's cache folder, for work tolk can redo but need not (a compiled glossary, the
 * lexicon's answers): `node_modules/.cache/tolk/` when the project has `node_modules`, as other
 * tools keep theirs, else `.tolk-cache/`, which gets a `.gitignore` of `*`. Nothing in it is ever
 * needed: a file that is missing, damaged or of other code is made again. `TOLK_NO_CACHE=1` turns
 * every cache off.
 */
export interface CacheFolder {
  dir: string
  /** The folder needs its own `.gitignore` (it is not under `node_modules`). */
  ignore: boolean
}

/** The cache folder of a project, or undefined when caches are off. */
export function cacheFolder(root: string): CacheFolder | undefined {
  if (process.env.TOLK_NO_CACHE === '1') return undefined
  try {
    if (statSync(join(root, 'node_modules')).isDirectory()) return { dir: join(root, 'node_modules', '.cache', 'tolk'), ignore: false }
  } catch {
    // no node_modules
  }
  return { dir: join(root, '.tolk-cache'), ignore: true }
}

/**
 * Write one file of the cache atomically (a temporary file, then a rename), after removing the
 * files `stale` names (other keys' files, which would only pile up). A cache that cannot be
 * written (a read-only checkout, a full disk) is no error: it only costs the next run its time.
 */
export function writeCacheFile(folder: CacheFolder, name: string, bytes: string | Uint8Array, stale?: (other: string) => boolean): boolean {
  try {
    mkdirSync(folder.dir, { recursive: true })
    if (folder.ignore) writeFileSync(join(folder.dir, '.gitignore'), '*\n')
    if (stale) for (const other of readdirSync(folder.dir)) if (other !== name && stale(other)) rmSync(join(folder.dir, other), { force: true })
    const path = join(folder.dir, name)
    const temporary = `${path}.${process.pid}.tmp`
    writeFileSync(temporary, bytes)
    renameSync(temporary, path)
    return true
  } catch {
    return false
  }
}

/** One file of the cache, or undefined when it is not there (or cannot be read). */
export function readCacheFile(folder: CacheFolder, name: string): Buffer | undefined {
  try {
    return readFileSync(join(folder.dir, name))
  } catch {
    return undefined
  }
}

/**
 * What identifies the code of a module for a cache: the compiled package's `lib/manifest.json`
 * (which records every source that went in), or, when the sources run, the given source files
 * (paths relative to the module's own folder; one ending in `/` is every `.ts` file of that folder). Undefined when neither can be read.
 */
export function codeIdentity(moduleUrl: string, sources: readonly string[]): string | undefined {
  try {
    const here = fileURLToPath(moduleUrl)
    const hash = createHash('sha256')
    if (here.endsWith('.ts')) {
      for (const source of [...sources].sort()) {
        const path = join(dirname(here), source)
        // A folder (`../glossary/`) stands for every source file in it.
        const files = source.endsWith('/') ? readdirSync(path).filter((name) => name.endsWith('.ts')).sort().map((name) => join(path, name)) : [path]
        for (const file of files) hash.update(`${file.slice(dirname(here).length)}\u0000`).update(readFileSync(file))
      }
      return `sources ${hash.digest('hex')}`
    }
    for (const candidate of [join(dirname(here), 'manifest.json'), join(dirname(here), '..', 'manifest.json')]) {
      try {
        return `compiled ${hash.update(readFileSync(candidate)).digest('hex')}`
      } catch {
        // not here
      }
    }
  } catch {
    // no identity: no cache
  }
  return undefined
}
