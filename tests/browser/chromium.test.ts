import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { launchChromium } from '../helpers/chromium.ts'

describe('headless Chromium', () => {
  let context: BrowserContext
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ context, close } = await launchChromium())
  }, 60_000)
  afterAll(async () => close?.())

  it('renders a page and reads the document language the page declares', async () => {
    const page = await context.newPage()
    await page.setContent('<!doctype html><html lang="sv"><title>t</title><p>Hej</p></html>')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv')
    expect(await page.textContent('p')).toBe('Hej')
  })
})
