import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { join } from 'node:path'
import { build } from '../../src/commands/build.ts'
import { publish } from '../../src/commands/publish.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { projectConfig, publishProject, serveFolder, trickyQuotes } from './helpers.ts'

describe('a published English page in headless Chromium', () => {
  let context: BrowserContext
  let close: () => Promise<void>
  const cleanups: Array<() => Promise<void>> = []
  let site: Awaited<ReturnType<typeof serveFolder>>

  beforeAll(async () => {
    const project = await publishProject({ config: projectConfig('publish:\n  siteName: Nifamc\n') })
    cleanups.push(project.cleanup)
    // The site is served from 127.0.0.1, so its base URL is the server's and every link can be followed.
    site = await serveFolder(join(project.dir, 'dist', 'site'))
    cleanups.push(site.close)
    expect((await build({ cwd: project.dir })).exitCode).toBe(0)
    expect((await publish({ cwd: project.dir, baseUrl: site.url })).exitCode).toBe(0)
    ;({ context, close } = await launchChromium())
  }, 120_000)
  afterAll(async () => {
    await close?.()
    while (cleanups.length) await cleanups.pop()!()
  })

  it('declares English on the document, Swedish on every quotation, and every hreflang link leads to a page', async () => {
    const page = await context.newPage()
    const response = await page.goto(`${site.url}en/svara-fall.html`)
    expect(response?.status()).toBe(200)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')

    const quotations = await page.$$eval('.tolk-quote', (elements) =>
      elements.map((element) => ({ tag: element.tagName.toLowerCase(), lang: element.getAttribute('lang'), text: (element.textContent ?? '').trim().replace(/\d+$/, ''), before: getComputedStyle(element, '::before').content })),
    )
    expect(quotations.map((quotation) => quotation.text)).toEqual(['”Vi ångrar ingenting”', ...trickyQuotes])
    for (const quotation of quotations) expect(quotation.lang).toBe('sv')
    // The marks are the article's own; the browser adds none.
    for (const quotation of quotations.filter((entry) => entry.tag === 'q')) expect(quotation.before).toBe('none')
    expect(quotations.map((quotation) => quotation.tag)).toEqual(['q', 'q', 'q', 'blockquote', 'q', 'q'])
    // Each flagged quotation is described by its note, which a screen reader announces with it.
    const described = await page.$$eval('.tolk-quote[aria-describedby]', (elements) => elements.map((element) => document.getElementById(element.getAttribute('aria-describedby')!)?.textContent?.trim()))
    expect(described).toHaveLength(4)
    for (const note of described) expect(note).toMatch(/^This quotation is kept in the original Swedish, as spoken\./)

    const alternates = await page.$$eval('link[rel="alternate"][hreflang]', (links) => links.map((link) => ({ hreflang: link.getAttribute('hreflang'), href: (link as HTMLLinkElement).href })))
    expect(alternates.map((alternate) => alternate.hreflang)).toEqual(['sv', 'en', 'da', 'nb', 'x-default'])
    for (const alternate of alternates) {
      const target = await context.newPage()
      const answer = await target.goto(alternate.href)
      expect(answer?.status(), alternate.href).toBe(200)
      const lang = await target.evaluate(() => document.documentElement.lang)
      expect(lang).toBe(alternate.hreflang === 'x-default' ? 'sv' : alternate.hreflang)
      // Reciprocal: the page linked to links back to this one.
      const back = await target.$$eval('link[rel="alternate"][hreflang]', (links) => links.map((link) => (link as HTMLLinkElement).href))
      expect(back).toContain(`${site.url}en/svara-fall.html`)
      await target.close()
    }
  }, 60_000)
})
