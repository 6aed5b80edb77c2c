import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/project.ts'

/**
 * The layers of docs/architecture.md, as data: each module of src/ (a folder, or a top-level
 * file) and the modules it may import. Anything else is an edge against the design.
 */
const core = ['text', 'quotes', 'document', 'glossary', 'errors']
const io = ['config', 'catalog', 'i18n', 'fs', 'lexicon']
const allowed: Record<string, readonly string[]> = {
  errors: [],
  text: ['errors'],
  quotes: ['text', 'errors'],
  document: ['text', 'quotes', 'errors'],
  glossary: ['text', 'quotes', 'document', 'errors'],
  fs: ['errors'],
  config: ['errors'],
  i18n: ['errors'],
  lexicon: [...core, 'fs'],
  catalog: [...core, 'fs', 'config'],
  engines: [...core, ...io],
  translate: [...core, ...io, 'engines'],
  interchange: [...core, ...io, 'translate'],
  project: [...core, ...io, 'engines', 'translate'],
  publish: [...core, ...io, 'project'],
  check: [...core, ...io, 'translate', 'project'],
  commands: [...core, ...io, 'engines', 'translate', 'project', 'interchange', 'publish', 'check'],
  cli: [...core, ...io, 'project', 'check', 'commands'],
  index: [...core, ...io, 'engines', 'translate', 'project', 'interchange', 'publish', 'check', 'commands'],
}

const src = join(repoRoot, 'src')

async function sources(folder: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) found.push(...(await sources(path)))
    else if (entry.name.endsWith('.ts')) found.push(path)
  }
  return found
}

/** The module of a file: its top folder under src/, or the file's own name for a file at the top. */
function moduleOf(path: string): string {
  const [first, ...rest] = relative(src, path).split(/[\\/]/)
  return rest.length === 0 ? first!.replace(/\.ts$/, '') : first!
}

/** Relative imports of a file: static, re-exports, type-only and dynamic ones. */
function importsOf(text: string): string[] {
  const specifiers: string[] = []
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? match[2] ?? match[3]!
    if (specifier.startsWith('.')) specifiers.push(specifier)
  }
  return specifiers
}

describe('the layers of src/', () => {
  it('has every module in the layer graph', async () => {
    const modules = new Set((await sources(src)).map(moduleOf))
    expect([...modules].filter((module) => !(module in allowed)).sort()).toEqual([])
  })

  it('has no import against the layer graph (an inner layer never imports an outer one)', async () => {
    const edges: string[] = []
    for (const path of await sources(src)) {
      const from = moduleOf(path)
      for (const specifier of importsOf(await readFile(path, 'utf8'))) {
        const to = moduleOf(resolve(dirname(path), specifier))
        if (to !== from && !allowed[from]?.includes(to)) edges.push(`${relative(src, path)} → ${specifier} (${from} may not import ${to})`)
      }
    }
    expect(edges).toEqual([])
  })

  it('sees imports of every kind, so the test above can fail', () => {
    const text = "import { a } from '../x/a.ts'\nimport type { B } from '../y/b.ts'\nexport { c } from './c.ts'\nconst d = await import('../z/d.ts')\nimport 'node:fs'\n"
    expect(importsOf(text)).toEqual(['../x/a.ts', '../y/b.ts', './c.ts', '../z/d.ts'])
  })
})
