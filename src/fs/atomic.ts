import { lstatSync, readFileSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import { environmentError } from '../errors.ts'

/**
 * Write a file so that readers see the old content or the new, never half of it:
 * a temporary file in the same folder, then a rename.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array | (() => Iterable<string>)): Promise<void> {
  const folder = dirname(path)
  const temporary = join(folder, `.tolk-tmp-${basename(path)}-${process.pid}-${temporaryTag()}`)
  // Content made piece by piece (a big report) is made again if the first attempt found no folder.
  const data = () => (typeof content === 'function' ? content() : content)
  try {
    // The folder is made only when it is missing: most writes go to folders that exist.
    await writeFile(temporary, data()).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
      await makeFolder(folder)
      await writeFile(temporary, data())
    })
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {})
    // A full disk, a folder that cannot be made: the machine's problem, said with the path.
    throw environmentError(error, path)
  }
}

let tag: string | undefined
let written = 0
/**
 * A temporary name's last part: random once per process (a process id can come back after a
 * crash), then a count, so two writes of one file at once never share a name. One random draw
 * per write was 0.2 s of a cold build's 8,000 writes.
 */
function temporaryTag(): string {
  tag ??= process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')
  return `${tag}${(written++).toString(36)}`
}

/**
 * `stableJson(value)` written atomically without ever holding the whole text: the top two levels
 * (the report, its list of articles) are written piece by piece, each article's JSON on its own.
 * A 10,000-article report is some 300 MB of JSON, twice that as a JavaScript string.
 */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, () => batched(stableJsonPieces(value)))
}

/** Pieces joined into strings of about 64 KB, so the file is written in few calls. */
function* batched(pieces: Iterable<string>): Iterable<string> {
  let buffer = ''
  for (const piece of pieces) {
    buffer += piece
    if (buffer.length >= 65_536) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer) yield buffer
}

/** Marks a value whose JSON text at its place is already made (a big build's spooled article record): it is written as it stands. */
export const preparedJson = Symbol('prepared JSON')
export interface PreparedJson {
  [preparedJson](): string
}

/**
 * The text of `stableJson(value)` in pieces, byte for byte: objects and arrays above `depth` are
 * written here the way JSON.stringify writes them (keys sorted, undefined and functions left out
 * of objects and `null` in arrays, two spaces per level); below, each value is JSON.stringify's
 * own, indented to its level (JSON strings hold no line breaks, so every line break is indentation).
 */
export function* stableJsonPieces(value: unknown, depth = 2, level = 0): Iterable<string> {
  const pad = (n: number) => '  '.repeat(n)
  if (typeof value === 'object' && value !== null && preparedJson in value) {
    yield (value as PreparedJson)[preparedJson]()
    return
  }
  if (level === 0) {
    yield* stableJsonPieces(value, depth, 1)
    yield '\n'
    return
  }
  const inner = level - 1
  if (level > depth || value === null || typeof value !== 'object' || !plainContainer(value)) {
    const text = JSON.stringify(value, sortedKeys, 2)
    yield inner === 0 ? text : text.replaceAll('\n', `\n${pad(inner)}`)
    return
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return void (yield '[]')
    for (let index = 0; index < value.length; index++) {
      yield index === 0 ? `[\n${pad(inner + 1)}` : `,\n${pad(inner + 1)}`
      const item = value[index]
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null'
      else yield* stableJsonPieces(item, depth, level + 1)
    }
    yield `\n${pad(inner)}]`
    return
  }
  const record = value as Record<string, unknown>
  let first = true
  for (const key of Object.keys(record).sort()) {
    const item = record[key]
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
    yield `${first ? '{' : ','}\n${pad(inner + 1)}${JSON.stringify(key)}: `
    first = false
    yield* stableJsonPieces(item, depth, level + 1)
  }
  yield first ? '{}' : `\n${pad(inner)}}`
}

/** An array or an object of Object's own kind (no toJSON, no class): what is written here level by level. */
function plainContainer(value: object): boolean {
  if (Array.isArray(value)) return true
  const prototype = Object.getPrototypeOf(value)
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
}

/**
 * `writeFileAtomic`, unless the file already holds exactly these bytes: a build that changes
 * nothing rewrites nothing. Returns whether it wrote.
 */
export async function writeFileIfChanged(path: string, content: string): Promise<boolean> {
  if (holds(path, content)) return false
  await writeFileAtomic(path, content)
  return true
}

/**
 * Whether `path` is a regular file holding exactly `content`: only a regular file of the same size
 * is read (never what a symlink points at, never a device). With synchronous calls: a build
 * compares thousands of small files that are in the page cache, and the promise API's lstat,
 * open, fstat, read and close are each a trip through libuv's thread pool, about five times the
 * CPU of the synchronous calls.
 */
function holds(path: string, content: string): boolean {
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false })
    return stats !== undefined && stats.isFile() && stats.size === Buffer.byteLength(content) && readFileSync(path, 'utf8') === content
  } catch {
    return false
  }
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
