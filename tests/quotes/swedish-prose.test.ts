import { readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Root as HastRoot, Nodes as HastNodes } from 'hast'
import type { Root } from 'mdast'
import { toHast } from 'mdast-util-to-hast'
import { build, type BuildResult } from '../../src/commands/build.ts'
import { markdownProcessor, parseArticle } from '../../src/document/parse.ts'
import { segment } from '../../src/document/segment.ts'
import { makeProject, sharedDir } from '../helpers/project.ts'

/**
 * Real Swedish prose (documentation under CC0 and CC BY, see testdata/SOURCES.md): quotation marks
 * there surround scare words, names and titles, never speech, so no quotation may be found; and
 * an edition keeps the source's structure.
 */
const folder = join(sharedDir, 'testdata', 'swedish')
const files = readdirSync(folder).filter((name) => name.endsWith('.md')).sort()

/** The quotations the finder is expected to keep in each file: none. */
const expectedQuotes: Record<string, string[]> = Object.fromEntries(files.map((name) => [name, []]))

describe('quotation finding on real Swedish prose', () => {
  it('has the eight Swedish files to look at', () => {
    expect(files).toHaveLength(8)
  })

  it.each(files)('finds no false quotation in %s', async (name) => {
    const text = await readFile(join(folder, name), 'utf8')
    const article = parseArticle(text, name)
    const segmentation = segment(article.tree, { source: text, frontmatter: article.frontmatter, quotes: 'verbatim' })
    expect(segmentation.quotes.map((quote) => quote.text)).toEqual(expectedQuotes[name])
    expect(segmentation.warnings).toEqual([])
  })

  it('still finds the quotation marks those files use when they surround speech', async () => {
    const text = await readFile(join(folder, 'semver-org__lang_sv_index.md'), 'utf8')
    const withSpeech = `${text}\n\nHan sa: ”Det här är en mening som någon faktiskt har sagt.”\n`
    const article = parseArticle(withSpeech, 'semver.md')
    const segmentation = segment(article.tree, { source: withSpeech, frontmatter: article.frontmatter, quotes: 'verbatim' })
    expect(segmentation.quotes.map((quote) => quote.text)).toEqual(['”Det här är en mening som någon faktiskt har sagt.”'])
  })
})

const processor = markdownProcessor()

/**
 * The element structure of a document rendered to HTML: each element's name with its `href`,
 * `src` and, for code, its text, in document order. GFM footnotes (references and the section
 * of definitions) are left out, since an edition adds its own.
 */
function structure(markdown: string): string[] {
  const tree = processor.runSync(processor.parse(markdown)) as Root
  const hast = toHast(tree, { allowDangerousHtml: true }) as HastRoot
  const out: string[] = []
  const walk = (node: HastNodes) => {
    if (node.type === 'element') {
      if (node.tagName === 'section' && node.properties?.dataFootnotes !== undefined) return
      if (node.tagName === 'sup' && node.children.some((child) => child.type === 'element' && child.properties?.dataFootnoteRef !== undefined)) return
      const code = node.tagName === 'code' ? ` ${JSON.stringify(node.children.map((child) => (child.type === 'text' ? child.value : '')).join(''))}` : ''
      const href = node.properties?.href === undefined ? '' : ` href=${String(node.properties.href)}`
      const src = node.properties?.src === undefined ? '' : ` src=${String(node.properties.src)}`
      out.push(`${node.tagName}${href}${src}${code}`)
    }
    if ('children' in node) for (const child of node.children) walk(child as HastNodes)
  }
  walk(hast)
  return out
}

describe('editions of real Swedish prose keep the structure of their source', () => {
  let project: Awaited<ReturnType<typeof makeProject>>
  let result: BuildResult
  beforeAll(async () => {
    const articles: Record<string, string> = {}
    for (const name of files) articles[`articles/${name.replace(/\.md$/, '')}.sv.md`] = await readFile(join(folder, name), 'utf8')
    project = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n', ...articles })
    result = await build({ cwd: project.dir, write: false })
  })
  afterAll(async () => {
    await project?.cleanup()
  })

  it.each(files)('renders the pseudo edition of %s to HTML with the same headings, lists, tables, links, images and code', async (name) => {
    const slug = name.replace(/\.md$/, '')
    const edition = result.editions.find((entry) => entry.slug === slug)
    expect(edition).toBeDefined()
    const source = await readFile(join(folder, name), 'utf8')
    expect(structure(edition!.markdown)).toEqual(structure(source))
    // The pseudo engine did change the text, so the comparison is over a translated edition.
    expect(edition!.markdown).toMatch(/⟦/)
  })
})
