import type { Root, Text } from 'mdast'
import type { Point } from 'unist'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { compileMatcher, matchTerms, type TermMatcher } from './match.ts'
import { englishGenitive, targetForm, type GenitivePatterns } from './target.ts'
import type { Glossary } from './types.ts'

export interface RemarkGlossaryOptions {
  glossary: Glossary
  /** A compiled matcher for the glossary; compiled once per plugin use when not given. */
  matcher?: TermMatcher
  /** With a language: replace each hit in the text by its approved target form. Without: report the hits only. */
  lang?: string
  /** Genitive patterns of `lang`. Default: English rules. */
  patterns?: GenitivePatterns
}

/**
 * A remark plugin over the glossary functions: each term found in the text (never in code,
 * inline code, URLs or link destinations, which are not text nodes) becomes an info message on
 * the file with `ruleId: 'glossary-term'` and the term's place; with `lang`, the text gets the
 * approved target forms (kept terms stay as written).
 */
export default function remarkGlossary(options: RemarkGlossaryOptions) {
  const matcher = options.matcher ?? compileMatcher(options.glossary)
  return (tree: Root, file: VFile) => {
    const source = typeof file.value === 'string' ? file.value : undefined
    visit(tree, 'text', (node: Text) => {
      const hits = matchTerms(node.value, matcher)
      if (hits.length === 0) return
      const exact = source !== undefined && node.position?.start.offset !== undefined && source.slice(node.position.start.offset, node.position.end.offset) === node.value
      for (const hit of hits) {
        const target = options.lang ? targetForm(hit, options.lang, options.patterns ?? englishGenitive).form : undefined
        const reason = target === undefined ? `Glossary term \`${hit.source}\` (\`${hit.entry.id}\`)` : `Glossary term \`${hit.source}\` (\`${hit.entry.id}\`) → \`${target}\``
        const place = exact ? { start: pointAt(source, node.position!.start, hit.start), end: pointAt(source, node.position!.start, hit.end) } : node.position
        const message = file.message(reason, { place, ruleId: 'glossary-term', source: 'tolk' })
        message.fatal = undefined
      }
      if (options.lang) {
        let value = node.value
        for (const hit of [...hits].reverse()) {
          if (hit.features.compound && !hit.features.compound.hyphen) continue
          value = value.slice(0, hit.start) + targetForm(hit, options.lang, options.patterns ?? englishGenitive).form + value.slice(hit.end)
        }
        node.value = value
      }
    })
  }
}

function pointAt(source: string, start: Point, offset: number): Point {
  const from = start.offset!
  const slice = source.slice(from, from + offset)
  const lines = slice.split('\n')
  const line = start.line + lines.length - 1
  const column = lines.length === 1 ? start.column + offset : lines[lines.length - 1]!.length + 1
  return { line, column, offset: from + offset }
}

export { remarkGlossary }
