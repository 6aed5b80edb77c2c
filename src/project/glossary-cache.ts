import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { endianness } from 'node:os'
import { join } from 'node:path'
import { guardPath } from '../fs/guard.ts'
import { cacheFolder, codeIdentity, writeCacheFile } from '../fs/cache.ts'

/**
 * A big glossary compiled once, not once per process: its entries, its matcher, each language's
 * target forms and its lint messages are stored under the project's cache folder
 * (`node_modules/.cache/tolk/` when the project has `node_modules`, else `.tolk-cache/`, which
 * holds a `.gitignore` of `*`), keyed by the glossary files' names and contents and by the
 * identity of the code that compiled them (the hash of `lib/manifest.json` for the compiled
 * package, of the glossary's sources otherwise). Each file is written atomically and carries a
 * checksum of its contents; one that does not match its key, its lengths or its checksum is not
 * used (and is written again). A record may have parts, read one by one when asked for (a small
 * job reads a few of a big file's), each with a checksum of its own, checked when it is read. Only glossaries of at least `cacheFromBytes` are stored: a small one compiles
 * faster than a file is read. `TOLK_NO_CACHE=1` turns the cache off.
 */

/** Glossary files together at least this large are cached. */
export const cacheFromBytes = 64 * 1024

const magic = 'tolk-glossary-cache 3\n'

/** What one cache file holds: a JSON value and typed arrays, read whole, and parts, read when asked for. */
export interface CacheRecord {
  meta: unknown
  arrays: Array<Int32Array | Uint16Array | Uint8Array>
  parts?: readonly Uint8Array[]
}

/** A record read from the cache: its meta and arrays, and its parts on demand. */
export interface StoredRecord {
  meta: unknown
  arrays: Array<Int32Array | Uint16Array | Uint8Array>
  /** How many parts the record has. */
  parts: number
  /** The parts asked for, read from the file, each undefined when it is damaged (or the file is gone). */
  readParts(indexes: readonly number[]): Array<Buffer | undefined>
}

export interface GlossaryCache {
  /** The record stored under `name` for this glossary and code, when there is a sound one. */
  read(name: string): StoredRecord | undefined
  /** Store a record (atomically; a cache that cannot be written is no error). */
  write(name: string, record: CacheRecord): void
}

/** The cache of a glossary in a project, or undefined when the glossary is small, the code's identity unknown or the cache off. */
export async function glossaryCache(root: string, files: ReadonlyArray<{ file: string; bytes: Uint8Array }>): Promise<GlossaryCache | undefined> {
  if (files.reduce((sum, { bytes }) => sum + bytes.length, 0) < cacheFromBytes) return undefined
  const code = codeIdentity(import.meta.url, ['glossary-cache.ts', '../glossary/'])
  if (!code) return undefined
  const folder = cacheFolder(root)
  if (!folder) return undefined
  try {
    await guardPath(root, folder.dir)
  } catch {
    return undefined // a symbolic link where the cache would be: no cache rather than writing through it
  }
  const hash = createHash('sha256').update(`${code}\n${endianness()}\n`)
  // The bytes as read, not the text: hashing a string first encodes it again (15 ms for 2.5 MB here).
  for (const { file, bytes } of files) hash.update(`${file}\u0000${createHash('sha256').update(bytes).digest('hex')}\n`)
  const key = hash.digest('hex')
  const prefix = `glossary-${key.slice(0, 32)}-`
  return {
    read: (name) => readRecord(join(folder.dir, `${prefix}${name}.bin`), key, name),
    // Files of other glossaries (or other code) would only pile up: they are removed.
    write: (name, record) => void writeCacheFile(folder, `${prefix}${name}.bin`, recordBytes(key, name, record), (other) => other.startsWith('glossary-') && !other.startsWith(prefix)),
  }
}

/**
 * A checksum of bytes (zlib's native CRC-32): it tells a damaged file. `zlib` is loaded when a
 * file is first checked, not with every command.
 */
function checksum(bytes: Uint8Array): number {
  return (process.getBuiltinModule('node:zlib') as typeof import('node:zlib')).crc32(bytes) | 0
}

const padded = (length: number) => Math.ceil(length / 4) * 4

interface Header {
  key: string
  name: string
  /** Checksum and length of the body (meta, arrays and the parts' table), read whole. */
  checksum: number
  body: number
  meta: number
  arrays: Array<['i32' | 'u16' | 'u8', number]>
  /** How many parts follow the body. */
  parts: number
}

/**
 * The file: the magic line, a JSON header line (key, name, checksum, lengths), then the body (the
 * meta JSON and the arrays, each padded to 4 bytes, then per part its offset and checksum), then
 * the parts.
 */
function recordBytes(key: string, name: string, record: CacheRecord): Buffer {
  const meta = Buffer.from(JSON.stringify(record.meta))
  const parts = record.parts ?? []
  const table = new Int32Array(parts.length * 2 + 1)
  parts.forEach((part, index) => {
    table[index + 1] = table[index]! + part.byteLength
    table[parts.length + 1 + index] = checksum(part)
  })
  const arrays = [...record.arrays, table]
  const body = Buffer.alloc(padded(meta.length) + arrays.reduce((sum, array) => sum + padded(array.byteLength), 0))
  meta.copy(body, 0)
  let at = padded(meta.length)
  for (const array of arrays) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(body, at)
    at += padded(array.byteLength)
  }
  const header: Header = { key, name, checksum: checksum(body), body: body.length, meta: meta.length, arrays: record.arrays.map((array) => [array instanceof Uint16Array ? 'u16' : array instanceof Uint8Array ? 'u8' : 'i32', array.length]), parts: parts.length }
  // The header line is padded with spaces so that the body, and each array in it, starts at a multiple of 4 bytes.
  let line = JSON.stringify(header)
  line = `${line.padEnd(padded(magic.length + line.length + 1) - magic.length - 1)}\n`
  return Buffer.concat([Buffer.from(magic), Buffer.from(line), body, ...parts])
}

function readRecord(path: string, key: string, name: string): StoredRecord | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return undefined
  }
  try {
    const size = fstatSync(fd).size
    const head = Buffer.alloc(Math.min(size, 4096))
    readSync(fd, head, 0, head.length, 0)
    if (head.subarray(0, magic.length).toString() !== magic) return undefined
    const end = head.indexOf(10, magic.length)
    if (end < 0) return undefined
    const header = JSON.parse(head.subarray(magic.length, end).toString()) as Header
    if (header.key !== key || header.name !== name) return undefined
    const start = end + 1
    // A buffer of its own, so the arrays are views over it (aligned) without a copy; only the body is read.
    const body = Buffer.allocUnsafeSlow(header.body)
    if (start + header.body > size || readSync(fd, body, 0, body.length, start) !== body.length || checksum(body) !== header.checksum) return undefined
    const meta = JSON.parse(body.subarray(0, header.meta).toString()) as unknown
    let at = padded(header.meta)
    const view = (type: 'i32' | 'u16' | 'u8', length: number) => {
      const array = type === 'u8' ? new Uint8Array(body.buffer, at, length) : type === 'u16' ? new Uint16Array(body.buffer, at, length) : new Int32Array(body.buffer, at, length)
      at += padded(array.byteLength)
      return array
    }
    const arrays = header.arrays.map(([type, length]) => view(type, length))
    const table = view('i32', header.parts * 2 + 1) as Int32Array
    const partsAt = start + header.body
    if (at !== body.length || partsAt + table[header.parts]! !== size) return undefined
    return {
      meta,
      arrays,
      parts: header.parts,
      readParts(indexes) {
        let file: number
        try {
          file = openSync(path, 'r')
        } catch {
          return indexes.map(() => undefined)
        }
        try {
          return indexes.map((index) => {
            if (!(index >= 0 && index < header.parts)) return undefined
            try {
              const bytes = Buffer.alloc(table[index + 1]! - table[index]!)
              if (readSync(file, bytes, 0, bytes.length, partsAt + table[index]!) !== bytes.length) return undefined
              return checksum(bytes) === table[header.parts + 1 + index] ? bytes : undefined
            } catch {
              return undefined
            }
          })
        } finally {
          closeSync(file)
        }
      },
    }
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}
