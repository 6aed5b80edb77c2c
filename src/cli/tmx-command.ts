import { stripControl, UsageError } from '../errors.ts'
import { listOption, registerCommand } from './registry.ts'

const usage = `Usage: tolk tmx export [--config FILE] [--locales LIST] [--to FILE] [--reviewed-only]
       tolk tmx import [--config FILE] FILE

export  writes the project's translations as TMX 1.4 (valid against the 1.4 DTD): one <tu> per
        source sentence with a <tuv xml:lang> per language, inline codes as <bpt>/<ept>/<ph>, the
        catalog's state as <prop type="x-tolk-status">. On stdout, or to --to FILE.
import  seeds the translation memory (locales/<lng>/memory.json) from a sentence-level TMX file
        of any tool: exact matches are then used, fuzzy ones suggested.

Options:
  --config FILE     config file (default: tolk.config.yaml)
  --locales LIST    comma-separated target languages (default: all targets of the config)
  --to FILE         file to write (export)
  --reviewed-only   only translations a person reviewed (export)
  -h, --help        show this help

Exit codes: 0 fine; 2 a file that is not TMX, bad config or usage.`

registerCommand('tmx', {
  summary: 'Export translations as TMX 1.4, import a TMX file into the translation memory',
  usage,
  options: {
    config: { type: 'string' },
    locales: { type: 'string' },
    to: { type: 'string' },
    'reviewed-only': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const [action, ...rest] = positionals
    const config = values.config as string | undefined
    if (action === 'export') {
      if (rest.length > 0) throw new UsageError(`Unexpected argument \`${rest[0]}\`, expected none after \`export\` (use --to FILE)`)
      const { tmxExport } = await import('../commands/tmx.ts')
      const result = await tmxExport({ config, cwd: io.cwd, to: values.to as string | undefined, reviewedOnly: Boolean(values['reviewed-only']), locales: listOption(values.locales) })
      if (result.path) io.stderr(`wrote ${result.path}: ${result.units} units, ${result.translations} translations\n`)
      else io.stdout(result.text)
      return 0
    }
    if (action === 'import') {
      if (rest.length !== 1) throw new UsageError(`Expected one TMX file to import, got ${rest.length}\n\n${usage}`)
      const { tmxImport } = await import('../commands/tmx.ts')
      const result = await tmxImport({ config, cwd: io.cwd, file: rest[0]! })
      const languages = Object.entries(result.languages).sort(([a], [b]) => a.localeCompare(b))
      for (const [lang, counts] of languages) io.stderr(`${lang}: ${counts.added} added to the translation memory, ${counts.known} already in it\n`)
      if (result.otherSource > 0) io.stderr(`${result.otherSource} unit${result.otherSource === 1 ? '' : 's'} with another source language left out\n`)
      const others = Object.entries(result.otherLanguages).sort(([a], [b]) => a.localeCompare(b))
      if (others.length > 0) io.stderr(`not a target of the config, left out: ${others.map(([lang, count]) => `${stripControl(lang)} (${count})`).join(', ')}\n`)
      io.stderr(`read ${stripControl(result.file)}: ${result.units} units\n`)
      return 0
    }
    throw new UsageError(`${action === undefined ? 'Missing' : 'Unknown'} tmx action${action === undefined ? '' : ` \`${action}\``}, expected \`export\` or \`import\`\n\n${usage}`)
  },
})
