import { afterEach, describe, expect, it } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { cliIn } from '../interchange/helpers.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const run = (argv: string[], cwd: string) => cliIn(cwd)(argv)

/** A newsroom's own engine: tags each unit with its options, placeholders left as they are. */
const taggingEngine = `
export default function create(options, services) {
  return {
    id: 'tagger',
    maxBatch: options.batchSize,
    async translate(batch, context) {
      const seen = typeof services.env === 'object' ? 'env' : 'no env'
      return batch.map((request) => ({ key: request.key, text: \`\${options.prefix}\${context.target}|\${options.style}|\${seen}: \${request.text}\` }))
    },
  }
}
`

const article = '# Rubrik\n\nEn *mening* med [en länk](https://example.com).\n'

describe('a custom engine module', () => {
  it('builds an edition through a module named in the config, relative to it, with its other keys as options', async () => {
    const made = await makeProject({
      'engines/tagger.mjs': taggingEngine,
      'articles/a.sv.md': article,
      'tolk.config.yaml': 'targets:\n  en: { engines: [catalog, tagger] }\nengines:\n  tagger: { module: ./engines/tagger.mjs, prefix: "⟨", style: loud, batchSize: 1, concurrency: 2 }\n# The tagger leaves the Swedish as it is.\ncheck: { rules: { untranslated: "off", swedish-word: "off" } }\n',
    })
    cleanups.push(made.cleanup)
    const built = await run(['build'], made.dir)
    expect(built.stderr).toContain('wrote dist/editions/en/a.md (0 from catalog, 2 machine)')
    expect(built.code).toBe(0)
    const edition = await made.read('dist/editions/en/a.md')
    expect(edition).toContain('# ⟨en|loud|env: Rubrik')
    expect(edition).toContain('⟨en|loud|env: En *mening* med [en länk](https://example.com).')
    expect(edition).toContain('engines:\n  - tagger')
    const lock = JSON.parse(await made.read('locales/en/articles/a.lock.json')) as Record<string, { engine: string }>
    expect(Object.values(lock).map((entry) => entry.engine)).toEqual(['tagger', 'tagger'])
    // The check renders the edition again from the catalog the engine filled, and finds it current.
    const checked = await run(['check'], made.dir)
    expect(checked.code).toBe(0)
    // Only the reminder that machine drafts are not reviewed.
    expect(checked.stdout).toMatch(/^locales\/en\/articles\/a\.json:1:1 +warning +2 of 2 `en` units .* reviewed\n1 problem \(0 errors, 1 warning; 4 files checked\)\n$/)
  })

  it('refuses a module that exports no engine with exit 2, naming the module and what it exports', async () => {
    const made = await makeProject({
      'engines/broken.mjs': 'export function translate() {}\nexport const id = "broken"\n',
      'articles/a.sv.md': article,
      'tolk.config.yaml': 'targets:\n  en: { engines: [broken] }\nengines:\n  broken: { module: ./engines/broken.mjs }\n',
    })
    cleanups.push(made.cleanup)
    const built = await run(['build'], made.dir)
    expect(built.code).toBe(2)
    expect(built.stderr).toBe('tolk.config.yaml:4:21: Engine module `./engines/broken.mjs` (engines.broken.module) exports no engine, expected a default export `create(options, services)` returning a Translator; it exports `id`, `translate`\n')
    await expect(made.read('dist/editions/en/a.md')).rejects.toThrow(/ENOENT/)
  })

  it('refuses a chain naming an engine that is neither built in nor a module, listing the custom ones too', async () => {
    const made = await makeProject({
      'engines/tagger.mjs': taggingEngine,
      'articles/a.sv.md': article,
      'tolk.config.yaml': 'targets:\n  en: { engines: [tager] }\nengines:\n  tagger: { module: ./engines/tagger.mjs }\n',
    })
    cleanups.push(made.cleanup)
    const built = await run(['build'], made.dir)
    expect(built.code).toBe(2)
    expect(built.stderr).toContain('tolk.config.yaml:2:19: Unknown engine, expected one of `catalog`, `identity`, `pseudo`, `apertium`, `deepl`, `openai`, `tagger` at `targets.en.engines.0`')
  })
})
