import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { placeOfFrontmatterKey, type Edition } from './documents.ts'
import { eachEdition } from './each-edition.ts'
import type { CheckContext, CheckRule, Regenerated, RuleMessage } from './types.ts'

/**
 * stale: every edition is built from its source as it is and is what the source, catalogs and
 * glossary produce now, has as many blocks as its source, and has an article (no orphans).
 */
export const staleRule: CheckRule = {
  id: 'stale',
  defaultSeverity: 'error',
  async check(context) {
    const regenerated = await context.regenerated()
    const messages = eachEdition(context, 'all', (edition) => {
      const result = checkStale(edition, regenerated.get(`${edition.lang}/${edition.article.slug}`))
      if (result.current && edition.blocks.length !== edition.article.blocks.length) {
        result.messages.push({ file: edition.file, line: 1, column: 1, message: `Edition has ${edition.blocks.length} paragraphs, headings and cells, expected ${edition.article.blocks.length} as in ${edition.article.file}; its blocks cannot be compared with the source` })
      }
      return result.messages
    })
    if (context.complete && context.projectWide) for (const lang of context.targets) for (const message of await orphanedEditions(context, lang)) messages.push(message)
    return messages
  },
}

async function orphanedEditions(context: CheckContext, lang: string): Promise<RuleMessage[]> {
  let names: string[]
  try {
    names = await readdir(join(context.outDir, lang))
  } catch {
    return []
  }
  const slugs = new Set(context.articles.map((article) => article.slug))
  return names
    .filter((name) => name.endsWith('.md') && !slugs.has(name.slice(0, -'.md'.length)) && !context.elsewhere.has(name.slice(0, -'.md'.length)))
    .sort()
    .map((name) => ({ file: context.display(join(context.outDir, lang, name)), line: 1, column: 1, message: `Orphaned edition: no article has the slug \`${name.slice(0, -'.md'.length)}\`, expected it to be removed with its source` }))
}

/** Whether an edition was built from its source as it is now. */
export function builtFromCurrentSource(edition: Edition): boolean {
  return edition.parsed.frontmatter.source_sha256 === edition.article.sha256
}

/**
 * stale: the edition was built from the source as it is (`source_sha256`), and is what the source,
 * catalogs and glossary produce now — otherwise it was edited by hand or built from older catalogs.
 * Returns whether the edition is built from the current source, so content rules can be skipped when not.
 */
export function checkStale(edition: Edition, regenerated: Regenerated | undefined): { messages: RuleMessage[]; current: boolean } {
  const article = edition.article
  const recorded = edition.parsed.frontmatter.source_sha256
  const place = placeOfFrontmatterKey(edition.file, edition.text, edition.lines, 'source_sha256')
  if (typeof recorded !== 'string') {
    return { current: false, messages: [{ ...place, message: `Missing \`source_sha256\` in the front matter, expected \`${article.sha256}\` (the hash of ${article.file}); rebuild the edition` }] }
  }
  if (recorded !== article.sha256) {
    return {
      current: false,
      messages: [{ ...place, message: `Stale edition: \`source_sha256\` is \`${recorded.slice(0, 12)}…\`, expected \`${article.sha256.slice(0, 12)}…\`: ${article.file} changed since the edition was built; run \`tolk build\``, source: { file: article.file, line: 1, column: 1 } }],
    }
  }
  if (!regenerated) return { current: true, messages: [] }
  if ('untranslated' in regenerated) {
    const first = regenerated.untranslated[0]
    return {
      current: true,
      messages: [{ file: edition.file, line: 1, column: 1, message: `Outdated edition: ${regenerated.catalog} no longer has a translation for ${regenerated.untranslated.length} unit(s) of the source${first ? ` (first at ${article.file}:${first.line}:${first.column})` : ''}, expected the catalog the edition was built from`, ...(first ? { source: { file: article.file, ...first } } : {}) }],
    }
  }
  if (regenerated.markdown === edition.text) return { current: true, messages: [] }
  const found = edition.text.split('\n')
  const expected = regenerated.markdown.split('\n')
  let line = 0
  while (line < found.length && line < expected.length && found[line] === expected[line]) line++
  const column = commonPrefix(found[line] ?? '', expected[line] ?? '') + 1
  const shown = (text: string | undefined) => (text === undefined ? 'the end of the file' : `\`${excerpt(text.slice(column - 1))}\``)
  return {
    current: true,
    messages: [{ file: edition.file, line: line + 1, column, message: `Edition differs from what ${article.file} and the catalogs produce now (edited by hand, or built from other catalogs or glossary): found ${shown(found[line])}, expected ${shown(expected[line])}; put translations in the catalog and run \`tolk build\`` }],
  }
}

function commonPrefix(a: string, b: string): number {
  let index = 0
  while (index < a.length && index < b.length && a[index] === b[index]) index++
  return index
}

function excerpt(text: string, length = 50): string {
  const flat = text.trim()
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat
}
