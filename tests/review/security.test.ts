import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReviewServer, type ReviewServer } from '../../src/commands/review.ts'
import { makeProject } from '../helpers/project.ts'
import { runCli } from './server.ts'

/** A raw HTTP request, so the test controls every header (Origin, Host) and the path as sent. */
function call(server: ReviewServer, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const { port, hostname } = new URL(server.origin)
  return new Promise((resolve, reject) => {
    const sent = request({ host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => void (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }))
    })
    sent.on('error', reject)
    sent.end(options.body)
  })
}

describe('the review server refuses what is not its own page asking', () => {
  let server: ReviewServer
  let project: Awaited<ReturnType<typeof makeProject>>
  const secret = 'sk-test-0123456789abcdefSECRET'
  let key = ''

  beforeAll(async () => {
    process.env.TOLK_TEST_DEEPL_KEY = secret
    project = await makeProject({
      'tolk.config.yaml': 'targets:\n  da: { engines: [catalog, pseudo] }\nengines:\n  deepl: { authKeyEnv: TOLK_TEST_DEEPL_KEY }\n',
      'articles/nyhet.sv.md': 'Regeringen har inte kommenterat saken.\n',
    })
    expect((await runCli(['build'], project.dir)).code).toBe(0)
    key = Object.keys(JSON.parse(await project.read('locales/da/articles/nyhet.json')) as Record<string, string>)[0]!
    server = await startReviewServer({ cwd: project.dir, reviewer: 'Test' })
  }, 120_000)
  afterAll(async () => {
    await server?.close()
    await project?.cleanup()
    delete process.env.TOLK_TEST_DEEPL_KEY
  })

  const api = (extra: Record<string, string> = {}) => ({ 'X-Tolk-Token': server.token, ...extra })
  const approveBody = () => JSON.stringify({ slug: 'nyhet', lang: 'da', key, text: 'Regeringen har ikke kommenteret sagen.' })

  it('binds to 127.0.0.1 and answers its own page and API with the token', async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const page = await call(server, `/?token=${server.token}`)
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    const queue = await call(server, '/api/queue', { headers: api() })
    expect(queue.status).toBe(200)
    expect(JSON.parse(queue.body).articles[0]).toMatchObject({ slug: 'nyhet', lang: 'da' })
  })

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await call(server, '/')).status).toBe(403)
    expect((await call(server, '/app.js')).status).toBe(403)
    expect((await call(server, '/api/queue')).status).toBe(403)
    expect((await call(server, '/api/queue', { headers: { 'X-Tolk-Token': `${server.token}x` } })).status).toBe(403)
    // The token in the query string is for the page only, not for the API.
    expect((await call(server, `/api/queue?token=${server.token}`)).status).toBe(403)
    const save = await call(server, '/api/approve', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: approveBody() })
    expect(save.status).toBe(403)
    expect(JSON.parse(await project.read('locales/da/articles/nyhet.lock.json'))[key].status).toBe('machine')
  })

  it('refuses a request from another origin or another site, even with the token', async () => {
    const save = await call(server, '/api/approve', { method: 'POST', headers: api({ 'Content-Type': 'application/json', Origin: 'http://evil.example' }), body: approveBody() })
    expect(save.status).toBe(403)
    expect(JSON.parse(save.body).error).toMatch(/cross-origin/)
    expect((await call(server, '/api/queue', { headers: api({ 'Sec-Fetch-Site': 'cross-site' }) })).status).toBe(403)
    // DNS rebinding: the right token, but a page served under another name.
    expect((await call(server, '/api/queue', { headers: api({ Host: 'evil.example:80' }) })).status).toBe(403)
    // A form post cannot carry JSON.
    expect((await call(server, '/api/approve', { method: 'POST', headers: api({ 'Content-Type': 'text/plain' }), body: approveBody() })).status).toBe(415)
    expect(JSON.parse(await project.read('locales/da/articles/nyhet.lock.json'))[key].status).toBe('machine')
  })

  it('refuses `..` in any spelling and reads nothing outside what it serves', async () => {
    for (const path of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E%2Ftolk.config.yaml', '/app.js/..%2f..%2fetc/passwd', '/..\\..\\etc\\passwd']) {
      const response = await call(server, `${path}?token=${server.token}`, { headers: api() })
      expect(response.status, path).toBe(400)
      expect(response.body).not.toContain('root:')
    }
    for (const slug of ['../../etc/passwd', '..%2F..%2Fetc', 'nyhet/../../x']) {
      const response = await call(server, `/api/units?slug=${encodeURIComponent(slug)}&lang=da`, { headers: api() })
      expect(response.status, slug).toBe(400)
      expect(response.body).toMatch(/Unknown article/)
    }
    const lang = await call(server, '/api/units?slug=nyhet&lang=..%2F..%2Fetc', { headers: api() })
    expect(lang.status).toBe(400)
    expect((await call(server, `/tolk.config.yaml?token=${server.token}`)).status).toBe(404)
  })

  it('never shows a key, in any answer', async () => {
    const answers = await Promise.all([call(server, `/?token=${server.token}`), call(server, `/app.js?token=${server.token}`), call(server, '/api/queue', { headers: api() }), call(server, '/api/units?slug=nyhet&lang=da', { headers: api() })])
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      expect(answer.body).not.toContain(secret)
      expect(answer.body).not.toContain(secret.slice(0, 12))
    }
  })

  it('saves an approval with the token from its own origin', async () => {
    const save = await call(server, '/api/approve', { method: 'POST', headers: api({ 'Content-Type': 'application/json', Origin: server.origin }), body: approveBody() })
    expect(save.status).toBe(200)
    expect(JSON.parse(save.body)).toMatchObject({ saved: true, problems: [] })
    expect(JSON.parse(await project.read('locales/da/articles/nyhet.lock.json'))[key]).toMatchObject({ status: 'reviewed', reviewer: 'Test', engine: 'human' })
    expect(await project.read('dist/editions/da/nyhet.md')).toContain('Regeringen har ikke kommenteret sagen.')
  }, 60_000)
})
