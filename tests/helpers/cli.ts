import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { main } from '../../src/cli/main.ts'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** The CLI in this process (starting `node` costs seconds): its output captured, `env` set for the run. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}, isTTY = false): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]))
  Object.assign(process.env, env)
  try {
    const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, isTTY })
    return { code, stdout, stderr }
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** Every file under a folder, with its content. */
export async function filesUnder(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const files = new Map<string, string>()
  for (const entry of entries) if (entry.isFile()) files.set(join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name), 'utf8'))
  return files
}

/** The pieces of a key that must never show: its first 4 characters and every 8 characters in a row. */
export function keyPieces(key: string): string[] {
  const pieces = new Set([key.slice(0, 4)])
  for (let index = 0; index + 8 <= key.length; index++) pieces.add(key.slice(index, index + 8))
  return [...pieces]
}

/** Where a piece of the key shows up in the run's output or in the project's files: `place: piece`. */
export async function keyLeaks(key: string, run: CliRun, dir: string): Promise<string[]> {
  const places = new Map<string, string>([['stdout', run.stdout], ['stderr', run.stderr], ...(await filesUnder(dir))])
  const leaks: string[] = []
  for (const [place, text] of places) for (const piece of keyPieces(key)) if (text.includes(piece)) leaks.push(`${place}: ${piece}`)
  return leaks
}
