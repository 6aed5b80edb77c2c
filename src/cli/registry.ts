import type { ParseArgsConfig } from 'node:util'
import { parseShard, type Shard } from '../project/shard.ts'

/** What a command may print to, and where it runs. Tests pass their own. */
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  isTTY: boolean
}

export const defaultIo: Io = {
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

export const commands: Record<string, Command> = {}

/** Register a command; each command module calls this for itself. */
export function registerCommand(name: string, command: Command): void {
  commands[name] = command
}


/** A comma-separated option such as `--locales en,da`, as a list; undefined when not given. */
export function listOption(value: unknown): string[] | undefined {
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : undefined
}

/** The options `build` and `check` share: config, output folder, languages, articles, shard, where to run. */
export function runOptions(values: Record<string, unknown>, positionals: string[], io: Io): { config?: string; out?: string; locales?: string[]; articles: string[]; shard?: Shard; cwd: string } {
  return {
    config: values.config as string | undefined,
    out: values.out as string | undefined,
    locales: listOption(values.locales),
    articles: positionals,
    ...(typeof values.shard === 'string' ? { shard: parseShard(values.shard) } : {}),
    cwd: io.cwd,
  }
}
