import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { launchChromium } from '../helpers/chromium.ts'
import { makeProject, repoRoot } from '../helpers/project.ts'
import { runCli, startReviewProcess } from './server.ts'

const slug = 'spotify-ice-annonser'
const seed = await readFile(join(repoRoot, 'articles', `${slug}.sv.md`), 'utf8')
const copy = (path: string) => readFile(join(repoRoot, path), 'utf8')
const sentence = 'ICE-annonserna är nu borta från Spotify.'
const changed = 'ICE-annonserna är nu helt borta från Spotify.'
const edited = 'ICE-annoncerne er nu forsvundet fra Spotify.'

describe('the editor reviews in a real browser', () => {
  let context: BrowserContext
  let closeBrowser: () => Promise<void>
  let project: Awaited<ReturnType<typeof makeProject>>
  let server: Awaited<ReturnType<typeof startReviewProcess>> | undefined

  beforeAll(async () => {
    project = await makeProject({
      'tolk.config.yaml': 'targets:\n  da: { engines: [catalog, apertium] }\n',
      [`articles/${slug}.sv.md`]: seed,
      [`locales/da/articles/${slug}.json`]: await copy(`locales/da/articles/${slug}.json`),
      [`locales/da/articles/${slug}.lock.json`]: await copy(`locales/da/articles/${slug}.lock.json`),
    })
    ;({ context, close: closeBrowser } = await launchChromium())
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    await closeBrowser?.()
    await project?.cleanup()
  })

  const lock = async () => JSON.parse(await project.read(`locales/da/articles/${slug}.lock.json`)) as Record<string, { status: string; reviewer?: string; engine: string; suggestion?: { text: string } }>
  const catalog = async () => JSON.parse(await project.read(`locales/da/articles/${slug}.json`)) as Record<string, string>
  const keyOf = async (source: string) => Object.entries(JSON.parse(await project.read(`locales/sv/articles/${slug}.json`)) as Record<string, string>).find(([, text]) => text === source)![0]
  const checkClean = async () => {
    const result = await runCli(['check', '--format', 'json'], project.dir)
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).not.toMatch(/Orphaned/)
  }

  it('edits and approves a Danish sentence, sees it come back for review when the Swedish changes, and approves the suggestion with an edit', async () => {
    expect((await runCli(['build'], project.dir)).code).toBe(0)
    await checkClean()
    server = await startReviewProcess(project.dir, ['--reviewer', 'Anna Lindqvist'])
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)

    // 1. Open the review page, edit a Danish sentence, approve it from the keyboard.
    const page = await context.newPage()
    await page.goto(server.url)
    await page.click(`a.article-link[data-slug="${slug}"][data-lang="da"]`)
    const row = page.locator('li.unit', { has: page.locator('.source', { hasText: sentence }) })
    await expect.poll(() => row.count()).toBe(1)
    await row.locator('textarea').fill(edited)
    await row.locator('textarea').press('Control+Enter')
    await expect.poll(() => row.getAttribute('data-saved'), { timeout: 60_000 }).toBe('saved')
    const key = await keyOf(sentence)
    expect((await lock())[key]).toMatchObject({ status: 'reviewed', reviewer: 'Anna Lindqvist', engine: 'human' })
    expect((await catalog())[key]).toBe(edited)
    // The save built the edition again; a rebuild keeps the edit.
    expect(await project.read(`dist/editions/da/${slug}.md`)).toContain(edited)
    expect((await runCli(['build'], project.dir)).code).toBe(0)
    expect(await project.read(`dist/editions/da/${slug}.md`)).toContain(edited)
    expect(await project.read(`dist/editions/da/${slug}.md`)).toMatch(/units_reviewed: 1\n/)
    await checkClean()

    // 2. Change that Swedish sentence and build: it needs review, with the reviewed text as its suggestion.
    await writeFile(join(project.dir, 'articles', `${slug}.sv.md`), seed.replace(sentence, changed))
    expect((await runCli(['build'], project.dir)).code).toBe(0)
    await checkClean()
    const status = await runCli(['status', '--json'], project.dir)
    expect(status.code).toBe(0)
    const report = JSON.parse(status.stdout) as { schemaVersion: number; articles: Array<{ languages: Array<{ lang: string; counts: { needsReview: number }; needsReview: Array<{ key: string; source: string; suggestion?: { text: string; status: string } }> }> }> }
    expect(report.schemaVersion).toBe(1)
    const da = report.articles[0]!.languages[0]!
    expect(da.counts.needsReview).toBe(1)
    expect(da.needsReview[0]).toMatchObject({ source: changed, suggestion: { text: edited, status: 'reviewed' } })
    const newKey = da.needsReview[0]!.key
    expect((await runCli(['status'], project.dir)).stdout).toContain(`suggestion: ${edited}`)

    await page.reload()
    const first = page.locator('#units > li.unit').first()
    await expect.poll(() => first.getAttribute('data-status')).toBe('needs-review')
    expect(await first.getAttribute('data-key')).toBe(newKey)
    expect(await first.locator('.suggestion-text').textContent()).toBe(edited)

    // 3. Take the suggestion, edit it, approve.
    await first.locator('textarea').focus()
    await first.locator('textarea').press('Control+i')
    expect(await first.locator('textarea').inputValue()).toBe(edited)
    await first.locator('textarea').fill(edited.replace('forsvundet', 'helt forsvundet'))
    await first.locator('textarea').press('Control+Enter')
    await expect.poll(() => first.getAttribute('data-saved'), { timeout: 60_000 }).toBe('saved')
    expect((await lock())[newKey]).toMatchObject({ status: 'reviewed', reviewer: 'Anna Lindqvist' })
    expect((await lock())[newKey]!.suggestion).toBeUndefined()
    expect(await project.read(`dist/editions/da/${slug}.md`)).toContain('ICE-annoncerne er nu helt forsvundet fra Spotify.')
    await checkClean()
  }, 300_000)

  it('refuses a translation that drops a kept quotation and says why, writing nothing', async () => {
    const page = await context.newPage()
    await page.goto(`${server!.url}#/a/${slug}/da`)
    const withQuote = page.locator('li.unit', { has: page.locator('.quote.locked') }).first()
    await expect.poll(() => withQuote.count()).toBe(1)
    const key = (await withQuote.getAttribute('data-key'))!
    const before = await catalog()
    await withQuote.locator('textarea').fill('Ingen citat her.')
    await withQuote.locator('button.approve').click()
    await expect.poll(() => withQuote.getAttribute('data-saved'), { timeout: 60_000 }).toBe('refused')
    expect(await withQuote.locator('.problems').textContent()).toMatch(/placeholder \d+ is missing/)
    expect((await catalog())[key]).toBe(before[key])
  }, 120_000)
})
