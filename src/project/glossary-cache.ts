import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
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
 * used (and is written again). Only glossaries of at least `cacheFromBytes` are stored: a small one compiles
 * faster than a file is read. `TOLK_NO_CACHE=1` turns the cache off.
 */

/** Glossary files together at least this large are cached. */
export const cacheFromBytes = 64 * 1024

const magic = 'tolk-glossary-cache 2\n'

/** What one cache file holds: a JSON value and typed arrays. */
export interface CacheRecord {
  meta: unknown
  arrays: Array<Int32Array | Uint16Array | Uint8Array>
}

export interface GlossaryCache {
  /** The record stored under `name` for this glossary and code, when there is a sound one. */
  read(name: string): CacheRecord | undefined
  /** Store a record (atomically; a cache that cannot be written is no error). */
  write(name: string, record: CacheRecord): void
}

/** The cache of a glossary in a project, or undefined when the glossary is small, the code's identity unknown or the cache off. */
export async function glossaryCache(root: string, files: ReadonlyArray<{ file: string; text: string }>): Promise<GlossaryCache | undefined> {
  if (files.reduce((sum, { text }) => sum + text.length, 0) < cacheFromBytes) return undefined
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
  for (const { file, text } of files) hash.update(`${file}\u0000${createHash('sha256').update(text).digest('hex')}\n`)
  const key = hash.digest('hex')
  const prefix = `glossary-${key.slice(0, 32)}-`
  return {
    read: (name) => readRecord(join(folder.dir, `${prefix}${name}.bin`), key, name),
    // Files of other glossaries (or other code) would only pile up: they are removed.
    write: (name, record) => void writeCacheFile(folder, `${prefix}${name}.bin`, recordBytes(key, name, record), (other) => other.startsWith('glossary-') && !other.startsWith(prefix)),
  }
}

/**
 * A checksum of bytes whose length is a multiple of 4, word by word (FNV-1a over 32-bit words, two
 * lanes): it tells a damaged file, at a fraction of what SHA-256 of the same megabytes costs.
 */
function checksum(bytes: Buffer): string {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2)
  let even = 0x811c9dc5
  let odd = 0x01000193
  for (let index = 0; index < words.length; index += 2) {
    even = Math.imul(even ^ words[index]!, 0x01000193)
    odd = Math.imul(odd ^ (words[index + 1] ?? 0), 0x811c9dc5)
  }
  return `${(even >>> 0).toString(16)}${(odd >>> 0).toString(16)}-${bytes.length}`
}

/** The file: the magic line, a JSON header line (key, name, checksum, lengths), then the meta JSON and the arrays, each padded to 4 bytes. */
function recordBytes(key: string, name: string, record: CacheRecord): Buffer {
  const meta = Buffer.from(JSON.stringify(record.meta))
  const padded = (length: number) => Math.ceil(length / 4) * 4
  const body = Buffer.alloc(padded(meta.length) + record.arrays.reduce((sum, array) => sum + padded(array.byteLength), 0))
  meta.copy(body, 0)
  let at = padded(meta.length)
  for (const array of record.arrays) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(body, at)
    at += padded(array.byteLength)
  }
  // The header line is padded with spaces so that the body, and each array in it, starts at a multiple of 4 bytes.
  let header = `${JSON.stringify({ key, name, checksum: checksum(body), meta: meta.length, arrays: record.arrays.map((array) => [array instanceof Uint16Array ? 'u16' : array instanceof Uint8Array ? 'u8' : 'i32', array.length]) })}`
  header = `${header.padEnd(padded(magic.length + header.length + 1) - magic.length - 1)}\n`
  return Buffer.concat([Buffer.from(magic), Buffer.from(header), body])
}

function readRecord(path: string, key: string, name: string): CacheRecord | undefined {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch {
    return undefined
  }
  try {
    if (bytes.subarray(0, magic.length).toString() !== magic) return undefined
    const end = bytes.indexOf(10, magic.length)
    const header = JSON.parse(bytes.subarray(magic.length, end).toString()) as { key: string; name: string; checksum: string; meta: number; arrays: Array<['i32' | 'u16' | 'u8', number]> }
    if (header.key !== key || header.name !== name) return undefined
    let body = bytes.subarray(end + 1)
    // Views over the bytes read, without a copy, when they are aligned (they are for a file this size).
    if (body.byteOffset % 4 !== 0) body = Buffer.from(body)
    if (body.length % 4 !== 0 || checksum(body) !== header.checksum) return undefined
    const meta = JSON.parse(body.subarray(0, header.meta).toString()) as unknown
    let at = Math.ceil(header.meta / 4) * 4
    const arrays = header.arrays.map(([type, length]) => {
      const array = type === 'u8' ? new Uint8Array(body.buffer, body.byteOffset + at, length) : type === 'u16' ? new Uint16Array(body.buffer, body.byteOffset + at, length) : new Int32Array(body.buffer, body.byteOffset + at, length)
      at += Math.ceil(array.byteLength / 4) * 4
      return array
    })
    if (at !== body.length) return undefined
    return { meta, arrays }
  } catch {
    return undefined
  }
}
