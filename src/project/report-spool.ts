import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { makeFolder, preparedJson, stableJsonPieces, type PreparedJson } from '../fs/atomic.ts'
import { environmentError } from '../errors.ts'
import type { ArticleReport, EditionReport } from './report.ts'

/**
 * A big build's article records, written to a temporary file in the output folder as each article
 * is rendered, so the report (a 10,000-article build makes some 1.3 million term records) is not
 * held until the end. Each record is kept as the exact text `report.json` has for it at its level,
 * and `writeJsonAtomic` copies it from here into the report (`SpooledJson`), so the file is byte for
 * byte the one a build that held its report writes. The spool is removed when the build ends.
 */
export class ReportSpool {
  readonly #path: string
  readonly #fd: number
  #end = 0

  private constructor(path: string, fd: number) {
    this.#path = path
    this.#fd = fd
  }

  static async open(folder: string): Promise<ReportSpool> {
    await makeFolder(folder)
    const path = join(folder, `.tolk-tmp-report-spool-${process.pid}-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}`)
    try {
      // `wx`: a new file of its own, never one that is there already (a symlink among them).
      return new ReportSpool(path, openSync(path, 'wx+', 0o600))
    } catch (error) {
      throw environmentError(error, path)
    }
  }

  /** The article's record written out; what stays in memory is where it is. */
  add(article: ArticleReport): SpooledJson {
    // Articles are the report's third level: `{ "articles": [ { … } ] }`.
    const bytes = Buffer.from([...stableJsonPieces(article, 2, 3)].join(''), 'utf8')
    let written = 0
    try {
      while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written, this.#end + written)
    } catch (error) {
      throw environmentError(error, this.#path)
    }
    const entry = new SpooledJson(this, article.source, this.#end, bytes.length)
    this.#end += bytes.length
    return entry
  }

  /** The bytes of one record, read back. */
  read(offset: number, length: number): string {
    const bytes = Buffer.allocUnsafe(length)
    let read = 0
    while (read < length) {
      const count = readSync(this.#fd, bytes, read, length - read, offset + read)
      if (count === 0) throw environmentError(new Error('the report spool ended early'), this.#path)
      read += count
    }
    return bytes.toString('utf8')
  }

  /** The file closed and removed (also after a failed build). */
  remove(): void {
    try {
      closeSync(this.#fd)
    } catch {
      // Already closed.
    }
    rmSync(this.#path, { force: true })
  }
}

/** One article's record in the spool: `stableJsonPieces` writes its text as it stands there. */
export class SpooledJson implements PreparedJson {
  constructor(
    readonly spool: ReportSpool,
    readonly source: string,
    readonly offset: number,
    readonly length: number,
  ) {}

  [preparedJson](): string {
    return this.spool.read(this.offset, this.length)
  }
}

/** An edition's report without its term, quotation and unknown-word records: what a terminal shows of it. */
export type EditionOutline = Omit<EditionReport, 'terms' | 'quotes' | 'unknownWords'>
export interface ArticleOutline extends Omit<ArticleReport, 'editions'> {
  editions: EditionOutline[]
}

export function outlineOf(article: ArticleReport): ArticleOutline {
  return { source: article.source, slug: article.slug, problems: article.problems, editions: article.editions.map(({ terms: _terms, quotes: _quotes, unknownWords: _unknown, ...rest }) => rest) }
}
