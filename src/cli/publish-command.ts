import { relative } from 'node:path'
import { UsageError } from '../errors.ts'
import { listOption, registerCommand } from './registry.ts'

const formats = ['html', 'hugo', 'astro'] as const

registerCommand('publish', {
  summary: 'Publish the articles and their editions as a site (HTML, hreflang, JSON-LD, sitemap)',
  usage: `Usage: tolk publish [--config FILE] [--out DIR] [--base-url URL] [--format html|hugo|astro] [--locales en,da] [ARTICLE…]

Writes <out>/<lng>/<slug>.html for each article's Swedish original and every edition built under
the config's \`out\` (dist/editions), with hreflang alternates, JSON-LD, the quotations marked as
Swedish and a translation notice; then <out>/manifest.json and <out>/sitemap.xml. With
--format hugo or astro, Markdown pages with those generators' front matter instead (no sitemap).
Details: docs/publish.md.

Options:
  --config FILE    config file (default: tolk.config.yaml)
  --out DIR        output folder (default: the config's \`publish.out\`, dist/site)
  --base-url URL   the site's address (default: the config's \`publish.baseUrl\`)
  --format NAME    html (default), hugo or astro
  --locales LIST   comma-separated target languages (default: all targets of the config)
  -h, --help       show this help

Exit codes: 0 every page written; 1 some edition has not been built (its page is not written);
2 bad input, bad config or usage.`,
  options: {
    config: { type: 'string' },
    out: { type: 'string' },
    'base-url': { type: 'string' },
    format: { type: 'string' },
    locales: { type: 'string' },
  },
  async run(values, positionals, io) {
    const format = values.format as string | undefined
    if (format !== undefined && !(formats as readonly string[]).includes(format)) throw new UsageError(`Unknown format \`${format}\`, expected one of ${formats.map((name) => `\`${name}\``).join(', ')}`)
    // Loaded on use, so `tolk --help` does not pay for the whole pipeline.
    const { publish } = await import('../commands/publish.ts')
    const result = await publish({
      config: values.config as string | undefined,
      out: values.out as string | undefined,
      baseUrl: values['base-url'] as string | undefined,
      format: format as (typeof formats)[number] | undefined,
      locales: listOption(values.locales),
      articles: positionals,
      cwd: io.cwd,
      log: (line) => io.stderr(`${line}\n`),
    })
    const shown = (path: string) => relative(io.cwd, path) || path
    io.stderr(`${result.pages.length} pages written; manifest: ${shown(result.manifestPath)}${result.sitemapPath ? `; sitemap: ${shown(result.sitemapPath)}` : ''}\n`)
    return result.exitCode
  },
})
