import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { repoRoot } from '../helpers/project.ts'

/**
 * bin/tolk.js runs the compiled output in lib/ when it matches the sources, and the TypeScript
 * sources through tsx otherwise. Each test works on its own copy of the package (bin/, src/,
 * package.json, the repository's article, config, glossary and locales), so compiling never touches
 * the lib/ of the worktree the suite runs in. `node_modules` is a folder of links to the real
 * packages; leaving `tsx` out of it shows whether a run needed a transpiler.
 */

const run = promisify(execFile)
const roots: string[] = []

async function packageCopy(options: { tsx: boolean }): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tolk-bin-'))
  roots.push(root)
  for (const path of ['bin', 'src', 'scripts', 'articles', 'glossary', 'package.json', 'tolk.config.yaml']) await cp(join(repoRoot, path), join(root, path), { recursive: true, preserveTimestamps: true })
  for (const lang of await readdir(join(repoRoot, 'locales'))) await cp(join(repoRoot, 'locales', lang), join(root, 'locales', lang), { recursive: true })
  await mkdir(join(root, 'node_modules'))
  for (const name of await readdir(join(repoRoot, 'node_modules'))) {
    if (name === '.bin' || (name === 'tsx' && !options.tsx)) continue
    await symlink(join(repoRoot, 'node_modules', name), join(root, 'node_modules', name))
  }
  return root
}

const compile = (root: string) => run(process.execPath, [join(root, 'scripts', 'compile.js'), '--root', root])

async function tolk(root: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin', 'tolk.js'), ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true })
})

describe('bin/tolk.js', () => {
  let withoutTsx: string
  beforeAll(async () => {
    withoutTsx = await packageCopy({ tsx: false })
    await compile(withoutTsx)
  })

  test('runs the compiled output, with no transpiler installed', async () => {
    const help = await tolk(withoutTsx, ['--help'])
    expect(help.stderr).toBe('')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: tolk <command>/)
    expect(await stat(join(withoutTsx, 'lib', 'cli.js'))).toBeTruthy()
  })

  test('keeps using the compiled output when a source only got a new modification time', async () => {
    const later = new Date(Date.now() + 60_000)
    await utimes(join(withoutTsx, 'src', 'cli', 'main.ts'), later, later)
    const help = await tolk(withoutTsx, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: tolk <command>/)
  })

  test('builds the same editions and report from the compiled output as from the sources', async () => {
    const root = await packageCopy({ tsx: true })
    await compile(root)
    const outputs: Array<Record<string, string>> = []
    for (const env of [{}, { TOLK_FROM_SOURCE: '1' }] as Array<Record<string, string>>) {
      await rm(join(root, 'dist'), { recursive: true, force: true })
      const built = await tolk(root, ['build'], env)
      expect(built.code).toBe(0)
      const files: Record<string, string> = {}
      for (const lang of ['en', 'da', 'nb']) files[lang] = await readFile(join(root, 'dist', 'editions', lang, 'spotify-ice-annonser.md'), 'utf8')
      files.report = await readFile(join(root, 'dist', 'editions', 'report.json'), 'utf8')
      outputs.push(files)
    }
    expect(outputs[0]).toEqual(outputs[1])
  })

  test('runs the changed sources, not the stale compiled copy, once a source file changes', async () => {
    const root = await packageCopy({ tsx: true })
    await compile(root)
    const main = join(root, 'src', 'cli', 'main.ts')
    await writeFile(main, (await readFile(main, 'utf8')).replace('Usage: tolk <command> [options]', 'Usage: tolk <command> [options] (changed)'))
    const stale = await tolk(root, ['--help'])
    expect(stale.stdout).toMatch(/^Usage: tolk <command> \[options\] \(changed\)/)

    await compile(root)
    await rm(join(root, 'node_modules', 'tsx'))
    const fresh = await tolk(root, ['--help'])
    expect(fresh.code).toBe(0)
    expect(fresh.stdout).toMatch(/^Usage: tolk <command> \[options\] \(changed\)/)
  })

  test('runs the sources when the compiled output is missing', async () => {
    const root = await packageCopy({ tsx: true })
    const help = await tolk(root, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: tolk <command>/)
  })
})
