import { open, readFile, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { environmentError } from '../errors.ts'

/**
 * One writing build at a time per workspace. `.tolk.lock` in the project root holds the pid and
 * host of the build that owns the workspace; it is made with O_EXCL, so two builds cannot both
 * take it. A second build waits (saying so once) until the first is done, and then finds the
 * first one's translations in the catalogs: no text is paid for twice. A lock whose process is
 * no longer running on this host (killed, the machine restarted) is stale and taken over.
 */

export const workspaceLockName = '.tolk.lock'

interface Holder {
  pid: number
  host: string
  command: string
}

export interface LockOptions {
  command: string
  log?: (line: string) => void
  signal?: AbortSignal
  /** Milliseconds between looks at a held lock. Default: 200. */
  poll?: number
}

/** Run `work` holding the workspace lock of `root`. */
export async function withWorkspaceLock<T>(root: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const release = await acquire(root, options)
  try {
    return await work()
  } finally {
    await release()
  }
}

async function acquire(root: string, options: LockOptions): Promise<() => Promise<void>> {
  const path = join(root, workspaceLockName)
  const me: Holder = { pid: process.pid, host: hostname(), command: options.command }
  let said = false
  let unreadableSince: number | undefined
  for (;;) {
    options.signal?.throwIfAborted()
    let made = false
    try {
      const handle = await open(path, 'wx')
      made = true
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`)
      } finally {
        await handle.close()
      }
      return async () => {
        // Only our own lock is removed.
        const holder = await readHolder(path)
        if (holder?.pid === me.pid && holder.host === me.host) await rm(path, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        // A full disk can let the file be made but not written: an empty lock must not hold up the next build.
        if (made) await rm(path, { force: true }).catch(() => {})
        throw environmentError(error, path)
      }
    }
    const holder = await readHolder(path)
    if (holder === undefined) {
      // Just made by another build and not written yet, or left torn by a crash: give it a moment.
      unreadableSince ??= Date.now()
      if (Date.now() - unreadableSince > 2000) await rm(path, { force: true })
    } else if (holder.host === me.host && !running(holder.pid)) {
      options.log?.(`removed a stale workspace lock (${workspaceLockName}) of pid ${holder.pid}, which is no longer running`)
      await rm(path, { force: true })
      continue
    } else if (!said) {
      said = true
      options.log?.(`waiting for another tolk build in this workspace (pid ${holder.pid}${holder.host === me.host ? '' : ` on ${holder.host}`}) to finish; lock file ${workspaceLockName}`)
    }
    await new Promise((resolve) => setTimeout(resolve, options.poll ?? 200))
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>
    return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host, command: String(value.command ?? '') } : undefined
  } catch {
    return undefined
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
