import type { Root, Yaml } from 'mdast'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import remarkStringify from 'remark-stringify'
import { LineCounter, parseDocument, isMap } from 'yaml'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'

/** The unified processor every article goes through: CommonMark + GFM + YAML front matter. */
export function markdownProcessor() {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkStringify, { bullet: '-', fences: true })
}

const processor = markdownProcessor().freeze()

export interface ParsedArticle {
  file: VFile
  tree: Root
  /** The front matter as a plain object (empty when the article has none). */
  frontmatter: Record<string, unknown>
  /** The front-matter node, when there is one. */
  frontmatterNode?: Yaml
}

/**
 * Decode bytes as UTF-8, refusing invalid sequences with the line and column of the first one (a
 * fatal vfile message, `ruleId` `encoding`); line ends become `\n`.
 */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes)
    const offset = lossy.indexOf('\uFFFD')
    const before = lossy.slice(0, Math.max(offset, 0))
    const line = before.split('\n').length
    const column = before.length - before.lastIndexOf('\n')
    throw fatal(new VFile({ path }), 'Invalid UTF-8: expected a UTF-8 encoded Markdown file', line, column, 'encoding')
  }
  // CRLF (and lone CR) line ends become LF, so no `\r` is left inside a kept multi-line quotation.
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

/** A message on the file that says it cannot be read: `fatal`, with its place, `ruleId` and `source: 'tolk'`; the caller throws it. */
function fatal(file: VFile, reason: string, line: number, column: number, ruleId: string): VFileMessage {
  const message = file.message(reason, { place: { line, column }, ruleId, source: 'tolk' })
  message.fatal = true
  return message
}

/** Deepest nesting of blockquotes and lists an article may have, unless the config says otherwise. */
export const defaultMaxNesting = 100

/**
 * Parse an article into its `VFile` and tree. What makes the file impossible to read is a fatal
 * vfile message (`file.fail`, thrown) with its place and a `ruleId`: front matter that is not a
 * YAML mapping (`frontmatter`);
 * so is nesting deeper than `maxNesting` (thousands of nested blockquotes overflow the stack of
 * the tree utilities, thousands of nested list items take minutes to parse) and a front matter
 * whose aliases would expand without bound (`nesting`, `frontmatter`).
 */
export function parseArticle(text: string, path: string, options: { maxNesting?: number } = {}): ParsedArticle {
  const maxNesting = options.maxNesting ?? defaultMaxNesting
  const file = new VFile({ path, value: text })
  const deep = tooDeep(text, maxNesting)
  if (deep) throw fatal(file, `Nesting too deep: more than ${maxNesting} levels of blockquotes and lists, expected at most ${maxNesting} (limits.nesting)`, deep.line, deep.column, 'nesting')
  const tree = processor.parse(file)
  const first = tree.children[0]
  if (first?.type !== 'yaml') return { file, tree, frontmatter: {} }

  const lineCounter = new LineCounter()
  const document = parseDocument(first.value, { lineCounter, prettyErrors: false })
  // The YAML node starts at the opening `---`; its content starts on the next line.
  const baseLine = (first.position?.start.line ?? 1) + 1
  const error = document.errors[0]
  if (error) {
    const at = lineCounter.linePos(error.pos[0])
    throw fatal(file, `Invalid front matter: ${error.message.split('\n')[0]}`, baseLine + at.line - 1, at.col, 'frontmatter')
  }
  if (document.contents === null) return { file, tree, frontmatter: {}, frontmatterNode: first }
  if (!isMap(document.contents)) {
    const at = lineCounter.linePos(document.contents.range?.[0] ?? 0)
    throw fatal(file, 'Invalid front matter: expected a YAML mapping (`key: value` lines)', baseLine + at.line - 1, at.col, 'frontmatter')
  }
  let frontmatter: Record<string, unknown>
  try {
    frontmatter = document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error
    throw fatal(file, 'Invalid front matter: too many YAML aliases, expected at most 100 (an alias bomb expands without bound)', baseLine, 1, 'frontmatter')
  }
  return { file, tree, frontmatter, frontmatterNode: first }
}

/**
 * The first line whose container markers (`>`, list bullets and numbers, and the indentation that
 * nests list items) go deeper than `max`, found before parsing so no parser or tree walk has to
 * survive it. Spaces between markers do not count; indentation before the first counts one level
 * per two spaces.
 */
function tooDeep(text: string, max: number): { line: number; column: number } | undefined {
  let line = 1
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    let depth = 0
    let indent = 0
    let index = start
    let marked = false
    while (index < end) {
      const char = text.charCodeAt(index)
      if (char === 32 || char === 9) {
        if (!marked) indent += char === 9 ? 4 : 1
        index++
        continue
      }
      if (char === 62) {
        depth++
        marked = true
        index++
        continue
      }
      const bullet = (char === 45 || char === 42 || char === 43) && (text.charCodeAt(index + 1) === 32 || text.charCodeAt(index + 1) === 9)
      const number = /^\d{1,9}[.)][ \t]/.exec(text.slice(index, Math.min(end, index + 12)))
      if (bullet || number) {
        depth++
        marked = true
        index += bullet ? 2 : number![0].length
        continue
      }
      break
    }
    if (depth + Math.floor(indent / 2) > max) return { line, column: 1 }
    start = end + 1
    line++
  }
  return undefined
}

/** Serialize a tree back to Markdown with the same settings for every edition. */
export function stringifyTree(tree: Root): string {
  return processor.stringify(tree)
}
