import { XMLBuilder } from 'fast-xml-parser'
import type { Manifest } from './manifest.ts'

/**
 * `sitemap.xml` (sitemaps.org 0.9): one `<url>` per page, each listing every language of its
 * article and `x-default` (the original) as `xhtml:link` alternates, as Google asks for
 * multilingual sites: the same set on every page of an article, so the links are reciprocal.
 */
export function sitemapXml(manifest: Manifest, lastmod: (slug: string) => string | undefined): string {
  const urls = []
  for (const slug of Object.keys(manifest.articles).sort()) {
    const article = manifest.articles[slug]!
    const original = article.pages.find((page) => page.translation === 'original') ?? article.pages[0]
    const alternates = [
      ...article.pages.map((page) => ({ '@_rel': 'alternate', '@_hreflang': page.lang, '@_href': page.url })),
      ...(original ? [{ '@_rel': 'alternate', '@_hreflang': 'x-default', '@_href': original.url }] : []),
    ]
    const modified = lastmod(slug)
    for (const page of article.pages) urls.push({ loc: page.url, ...(modified ? { lastmod: modified } : {}), 'xhtml:link': alternates })
  }
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true })
  const body = builder.build({ urlset: { '@_xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9', '@_xmlns:xhtml': 'http://www.w3.org/1999/xhtml', url: urls } }) as string
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.trimEnd()}\n`
}
