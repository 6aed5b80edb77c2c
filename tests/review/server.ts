import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { repoRoot } from '../helpers/project.ts'

/** `tolk review` as a separate process, as a person starts it; resolves with the URL its first stdout line holds. */
export async function startReviewProcess(cwd: string, args: string[] = []): Promise<{ url: string; origin: string; token: string; child: ChildProcess; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tolk.js'), 'review', '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`tolk review exited with ${code}: ${stderr}`)))
  })
  const parsed = new URL(url)
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}

/** Run the CLI in a directory, in this process. */
export async function runCli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main.ts')
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd, isTTY: false })
  return { code, stdout, stderr }
}
