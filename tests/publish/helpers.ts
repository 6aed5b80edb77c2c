import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { readFile, readdir } from 'node:fs/promises'
import { extname, join, relative, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { makeProject, repoRoot } from '../helpers/project.ts'

export const run = promisify(execFile)

/** The Nu HTML Checker's jar, from the `vnu-jar` package. */
export const vnuJar = join(repoRoot, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar')

export const seedArticle = await readFile(join(repoRoot, 'articles', 'spotify-ice-annonser.sv.md'), 'utf8')

/**
 * An article with everything a page has to get right: kept quotations of every kind (inline with
 * emphasis inside, dialogue dash, a blockquote, two paragraphs), an aligned table, and hostile raw
 * HTML and links that must not reach the page.
 */
export const trickyArticle = `---
title: ”Vi ångrar ingenting” säger vd:n om <script>-taggen & annat
slug: svara-fall
date: 2026-02-03
description: En artikel med allt <b>och</b> lite till
---

Stockholm — Bolaget svarade på kritiken i går.

”Det här är ett *helt* vanligt citat med betoning,” sade presschefen.

– Vi kommer inte att ändra oss i den här frågan, säger Anna Lindqvist.

> ”Vi har alltid följt lagen och kommer att fortsätta göra det.”

”Det första stycket i ett långt citat som fortsätter.

”Och det andra stycket av samma citat slutar här.”

| Vänster | Mitten | Höger |
| :--- | :---: | ---: |
| a | b | c |

<script>alert("x")</script>

<img src="x.png" alt="bild" onerror="alert(1)"> och [länk](javascript:alert(1)) och <a href="javascript:alert(2)">klick</a>.

<div onclick="alert(3)" align="center">Rå HTML med <b>fet</b> text.</div>

Slutet.
`

/** The kept quotations of the tricky article, as they stand in it. */
export const trickyQuotes = [
  '”Det här är ett helt vanligt citat med betoning,”',
  '– Vi kommer inte att ändra oss i den här frågan,',
  '”Vi har alltid följt lagen och kommer att fortsätta göra det.”',
  '”Det första stycket i ett långt citat som fortsätter.',
  '”Och det andra stycket av samma citat slutar här.”',
]

const seedCatalogs = async () => {
  const files: Record<string, string> = {}
  for (const lang of ['en', 'da', 'nb']) {
    for (const name of ['spotify-ice-annonser.json', 'spotify-ice-annonser.lock.json']) {
      files[`locales/${lang}/articles/${name}`] = await readFile(join(repoRoot, 'locales', lang, 'articles', name), 'utf8')
    }
  }
  return files
}

export const projectConfig = (extra = '') => `targets:
  en: { engines: [catalog, pseudo] }
  da: { engines: [catalog, pseudo] }
  nb: { engines: [catalog, pseudo] }
${extra}`

/** A project with the seed article (its committed catalogs) and the tricky one (pseudo-localized). */
export async function publishProject(options: { config?: string; files?: Record<string, string> } = {}) {
  return makeProject({
    'tolk.config.yaml': options.config ?? projectConfig('publish:\n  baseUrl: https://nyheter.example/\n  siteName: Nifamc\n'),
    'articles/spotify-ice-annonser.sv.md': seedArticle,
    'articles/svara-fall.sv.md': trickyArticle,
    ...(await seedCatalogs()),
    ...options.files,
  })
}

/** Every file under a folder, by path relative to it, with its bytes. */
export async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  const walk = async (folder: string) => {
    for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) await walk(path)
      else files.set(relative(dir, path).split(sep).join('/'), await readFile(path))
    }
  }
  await walk(dir)
  return files
}

/** The `<script type="application/ld+json">` of a page, parsed. */
export function jsonLdOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)
  if (!match) throw new Error('no JSON-LD in the page')
  return JSON.parse(match[1]!) as Record<string, unknown>
}

/** A static file server for a folder on 127.0.0.1 (GET only, nothing outside the folder). */
export async function serveFolder(dir: string): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const root = resolve(dir)
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.xml': 'application/xml', '.json': 'application/json' }
  const server = createServer(async (request, response) => {
    const path = resolve(root, `.${decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)}`)
    if (request.method !== 'GET' || !path.startsWith(root + sep)) {
      response.writeHead(404).end()
      return
    }
    try {
      const body = await readFile(path)
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return { url: `http://127.0.0.1:${address.port}/`, server, close: () => new Promise((done) => server.close(() => done())) }
}
