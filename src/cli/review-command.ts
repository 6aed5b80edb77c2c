import { UsageError } from '../errors.ts'
import { listOption, registerCommand } from './registry.ts'

registerCommand('review', {
  summary: 'Serve the review web app on 127.0.0.1: edit and approve translations in a browser',
  usage: `Usage: tolk review [--config FILE] [--port N] [--host H] [--locales en,da] [--reviewer NAME]

Starts a local web app for reviewers and prints its URL (with the session's token) as the first
line of stdout. It lists what needs review, shows each article and language side by side, and
saves approved translations to the catalog and lock (validated like an engine's answer), then
builds the edition again. Stop it with Ctrl-C. See docs/review.md.

Options:
  --config FILE    config file (default: tolk.config.yaml)
  --port N         port to listen on (default: 0, a free port)
  --host H         interface to bind (default: 127.0.0.1; anything else is reachable by others)
  --locales LIST   comma-separated target languages (default: all targets of the config)
  --reviewer NAME  name recorded in the lock files (default: git config user.name)
  -h, --help       show this help

Exit codes: 0 stopped; 2 bad input, bad config, usage, or the port cannot be used.`,
  options: {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    locales: { type: 'string' },
    reviewer: { type: 'string' },
  },
  async run(values, _positionals, io, signal) {
    const portText = (values.port as string | undefined) ?? '0'
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`Expected \`--port\` to be a number from 0 to 65535, got \`${portText}\``)
    const { startReviewServer } = await import('../commands/review.ts')
    const server = await startReviewServer({ config: values.config as string | undefined, cwd: io.cwd, port: Number(portText), host: values.host as string | undefined, locales: listOption(values.locales), reviewer: values.reviewer as string | undefined })
    io.stdout(`${server.url}\n`)
    io.stderr(`tolk review: serving ${server.origin}; Ctrl-C stops it\n`)
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      if (signal.aborted) return resolve()
      signal.addEventListener('abort', stop, { once: true })
      process.once('SIGTERM', stop)
    })
    await server.close()
    return 0
  },
})
