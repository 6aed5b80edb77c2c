import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { build } from '../../src/commands/build.ts'
import { publish } from '../../src/commands/publish.ts'
import { main } from '../../src/cli/main.ts'
import type { Io } from '../../src/cli/registry.ts'
import { sharedDir } from '../helpers/project.ts'
import { jsonLdOf, projectConfig, publishProject, run, snapshot, trickyArticle, trickyQuotes, vnuJar } from './helpers.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function project(options: Parameters<typeof publishProject>[0] = {}) {
  const made = await publishProject(options)
  cleanups.push(made.cleanup)
  return made
}

async function cli(argv: string[], cwd: string) {
  let stdout = ''
  let stderr = ''
  const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, isTTY: false }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

const languages = ['sv', 'en', 'da', 'nb']

describe('tolk publish', () => {
  it('writes valid HTML5 for the original and every edition, which the Nu HTML Checker accepts without an error', async () => {
    // Real Swedish documents besides the two test articles: Hugo front matter, tables with <br>, links.
    const digg = await readFile(join(sharedDir, 'testdata', 'swedish', 'digg-opensource-docs__arbeta-pa-github.md'), 'utf8')
    const semver = await readFile(join(sharedDir, 'testdata', 'swedish', 'semver-org__lang_sv_index.md'), 'utf8')
    const { dir } = await project({ files: { 'articles/arbeta-pa-github.sv.md': digg, 'articles/semver.sv.md': semver } })
    expect((await build({ cwd: dir })).exitCode).toBe(0)
    const result = await publish({ cwd: dir })
    expect(result.exitCode).toBe(0)
    const pages = result.pages.map((page) => page.path)
    expect(pages).toHaveLength(4 * 4)
    for (const slug of ['spotify-ice-annonser', 'svara-fall', 'arbeta-pa-github', 'semver']) {
      for (const lang of languages) expect(pages).toContain(join(dir, 'dist', 'site', lang, `${slug}.html`))
    }

    // One run of the checker over every page (it is slow to start), with a broken page beside them
    // to show the checker's errors do reach this test.
    const control = join(dir, 'control.html')
    await writeFile(control, '<html><title>x</title><p><div></div></html>')
    const { stderr } = await run('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', control, ...pages], { maxBuffer: 64 * 1024 * 1024 })
    const errors = (JSON.parse(stderr) as { messages: Array<{ type: string; url: string; message: string; lastLine?: number }> }).messages.filter((message) => message.type === 'error')
    expect(errors.filter((error) => error.url.endsWith('/control.html')).length).toBeGreaterThan(0)
    expect(errors.filter((error) => !error.url.endsWith('/control.html'))).toEqual([])
  }, 180_000)

  it('gives each page its language, title, description, canonical link and reciprocal hreflang alternates with x-default', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    const base = 'https://nyheter.example'
    const alternates = languages.map((lang) => `<link rel="alternate" hreflang="${lang}" href="${base}/${lang}/spotify-ice-annonser.html">`)
    for (const lang of languages) {
      const html = await read(`dist/site/${lang}/spotify-ice-annonser.html`)
      expect(html.startsWith('<!doctype html>\n<html lang="' + lang + '">')).toBe(true)
      expect(html).toContain(`<link rel="canonical" href="${base}/${lang}/spotify-ice-annonser.html">`)
      for (const link of alternates) expect(html, lang).toContain(link)
      expect(html).toContain(`<link rel="alternate" hreflang="x-default" href="${base}/sv/spotify-ice-annonser.html">`)
      expect(html).toMatch(/<meta name="description" content="[^"]{40,}">/)
    }
    const en = await read('dist/site/en/spotify-ice-annonser.html')
    expect(en).toContain('<title>Spotify no longer runs ICE ads – Nifamc</title>')
    expect(await read('dist/site/sv/spotify-ice-annonser.html')).toContain('<title>Spotify sänder inte längre ICE-annonser – Nifamc</title>')
  })

  it('marks every kept quotation as Swedish and ties it to its footnote, in the editions and the original', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    for (const lang of languages) {
      const html = await read(`dist/site/${lang}/svara-fall.html`)
      const marked = [...html.matchAll(/<(q|blockquote) lang="sv" class="tolk-quote"[^>]*>([\s\S]*?)<\/\1>/g)].map((match) => match[2]!.replace(/<[^>]+>/g, '').trim())
      expect(marked.map((text) => text.replace(/\d+$/, '')), lang).toEqual(['”Vi ångrar ingenting”', ...trickyQuotes])
    }
    const en = await read('dist/site/en/svara-fall.html')
    expect(en).toContain('<q lang="sv" class="tolk-quote" aria-describedby="user-content-fn-tolk-quote-1">”Det här är ett <em>helt</em> vanligt citat med betoning,”</q><sup><a href="#user-content-fn-tolk-quote-1"')
    expect(en).toContain('<li id="user-content-fn-tolk-quote-1">')
    expect(en).toContain('<h2 class="sr-only" id="user-content-footnote-label">Notes</h2>')
    expect(await read('dist/site/da/svara-fall.html')).toContain('<h2 class="sr-only" id="user-content-footnote-label">Noter</h2>')
  })

  it('never lets raw HTML, event handlers or javascript: links from an article reach a page', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    for (const lang of languages) {
      const html = await read(`dist/site/${lang}/svara-fall.html`)
      const body = html.slice(html.indexOf('<body>'))
      expect(html, lang).not.toMatch(/javascript:/i)
      expect(html, lang).not.toMatch(/\son[a-z]+=/i)
      expect(html, lang).not.toContain('alert(')
      expect(html, lang).not.toContain('<script>')
      expect(html.match(/<script/g), lang).toHaveLength(1) // tolk's own JSON-LD
      // The front matter's `<b>` is text: escaped in the body, harmless in an attribute value.
      expect(body, lang).not.toMatch(/<ƀ>|<b>och/)
      expect(body, lang).toContain('<b>fet</b>')
    }
  })

  it('says in the language of the edition whether it is machine-translated or reviewed, from the lock', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    const lockPath = join(dir, 'locales', 'da', 'articles', 'svara-fall.lock.json')
    const lock = JSON.parse(await readFile(lockPath, 'utf8')) as Record<string, { status: string }>
    const keys = Object.keys(lock).sort()
    for (const key of keys.slice(0, Math.floor(keys.length / 2))) lock[key]!.status = 'reviewed'
    // A unit waiting for review is not reviewed.
    lock[keys[keys.length - 1]!]!.status = 'needs-review'
    await writeFile(lockPath, JSON.stringify(lock))
    const result = await publish({ cwd: dir })

    expect(await read('dist/site/en/spotify-ice-annonser.html')).toContain('<p class="tolk-notice tolk-translation" role="note">This article was translated from the Swedish original and reviewed by the newsroom.')
    expect(await read('dist/site/en/svara-fall.html')).toContain('<p class="tolk-notice tolk-translation" role="note">This article was machine-translated from the Swedish original and has not been reviewed by the newsroom.')
    expect(await read('dist/site/nb/svara-fall.html')).toContain('Artikkelen er maskinoversatt fra den svenske originalen')
    const share = Math.floor(keys.length / 2) / keys.length
    const da = await read('dist/site/da/svara-fall.html')
    expect(da).toContain(`redaktionen har gennemgået ${Math.round(share * 100)}`)
    expect(await read('dist/site/sv/svara-fall.html')).not.toContain('class="tolk-notice')

    const pages = result.manifest.articles['svara-fall']!.pages
    expect(pages.find((page) => page.lang === 'da')).toMatchObject({ translation: 'partly-reviewed', engines: ['pseudo'], reviewedShare: Math.round(share * 10000) / 10000 })
    expect(pages.find((page) => page.lang === 'en')).toMatchObject({ translation: 'machine', engines: ['pseudo'], reviewedShare: 0 })
    expect(result.manifest.articles['spotify-ice-annonser']!.pages.find((page) => page.lang === 'en')).toMatchObject({ translation: 'reviewed', reviewedShare: 1 })
  })

  it('writes NewsArticle JSON-LD with inLanguage, and for editions translationOfWork and translator', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    const original = jsonLdOf(await read('dist/site/sv/svara-fall.html'))
    expect(original).toMatchObject({ '@context': 'https://schema.org', '@type': 'NewsArticle', inLanguage: 'sv', datePublished: '2026-02-03', url: 'https://nyheter.example/sv/svara-fall.html', publisher: { '@type': 'Organization', name: 'Nifamc' } })
    expect(original.headline).toBe('”Vi ångrar ingenting” säger vd:n om <script>-taggen & annat')
    expect(original).not.toHaveProperty('translationOfWork')

    const en = jsonLdOf(await read('dist/site/en/svara-fall.html'))
    expect(en).toMatchObject({ '@type': 'NewsArticle', inLanguage: 'en', translationOfWork: { '@type': 'NewsArticle', url: 'https://nyheter.example/sv/svara-fall.html', inLanguage: 'sv' }, translator: [{ '@type': 'Organization', name: 'tolk (pseudo-localization)' }] })
    const reviewed = jsonLdOf(await read('dist/site/en/spotify-ice-annonser.html'))
    expect(reviewed.translator).toEqual([{ '@type': 'Organization', name: 'Nifamc' }])
    // The script cannot be closed by article text.
    expect(await read('dist/site/sv/svara-fall.html')).toContain('\\u003cscript\\u003e-taggen')
  })

  it('writes a well-formed sitemap whose every page lists the same alternates, itself and x-default included', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    await run('xmllint', ['--noout', join(dir, 'dist', 'site', 'sitemap.xml')])
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'url' || name === 'xhtml:link' }).parse(await read('dist/site/sitemap.xml')) as {
      urlset: { xmlns: string; 'xmlns:xhtml': string; url: Array<{ loc: string; lastmod?: string; 'xhtml:link': Array<{ rel: string; hreflang: string; href: string }> }> }
    }
    expect(parsed.urlset.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    expect(parsed.urlset['xmlns:xhtml']).toBe('http://www.w3.org/1999/xhtml')
    expect(parsed.urlset.url).toHaveLength(8)
    const byLoc = new Map(parsed.urlset.url.map((url) => [url.loc, url]))
    for (const url of parsed.urlset.url) {
      const links = url['xhtml:link']
      expect(links.map((link) => link.hreflang)).toEqual([...languages, 'x-default'])
      expect(links.map((link) => link.href)).toContain(url.loc)
      // Reciprocal: every alternate is itself in the sitemap and lists this page back.
      for (const link of links) expect(byLoc.get(link.href)?.['xhtml:link'].map((other) => other.href)).toContain(url.loc)
      expect(links.find((link) => link.hreflang === 'x-default')!.href).toMatch(/\/sv\/[^/]+\.html$/)
    }
    expect(byLoc.get('https://nyheter.example/en/svara-fall.html')?.lastmod).toBe('2026-02-03')
  })

  it('gives byte-identical output when published again from the same inputs', async () => {
    const { dir } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    const first = await snapshot(join(dir, 'dist', 'site'))
    await publish({ cwd: dir })
    const second = await snapshot(join(dir, 'dist', 'site'))
    expect([...second.keys()]).toEqual([...first.keys()])
    for (const [path, bytes] of first) expect(second.get(path)!.equals(bytes), path).toBe(true)
  })

  it('records a correction of the source after publication and gives the pages an updated note in their language', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    const before = await publish({ cwd: dir })
    const hash = before.manifest.articles['svara-fall']!.sourceHash
    expect(before.manifest.articles['svara-fall']!.pages.every((page) => !page.sourceChanged && page.current && page.firstPublishedSourceHash === hash)).toBe(true)

    await writeFile(join(dir, 'articles', 'svara-fall.sv.md'), trickyArticle.replace('Slutet.', 'Slutet, med en rättelse.'))
    // Published before the editions are rebuilt: the editions lag behind the corrected original.
    const lagging = await publish({ cwd: dir })
    const pages = lagging.manifest.articles['svara-fall']!.pages
    expect(pages.find((page) => page.lang === 'sv')).toMatchObject({ sourceChanged: true, current: true, firstPublishedSourceHash: hash })
    expect(pages.find((page) => page.lang === 'en')).toMatchObject({ sourceChanged: true, current: false, sourceHash: hash })
    expect(await read('dist/site/en/svara-fall.html')).toContain('<p class="tolk-notice tolk-outdated" role="note">The Swedish original has been corrected since this translation was made')
    expect(await read('dist/site/sv/svara-fall.html')).toContain('<p class="tolk-notice tolk-updated" role="note">Uppdaterad: artikeln har rättats efter att den först publicerades.</p>')
    expect(await read('dist/site/en/spotify-ice-annonser.html')).not.toContain('tolk-updated')

    await build({ cwd: dir })
    const rebuilt = await publish({ cwd: dir })
    expect(rebuilt.manifest.articles['svara-fall']!.pages.find((page) => page.lang === 'da')).toMatchObject({ sourceChanged: true, current: true, firstPublishedSourceHash: hash })
    expect(await read('dist/site/da/svara-fall.html')).toContain('<p class="tolk-notice tolk-updated" role="note">Opdateret: den svenske original blev rettet')
    expect(await read('dist/site/en/svara-fall.html')).not.toContain('tolk-outdated')
  })

  it('lists each page in manifest.json with its language, URL, path, source hash, engines and reviewed share', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    const manifest = JSON.parse(await read('dist/site/manifest.json')) as { baseUrl: string; format: string; articles: Record<string, { source: string; pages: Array<Record<string, unknown>> }> }
    expect(manifest).toMatchObject({ baseUrl: 'https://nyheter.example/', format: 'html', siteName: 'Nifamc' })
    expect(manifest).not.toHaveProperty('commit') // the test project is no git work tree
    const article = manifest.articles['spotify-ice-annonser']!
    expect(article.source).toBe('articles/spotify-ice-annonser.sv.md')
    expect(article.pages.map((page) => page.lang)).toEqual(languages)
    expect(article.pages[1]).toMatchObject({ lang: 'en', url: 'https://nyheter.example/en/spotify-ice-annonser.html', path: 'en/spotify-ice-annonser.html', translation: 'reviewed', reviewedShare: 1 })
    expect(article.pages[2]).toMatchObject({ lang: 'da', translation: 'machine', engines: ['apertium'], reviewedShare: 0 })
    expect(String(article.pages[1]!.sourceHash)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('records the git commit the site was published from in a git work tree', async () => {
    const { dir } = await project()
    await run('git', ['init', '-q'], { cwd: dir })
    await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'x'], { cwd: dir })
    const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd: dir })
    await build({ cwd: dir })
    const result = await publish({ cwd: dir })
    expect(result.manifest.commit).toBe(stdout.trim())
    expect(result.manifest.articles['svara-fall']!.pages.every((page) => page.commit === stdout.trim())).toBe(true)
  })

  it('publishes the languages that have an edition, links only those, and exits 1 for the missing one', async () => {
    const { dir, read } = await project({ config: projectConfig('publish:\n  baseUrl: https://nyheter.example/\n').replace('en: { engines: [catalog, pseudo] }', 'en: { engines: [catalog] }') })
    expect((await build({ cwd: dir })).exitCode).toBe(1) // the tricky article has no English catalog
    const { code, stderr } = await cli(['publish'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain('dist/editions/en/svara-fall.md: warning: No en edition of articles/svara-fall.sv.md')
    const da = await read('dist/site/da/svara-fall.html')
    expect(da).not.toContain('hreflang="en"')
    expect(da).toContain('hreflang="nb"')
    await expect(readdir(join(dir, 'dist', 'site', 'en'))).resolves.toEqual(['spotify-ice-annonser.html'])
  })

  it('takes the base URL and output folder from the command line, and URL patterns per language from the config', async () => {
    const { dir, read } = await project({ config: projectConfig('publish:\n  urls: { sv: "artiklar/{slug}/", "*": "{lang}/artiklar/{slug}/" }\n') })
    await build({ cwd: dir })
    const { code } = await cli(['publish', '--base-url', 'https://example.org/news', '--out', 'site'], dir)
    expect(code).toBe(0)
    const en = await read('site/en/svara-fall.html')
    expect(en).toContain('<link rel="canonical" href="https://example.org/news/en/artiklar/svara-fall/">')
    expect(en).toContain('<link rel="alternate" hreflang="x-default" href="https://example.org/news/artiklar/svara-fall/">')
  })

  it('refuses a publish section with bad values with file, line and column, and a missing base URL, with exit 2', async () => {
    const { dir } = await project({ config: projectConfig('publish:\n  baseUrl: ftp://example.org\n  urls: { en: "{lang}/page.html" }\n  format: pdf\n') })
    const bad = await cli(['publish'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('tolk.config.yaml:6:12: Expected an http or https URL')
    expect(bad.stderr).toContain('tolk.config.yaml:7:15: Expected a URL path with `{slug}`')
    expect(bad.stderr).toContain('tolk.config.yaml:8:11: Invalid option: expected one of "html"|"hugo"|"astro" at `publish.format`')
    expect(bad.stderr).not.toMatch(/\n\s+at /)

    const { dir: plain } = await project({ config: projectConfig() })
    const missing = await cli(['publish'], plain)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('No base URL, expected `publish.baseUrl` in the config or `--base-url URL`')
    expect((await cli(['publish', '--base-url', 'javascript:alert(1)'], plain)).code).toBe(2)
    expect((await cli(['publish', '--format', 'pdf', '--base-url', 'https://x.example/'], plain)).stderr).toContain('Unknown format `pdf`')
  })

  it('writes Markdown with Hugo and Astro front matter: translationKey and lang', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    expect((await cli(['publish', '--format', 'hugo', '--out', 'hugo'], dir)).code).toBe(0)
    const hugo = await read('hugo/en/svara-fall.md')
    expect(hugo).toMatch(/^---\ntitle: /)
    expect(hugo).toContain('\ntranslationKey: svara-fall\n')
    expect(hugo).toContain('\nlang: en\n')
    expect(hugo).toContain('\ndate: 2026-02-03\n')
    expect(hugo).toContain('[^tolk-quote-1]: This quotation is kept in the original Swedish')
    expect(await read('hugo/sv/svara-fall.md')).toContain('\nlang: sv\n')
    await expect(readdir(join(dir, 'hugo'))).resolves.not.toContain('sitemap.xml')
    // A generator may render raw HTML and any link as it stands: neither is carried over.
    for (const lang of languages) {
      const markdown = await read(`hugo/${lang}/svara-fall.md`)
      const body = markdown.slice(markdown.indexOf('\n---\n') + 5)
      expect(body, lang).not.toMatch(/javascript:|<script|onerror|onclick|<div/i)
      expect(body, lang).toContain('”Det här är ett *helt* vanligt citat med betoning,”')
    }

    expect((await cli(['publish', '--format', 'astro', '--out', 'astro'], dir)).code).toBe(0)
    const astro = await read('astro/da/svara-fall.md')
    expect(astro).toContain('\ntranslationKey: svara-fall\n')
    expect(astro).toContain('\nlang: da\n')
    expect(astro).toContain('\npubDate: 2026-02-03\n')
    expect(astro).toContain('\ncanonical: https://nyheter.example/da/svara-fall.html\n')
    expect(JSON.parse(await read('astro/manifest.json')).format).toBe('astro')
  })

  it('publishing one article keeps the other articles in the manifest and the sitemap', async () => {
    const { dir, read } = await project()
    await build({ cwd: dir })
    await publish({ cwd: dir })
    const whole = await read('dist/site/sitemap.xml')
    const one = await publish({ cwd: dir, articles: ['articles/svara-fall.sv.md'] })
    expect(one.pages.map((page) => page.slug)).toEqual(['svara-fall', 'svara-fall', 'svara-fall', 'svara-fall'])
    expect(Object.keys(one.manifest.articles)).toEqual(['spotify-ice-annonser', 'svara-fall'])
    expect(await read('dist/site/sitemap.xml')).toBe(whole)
  })
})
