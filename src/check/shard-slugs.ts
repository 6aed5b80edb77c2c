import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { mapInParallel } from '../fs/parallel.ts'
import { slugFromPath } from '../project/articles.ts'

/**
 * The slugs of articles another shard covers, for the project-wide rules of shard 1 (a catalog or
 * edition is orphaned only if no article of any shard has its slug): the front matter's `slug`,
 * read without parsing the Markdown, else the file name.
 */
export async function slugsOf(paths: readonly string[], source: string): Promise<Set<string>> {
  const slugs = await mapInParallel(paths, async (path) => {
    const text = await readFile(path, 'utf8').catch(() => '')
    const block = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text)?.[1]
    let slug: unknown
    try {
      slug = block ? (parse(block) as { slug?: unknown } | null)?.slug : undefined
    } catch {
      // Bad front matter is the article's own shard's finding; here the file name stands in.
    }
    return typeof slug === 'string' ? slug : slugFromPath(path, source)
  })
  return new Set(slugs)
}
