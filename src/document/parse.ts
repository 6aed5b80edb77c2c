import type { Root, Yaml } from 'mdast'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import remarkStringify from 'remark-stringify'
import { LineCounter, parseDocument, isMap } from 'yaml'
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { LineIndex } from './lines.ts'

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

/** A problem that makes a document impossible to read: a fatal vfile message with its place and rule id (`encoding`, `frontmatter`). */
function fatal(reason: string, file: string, place: { line: number; column: number }, ruleId: string): VFileMessage {
  const message = new VFileMessage(reason, { place, ruleId, source: 'tolk' })
  message.file = file
  message.fatal = true
  return message
}

/**
 * Decode bytes as UTF-8, refusing invalid sequences (a fatal `VFileMessage`) with the line and column of the first one.
 */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes)
    const offset = lossy.indexOf('\uFFFD')
    throw fatal('Invalid UTF-8: expected a UTF-8 encoded Markdown file', path, new LineIndex(lossy).at(Math.max(offset, 0)), 'encoding')
  }
}

/** Parse an article. Front matter that is not a YAML mapping is a fatal `VFileMessage` with its line and column. */
export function parseArticle(text: string, path: string): ParsedArticle {
  const file = new VFile({ path, value: text })
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
    throw fatal(`Invalid front matter: ${error.message.split('\n')[0]}`, path, { line: baseLine + at.line - 1, column: at.col }, 'frontmatter')
  }
  if (document.contents === null) return { file, tree, frontmatter: {}, frontmatterNode: first }
  if (!isMap(document.contents)) {
    const at = lineCounter.linePos(document.contents.range?.[0] ?? 0)
    throw fatal('Invalid front matter: expected a YAML mapping (`key: value` lines)', path, { line: baseLine + at.line - 1, column: at.col }, 'frontmatter')
  }
  return { file, tree, frontmatter: document.toJS() as Record<string, unknown>, frontmatterNode: first }
}

/** Serialize a tree back to Markdown with the same settings for every edition. */
export function stringifyTree(tree: Root): string {
  return processor.stringify(tree)
}
