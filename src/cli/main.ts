import { parseArgs } from 'node:util'
import { isAbsolute, relative, sep } from 'node:path'
import { VFileMessage } from 'vfile-message'
import { EnvironmentError, TolkError, UsageError, environmentError, formatPlace, isSystemError, stripControl, InputError } from '../errors.ts'
import { commands, defaultIo, type Io } from './registry.ts'
import './commands.ts'

/**
 * The thin shell: parses flags, calls a command, and one error boundary decides the exit code.
 * Returns the exit code instead of exiting, so tests can call it.
 */

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
      // Asked for, help goes to stdout; without a command it is a usage error, on stderr.
      if (name) io.stdout(`${mainUsage()}\n`)
      else io.stderr(`${mainUsage()}\n`)
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

/** The one error boundary: error classes map to exit codes (usage, bad input and the environment: 2; Ctrl-C: 130; anything else is a bug: 70). */
function report(error: unknown, io: Io, interrupted: boolean): number {
  if (interrupted) {
    io.stderr('tolk: interrupted; translations finished so far are saved in the catalogs\n')
    return 130
  }
  if (error instanceof EnvironmentError || isSystemError(error)) {
    const problem = error instanceof EnvironmentError ? error : (environmentError(error, error.path ?? '', error.syscall) as EnvironmentError)
    const shown = problem.path ? relative(io.cwd, problem.path).split(sep).join('/') || '.' : ''
    io.stderr(`tolk: cannot ${problem.verb}${shown ? ` ${stripControl(shown)}` : ''}: ${stripControl(problem.message)}\n`)
    return 2
  }
  if (error instanceof TolkError) {
    const all = error instanceof InputError ? [error, ...error.problems] : [error]
    // A place is shown as every other path is: relative to where tolk runs (a catalog's place is made from its absolute path).
    const shown = (place: NonNullable<TolkError['place']>) => formatPlace(isAbsolute(place.file) ? { ...place, file: relative(io.cwd, place.file).split(sep).join('/') } : place)
    for (const problem of all) io.stderr(`${problem.place ? `${stripControl(shown(problem.place))}: ` : ''}${stripControl(problem.message)}\n`)
    return 2
  }
  // A file that cannot be read, as the core reports it (a fatal vfile message with its place).
  if (error instanceof VFileMessage && error.fatal) {
    io.stderr(`${formatPlace({ file: error.file ?? '', line: error.line, column: error.column })}: ${stripControl(error.reason)}\n`)
    return 2
  }
  io.stderr(`tolk: internal error: ${stripControl((error as Error)?.stack ?? String(error))}\n`)
  return 70
}
