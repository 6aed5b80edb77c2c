import { parseArgs, type ParseArgsConfig } from 'node:util'
import { build } from '../commands/build.ts'
import { TolkError, UsageError, formatPlace, stripControl, InputError } from '../errors.ts'

/**
 * The thin shell: parses flags, calls a command, and one error boundary decides the exit code.
 * Returns the exit code instead of exiting, so tests can call it.
 */

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  isTTY: boolean
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
}

export interface Command {
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run: (values: Record<string, unknown>, positionals: string[], io: Io, signal: AbortSignal) => Promise<number>
}

const commands: Record<string, Command> = {}

/** Register a command; each command module calls this for itself. */
export function registerCommand(name: string, command: Command): void {
  commands[name] = command
}

registerCommand('build', {
  summary: 'Build the editions of the articles',
  usage: `Usage: tolk build [--config FILE] [--out DIR] [--locales en,da] [--json] [--dry-run] [ARTICLE…]

Builds <out>/<lng>/<slug>.md for every target language of the config and writes <out>/report.json.

Options:
  --config FILE   config file (default: tolk.config.yaml)
  --out DIR       output folder (default: the config's \`out\`, dist/editions)
  --locales LIST  comma-separated target languages (default: all targets of the config)
  --json          print the build report as JSON on stdout
  --dry-run       call no engine; print the units and characters that would be sent
  -h, --help      show this help

Exit codes: 0 every edition written; 1 some segments had no translation (those editions are
not written, the report lists the segments); 2 bad input, bad config or usage.`,
  options: {
    config: { type: 'string' },
    out: { type: 'string' },
    locales: { type: 'string' },
    json: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run(values, positionals, io, signal) {
    const quiet = Boolean(values.json)
    const result = await build({
      config: values.config as string | undefined,
      out: values.out as string | undefined,
      locales: typeof values.locales === 'string' ? values.locales.split(',').map((lang) => lang.trim()).filter(Boolean) : undefined,
      articles: positionals,
      dryRun: Boolean(values['dry-run']),
      cwd: io.cwd,
      signal,
      log: (line) => {
        if (!quiet) io.stderr(`${stripControl(line)}\n`)
      },
    })
    if (values.json) io.stdout(`${JSON.stringify(result.report, null, 2)}\n`)
    else {
      for (const article of result.report.articles) {
        for (const edition of article.editions) {
          if (edition.written) io.stderr(`wrote ${edition.path} (${edition.units.catalog} from catalog, ${edition.units.machine} machine)\n`)
          else {
            io.stderr(`not written: ${edition.path}: ${edition.units.untranslated} segments without translation\n`)
            for (const entry of edition.untranslated) io.stderr(`  ${article.source}:${entry.line}:${entry.column}: ${stripControl(entry.text.slice(0, 80))}${entry.problems.length ? ` (${entry.problems.join('; ')})` : ''}\n`)
          }
        }
      }
    }
    return result.exitCode
  },
})

const mainUsage = () => `Usage: tolk <command> [options]

tolk builds translated editions of Swedish Markdown articles, with the term glossary enforced
and direct quotations kept verbatim and flagged.

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Run \`tolk <command> --help\` for a command's options.`

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const controller = new AbortController()
  const onSigint = () => controller.abort()
  process.once('SIGINT', onSigint)
  try {
    const [name, ...rest] = argv
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(`${mainUsage()}\n`)
      return name ? 0 : 2
    }
    if (name === '--version') {
      io.stdout('0.1.0\n')
      return 0
    }
    const command = commands[name]
    if (!command) throw new UsageError(`Unknown command \`${name}\`, expected one of ${Object.keys(commands).map((key) => `\`${key}\``).join(', ')}`)
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.usage}\n`)
      return 0
    }
    let parsed
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${command.usage}`)
    }
    return await command.run(parsed.values, parsed.positionals, io, controller.signal)
  } catch (error) {
    return report(error, io, controller.signal.aborted)
  } finally {
    process.removeListener('SIGINT', onSigint)
  }
}

/** The one error boundary: error classes map to exit codes. */
function report(error: unknown, io: Io, interrupted: boolean): number {
  if (interrupted) {
    io.stderr('tolk: interrupted; translations finished so far are saved in the catalogs\n')
    return 130
  }
  if (error instanceof TolkError) {
    const all = error instanceof InputError ? [error, ...error.problems] : [error]
    for (const problem of all) io.stderr(`${problem.place ? `${formatPlace(problem.place)}: ` : ''}${stripControl(problem.message)}\n`)
    return error.exitCode
  }
  io.stderr(`tolk: internal error: ${stripControl((error as Error)?.stack ?? String(error))}\n`)
  return 70
}
