import { stripControl, UsageError } from '../errors.ts'
import { registerCommand } from './registry.ts'

const usage = `Usage: tolk glossary lint [--config FILE] [--json]
       tolk glossary import FILE.tbx|FILE.csv [--source-lang LANG] [--to PATH] [--force] [--config FILE]
       tolk glossary export --format tbx|csv [--to PATH] [--config FILE]
       tolk glossary suggest [--to PATH] [--config FILE]

lint    checks the glossary (glossary/*.yaml): duplicate ids, one Swedish form claimed by two
        entries with different targets, a target language of the config with no target for an
        entry that is not \`keep\`, a forbidden form that is also approved, empty or padded terms.
import  reads a TBX (ISO 30042, TBX v3) or CSV file (a header row of language codes, plus
        \`id\` and \`note\`) and writes glossary YAML (default: <glossary>/<name>.yaml).
export  writes the glossary as TBX (TBX-Basic, valid against the TBX core structure) or CSV,
        on stdout or to --to PATH.
suggest writes the words the engines did not know in the last build (<out>/report.json) as a
        draft glossary for the desk to fill in (default: <out>/glossary-draft.yaml).

Options:
  --config FILE       config file (default: tolk.config.yaml)
  --source-lang LANG  language the entries are keyed by (default: the config's \`source\`, sv)
  --to PATH           file to write
  --force             import over an existing glossary file (its inflected and forbidden forms are lost)
  --format NAME       tbx or csv (export)
  --json              lint messages as JSON on stdout
  -h, --help          show this help

Exit codes: 0 fine; 1 lint found problems; 2 bad input (a glossary that is not valid YAML, a
TBX file that is not well-formed XML), bad config or usage. Import writes nothing on exit 2.`

registerCommand('glossary', {
  summary: 'Lint, import (TBX, CSV) or export the term glossary',
  usage,
  options: {
    config: { type: 'string' },
    'source-lang': { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const [action, ...rest] = positionals
    const config = values.config as string | undefined
    if (action === 'lint') {
      if (rest.length > 0) throw new UsageError(`Unexpected argument \`${rest[0]}\`, expected none after \`lint\`\n\n${usage}`)
      const { glossaryLint } = await import('../commands/glossary.ts')
      const result = await glossaryLint({ config, cwd: io.cwd })
      if (values.json) io.stdout(`${JSON.stringify(result.messages, null, 2)}\n`)
      else {
        for (const message of result.messages) io.stdout(`${message.file}:${message.line}:${message.column}: ${message.severity} ${stripControl(message.message)} (${message.ruleId})\n`)
        io.stderr(`${result.entries} entries, ${result.messages.length} problem${result.messages.length === 1 ? '' : 's'}\n`)
      }
      return result.exitCode
    }
    if (action === 'import') {
      if (rest.length !== 1) throw new UsageError(`Expected one TBX or CSV file to import, got ${rest.length}\n\n${usage}`)
      const { glossaryImport } = await import('../commands/glossary.ts')
      const result = await glossaryImport({ config, cwd: io.cwd, file: rest[0]!, sourceLang: values['source-lang'] as string | undefined, to: values.to as string | undefined, force: Boolean(values.force) })
      io.stderr(`wrote ${result.path}: ${result.entries.length} entries${result.skipped.length ? `, ${result.skipped.length} skipped without a term in the source language (${result.skipped.join(', ')})` : ''}\n`)
      return 0
    }
    if (action === 'export') {
      const format = values.format
      if (format !== 'tbx' && format !== 'csv') throw new UsageError(`Expected \`--format tbx\` or \`--format csv\`, got ${format === undefined ? 'none' : `\`${String(format)}\``}`)
      if (rest.length > 0) throw new UsageError(`Unexpected argument \`${rest[0]}\`, expected none after \`export\` (use --to PATH)`)
      const { glossaryExport } = await import('../commands/glossary.ts')
      const result = await glossaryExport({ config, cwd: io.cwd, format, to: values.to as string | undefined })
      if (result.path) io.stderr(`wrote ${result.path}\n`)
      else io.stdout(result.text)
      return 0
    }
    if (action === 'suggest') {
      if (rest.length > 0) throw new UsageError(`Unexpected argument \`${rest[0]}\`, expected none after \`suggest\` (use --to PATH)`)
      const { glossarySuggest } = await import('../commands/glossary.ts')
      const result = await glossarySuggest({ config, cwd: io.cwd, to: values.to as string | undefined })
      io.stderr(`wrote ${result.path}: ${result.entries} draft ${result.entries === 1 ? 'entry' : 'entries'}\n`)
      return 0
    }
    throw new UsageError(`${action === undefined ? 'Missing' : `Unknown`} glossary action${action === undefined ? '' : ` \`${action}\``}, expected \`lint\`, \`import\`, \`export\` or \`suggest\`\n\n${usage}`)
  },
})
