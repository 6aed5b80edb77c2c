#!/usr/bin/env node
// The published entry point. It runs the compiled JavaScript in lib/ (made by `npm ci` / `npm
// install` through the `prepare` script, or `npm run compile`) when that output is there and was
// compiled from the sources as they are now; otherwise (no lib/, a source changed since, or
// TOLK_FROM_SOURCE=1) it registers tsx and runs the TypeScript sources in src/. So a stale compiled
// copy never runs: each source file listed in lib/manifest.json must have the recorded size and
// modification time, or else the recorded SHA-256.
import { readFileSync, statSync } from 'node:fs'

const root = new URL('../', import.meta.url)

/** The compiled CLI's URL, or undefined when lib/ is missing or older than src/. */
function compiledEntry() {
  if (process.env.TOLK_FROM_SOURCE === '1') return undefined
  let manifest
  try {
    manifest = JSON.parse(readFileSync(new URL('lib/manifest.json', root), 'utf8'))
  } catch {
    return undefined
  }
  for (const [path, recorded] of Object.entries(manifest.files)) {
    const file = new URL(path, root)
    try {
      const info = statSync(file)
      if (info.size === recorded.size && info.mtimeMs === recorded.mtimeMs) continue
      if (info.size === recorded.size && process.getBuiltinModule('node:crypto').createHash('sha256').update(readFileSync(file)).digest('hex') === recorded.sha256) continue
    } catch {
      // A source file that is gone: the compiled copy is stale.
    }
    return undefined
  }
  return new URL(`lib/${manifest.entry}`, root)
}

const entry = compiledEntry()
let main
if (entry) ({ main } = await import(entry.href))
else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import(new URL('src/cli/main.ts', root).href))
}
process.exitCode = await main(process.argv.slice(2))
