import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, for copying the real locales and articles into test projects. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const sharedDir = join(repoRoot, '..', 'shared')

/** A temporary project made from an inline file tree. `locales: true` copies the repository's `locales/*\/tolk.json`. */
export async function makeProject(files: Record<string, string | Uint8Array>, options: { locales?: boolean } = {}): Promise<{ dir: string; read: (path: string) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tolk-test-'))
  if (options.locales !== false) {
    for (const lang of ['sv', 'en', 'da', 'nb']) {
      await mkdir(join(dir, 'locales', lang), { recursive: true })
      await cp(join(repoRoot, 'locales', lang, 'tolk.json'), join(dir, 'locales', lang, 'tolk.json'))
    }
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return { dir, read: (path) => readFile(join(dir, path), 'utf8'), cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** Every file under a folder, by its path relative to it, with its text. */
export async function filesUnder(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files[path.slice(dir.length + 1)] = await readFile(path, 'utf8')
  }
  return files
}
