import { UsageError } from '../errors.ts'

/**
 * Where a page lives: its absolute URL under the site's base URL (from the language's URL pattern)
 * and its file under the output folder. Plain functions, no I/O.
 */

/** The default URL pattern: the same layout as the files, `<lng>/<slug>.html`. */
export const defaultUrlPattern = '{lang}/{slug}.html'

/** A base URL with exactly one trailing slash, so patterns resolve under it; anything but http(s) is a usage error. */
export function normalizeBaseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`Invalid base URL \`${value}\`, expected an absolute http or https URL such as \`https://example.com/\``)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`Invalid base URL \`${value}\`, expected an http or https URL`)
  if (url.search || url.hash) throw new UsageError(`Invalid base URL \`${value}\`, expected no query or fragment`)
  url.pathname = url.pathname.replace(/\/*$/, '/')
  return url.href
}

/** The URL pattern of a language: its own, else the `*` entry, else `{lang}/{slug}.html`. */
export function urlPatternFor(patterns: Readonly<Record<string, string>>, lang: string): string {
  return patterns[lang] ?? patterns['*'] ?? defaultUrlPattern
}

/** The absolute URL of a page; the slug and language are percent-encoded, so no slug can leave the pattern's folder. */
export function pageUrl(baseUrl: string, pattern: string, page: { lang: string; slug: string }): string {
  const path = pattern.replace(/\{(lang|slug)\}/g, (_, name: 'lang' | 'slug') => encodeURIComponent(page[name])).replace(/^\/+/, '')
  return new URL(path, baseUrl).href
}

/** The file of a page under the output folder, POSIX-style: `<lng>/<slug>.html` (or `.md` for the Markdown formats). */
export function pageFile(page: { lang: string; slug: string }, extension: 'html' | 'md'): string {
  return `${page.lang}/${page.slug}.${extension}`
}
