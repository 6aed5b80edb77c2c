#!/usr/bin/env node
// Compiles src/ into lib/ with esbuild: one ES module per entry (the CLI and the public API), the
// modules behind dynamic imports split into their own chunks so they still load only when used.
// The npm packages are bundled in too: resolving and loading some 600 small modules (zod, micromark,
// mdast-util-*) cost more at start-up than running them; CommonJS packages get a `require`. lib/manifest.json records every source file that went in (size,
// modification time, SHA-256), so bin/tolk.js can tell when the compiled output no longer matches
// src/ and run the sources instead. `npm ci` and `npm install` run this as the `prepare` script.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

let build
try {
  ;({ build } = await import('esbuild'))
} catch {
  // Without esbuild (an install that left out build tools) there is nothing to compile; bin/tolk.js runs the sources.
  process.stderr.write('tolk: esbuild is not installed; bin/tolk.js will run the TypeScript sources through tsx\n')
  process.exit(0)
}

/** The package root; `--root DIR` compiles another copy of the package (the bin's tests do). */
const rootArgument = process.argv.indexOf('--root')
const root = rootArgument > 0 ? resolve(process.argv[rootArgument + 1]) : join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'lib')
const staging = join(root, `.lib-${process.pid}.tmp`)

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: "import { createRequire as __tolkCreateRequire } from 'node:module'; const require = __tolkCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
})

// The sources, and npm's record of the installed packages (their code is in the bundle too).
const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'))
const installed = join(root, 'node_modules', '.package-lock.json')
if (existsSync(installed)) inputs.push(relative(root, installed))
const files = {}
for (const input of inputs.sort()) {
  const path = join(root, input)
  const [info, bytes] = await Promise.all([stat(path), readFile(path)])
  files[relative(root, path).split('\\').join('/')] = { size: info.size, mtimeMs: info.mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex') }
}
await writeFile(join(staging, 'manifest.json'), `${JSON.stringify({ entry: 'cli.js', files }, null, 2)}\n`)

// The new output replaces the old one in one rename, so a bin starting meanwhile never sees half of it.
await mkdir(out, { recursive: true })
const old = `${out}-${process.pid}.old`
await rename(out, old)
await rename(staging, out)
await rm(old, { recursive: true, force: true })
