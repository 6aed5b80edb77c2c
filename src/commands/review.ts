import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import PQueue from 'p-queue'
import { readCatalog } from '../catalog/store.ts'
import { loadGlossaryContext, type GlossaryContext } from '../check/glossary-terms.ts'
import { translationProblems } from '../check/translation.ts'
import { TolkError, UsageError, stripControl } from '../errors.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { reviewPage, reviewScript, reviewStyle } from './review-page.ts'
import { approve } from './approve.ts'
import { countStates, loadStatusProject, unitStatuses, type StatusOptions, type StatusProject, type UnitStatus } from './status.ts'

/**
 * `tolk review`: a small web app on 127.0.0.1 for reviewers. Only what it serves itself is
 * readable: the page, its script and style, and JSON about the project's articles, looked up by
 * slug and language among those the config knows (never a path from the request). Every request
 * must carry the session's token; a request from another origin, with a foreign Host (DNS
 * rebinding), or with `..` in its path is refused. Saves are queued one at a time.
 */

export interface ReviewServerOptions extends Omit<StatusOptions, 'articles'> {
  /** Port; 0 (default) picks a free one. */
  port?: number
  /** Interface to bind. Default: 127.0.0.1. */
  host?: string
  /** Reviewer name for approvals; default `git config user.name`. */
  reviewer?: string
  /** The session token; default: 32 random bytes. */
  token?: string
}

export interface ReviewServer {
  /** The URL to open, with the token. */
  url: string
  origin: string
  token: string
  server: Server
  close: () => Promise<void>
}

const priority: Record<UnitStatus['status'], number> = { 'needs-review': 0, machine: 1, missing: 2, reviewed: 3 }

export async function startReviewServer(options: ReviewServerOptions = {}): Promise<ReviewServer> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? randomBytes(24).toString('base64url')
  const saves = new PQueue({ concurrency: 1 })
  const projects = projectCache(options)
  // Loaded once up front: a bad config or article is reported before the server starts.
  await projects.get()

  let origin = ''
  let allowedHosts = new Set<string>()
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const known = error instanceof TolkError
      send(response, known ? 400 : 500, { error: known ? stripControl(error.message) : 'internal error' })
      if (!known) process.stderr.write(`tolk review: ${stripControl((error as Error)?.stack ?? String(error))}\n`)
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = request.url ?? '/'
    // `..` in any spelling, and back slashes, before anything else looks at the path.
    if (/\.\.|%2e%2e|%2e\.|\.%2e|\\|%5c/i.test(raw.split('?')[0]!)) return send(response, 400, { error: 'Refused: `..` or `\\` in the path' })
    if (!allowedHosts.has(request.headers.host ?? '')) return send(response, 403, { error: 'Refused: unexpected Host' })
    const requestOrigin = request.headers.origin
    if (requestOrigin !== undefined && requestOrigin !== origin) return send(response, 403, { error: 'Refused: cross-origin request' })
    const site = request.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return send(response, 403, { error: 'Refused: cross-site request' })
    const url = new URL(raw, origin)
    const given = url.pathname.startsWith('/api/') ? request.headers['x-tolk-token'] : url.searchParams.get('token')
    if (typeof given !== 'string' || !sameToken(given, token)) return send(response, 403, { error: 'Refused: missing or wrong token' })

    if (request.method === 'GET' && url.pathname === '/') return sendText(response, 'text/html; charset=utf-8', reviewPage(token))
    if (request.method === 'GET' && url.pathname === '/app.js') return sendText(response, 'text/javascript; charset=utf-8', reviewScript)
    if (request.method === 'GET' && url.pathname === '/app.css') return sendText(response, 'text/css; charset=utf-8', reviewStyle)
    if (request.method === 'GET' && url.pathname === '/api/queue') return send(response, 200, await queue(await projects.get()))
    if (request.method === 'GET' && url.pathname === '/api/units') {
      const project = await projects.get()
      const { article, lang } = pick(project, url.searchParams.get('slug'), url.searchParams.get('lang'))
      return send(response, 200, await articleView(project, article.slug, lang, await projects.glossary(project)))
    }
    if (request.method === 'POST' && url.pathname === '/api/approve') {
      if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return send(response, 415, { error: 'Expected application/json' })
      const body = await readBody(request)
      const { slug, lang, key, text } = body as Record<string, unknown>
      if (typeof slug !== 'string' || typeof lang !== 'string' || typeof key !== 'string' || typeof text !== 'string') return send(response, 400, { error: 'Expected { slug, lang, key, text } as strings' })
      const result = await saves.add(async () => {
        const project = await projects.get()
        const { article } = pick(project, slug, lang)
        return approve(project, { slug: article.slug, lang, key, text }, { reviewer: options.reviewer, glossary: await projects.glossary(project) })
      })
      return send(response, result!.saved ? 200 : 422, result)
    }
    return send(response, 404, { error: 'Not found' })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot listen on ${host}:${options.port ?? 0}: ${error.code ?? error.message}`)
  })
  const { port } = server.address() as AddressInfo
  const shown = host.includes(':') ? `[${host}]` : host
  origin = `http://${shown}:${port}`
  allowedHosts = new Set([`${shown}:${port}`, ...(host === '127.0.0.1' || host === '::1' ? [`localhost:${port}`] : [])])
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    server,
    close: async () => {
      await saves.onIdle()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function pick(project: StatusProject, slug: string | null, lang: string | null) {
  const article = project.articles.find((candidate) => candidate.slug === slug)
  if (!article) throw new UsageError(`Unknown article \`${slug ?? ''}\``)
  if (!lang || !project.targets.includes(lang)) throw new UsageError(`Unknown language \`${lang ?? ''}\`, expected one of ${project.targets.join(', ')}`)
  return { article, lang }
}

/** Every article and language with its counts, and the units that wait for review, with their suggestions. */
async function queue(project: StatusProject) {
  const rows = await mapInParallel(project.articles, async (article) =>
    Promise.all(
      project.targets.map(async (lang) => {
        const units = unitStatuses(project, article, lang, await readCatalog(project.config.paths.locales, lang, article.slug))
        return { slug: article.slug, source: article.file, title: titleOf(article.segmentation.units[0]?.text ?? article.slug), lang, counts: countStates(units), needsReview: units.filter((unit) => unit.status === 'needs-review') }
      }),
    ),
  )
  return { articles: rows.flat() }
}

/** One article in one language: its units, needs-review first, with terms, kept quotations, unknown words and problems. */
async function articleView(project: StatusProject, slug: string, lang: string, glossary: GlossaryContext) {
  const article = project.articles.find((candidate) => candidate.slug === slug)!
  const catalog = await readCatalog(project.config.paths.locales, lang, slug)
  const unknown = await unknownWords(project, slug, lang)
  const units = unitStatuses(project, article, lang, catalog).map((status, order) => {
    const unit = article.segmentation.units.find((candidate) => candidate.key === status.key)!
    const placeholders: Record<string, { kind: string; text?: string }> = {}
    for (const [id, slot] of unit.slots) {
      const atom = slot.kind === 'x' ? slot.token.atom : undefined
      placeholders[id] = atom?.kind === 'quote' ? { kind: 'quote', text: atom.text } : { kind: slot.kind === 'g' ? slot.token.node.type : (slot.token.node?.type ?? 'atom'), ...(slot.kind === 'x' && slot.token.node && 'value' in slot.token.node ? { text: String(slot.token.node.value) } : {}) }
    }
    const terms = (project.protect?.(unit.text, lang).hits ?? []).map((hit) => ({ source: hit.source, target: hit.target, entry: hit.entry }))
    const problems = status.translation === undefined ? [] : translationProblems(unit, status.translation, lang, glossary)
    const words = status.translation === undefined ? [] : unknown.filter((word) => status.translation!.includes(word))
    return { ...status, order, placeholders, terms, problems, unknownWords: words }
  })
  units.sort((a, b) => priority[a.status] - priority[b.status] || a.order - b.order)
  return { slug, lang, source: article.file, title: titleOf(article.segmentation.units[0]?.text ?? slug), counts: countStates(units), units }
}

/** The engine's unknown words for an edition, from the last build's report. */
async function unknownWords(project: StatusProject, slug: string, lang: string): Promise<string[]> {
  try {
    const report = JSON.parse(await readFile(join(project.config.paths.out, 'report.json'), 'utf8')) as { articles?: Array<{ slug: string; editions: Array<{ lang: string; unknownWords?: string[] }> }> }
    return report.articles?.find((article) => article.slug === slug)?.editions.find((edition) => edition.lang === lang)?.unknownWords ?? []
  } catch {
    return []
  }
}

function titleOf(text: string): string {
  return text.replace(/<[^>]+>/g, '').slice(0, 120)
}

/**
 * The project as the status reads it, read again when an article, the glossary or the config
 * changed on disk (an editor changed a sentence and built), so the page always shows what is there.
 */
function projectCache(options: ReviewServerOptions) {
  let current: { signature: string; project: StatusProject; glossary?: GlossaryContext } | undefined
  const signature = async (project?: StatusProject): Promise<string> => {
    if (!project) return ''
    const { readdir } = await import('node:fs/promises')
    const folders = [project.config.paths.articles, project.config.paths.glossary]
    const parts: string[] = []
    for (const folder of folders) {
      const names = await readdir(folder).catch(() => [] as string[])
      for (const name of names.sort()) {
        const info = await stat(join(folder, name)).catch(() => undefined)
        parts.push(`${folder}/${name}:${info?.mtimeMs}:${info?.size}`)
      }
    }
    if (project.config.file) parts.push(`${(await stat(project.config.file).catch(() => undefined))?.mtimeMs}`)
    return parts.join('\n')
  }
  return {
    async get(): Promise<StatusProject> {
      if (current && (await signature(current.project)) === current.signature) return current.project
      const project = await loadStatusProject(options)
      current = { signature: await signature(project), project }
      return project
    },
    async glossary(project: StatusProject): Promise<GlossaryContext> {
      if (current?.project === project && current.glossary) return current.glossary
      const context = await loadGlossaryContext(project.config, project.targets)
      if (current?.project === project) current.glossary = context
      return context
    },
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > 1_000_000) throw new UsageError('Request body too large, expected at most 1 MB')
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    throw new UsageError('Invalid JSON body')
  }
}

const securityHeaders = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

function send(response: ServerResponse, code: number, body: unknown): void {
  sendText(response, 'application/json; charset=utf-8', JSON.stringify(body), code)
}

function sendText(response: ServerResponse, type: string, text: string, code = 200): void {
  if (response.headersSent) return
  response.writeHead(code, { 'Content-Type': type, ...securityHeaders })
  response.end(text)
}
