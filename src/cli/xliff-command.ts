import { formatPlace, stripControl, UsageError } from '../errors.ts'
import { listOption, registerCommand } from './registry.ts'

const usage = `Usage: tolk xliff export [--config FILE] [--locales LIST] [--to DIR] [--state machine|needs-review|all] [--version 2.1|1.2] [ARTICLE…]
       tolk xliff import [--config FILE] [--reviewer NAME] FILE…

export  writes <DIR>/<lng>/<slug>.xlf for translators' tools (memoQ, Trados, OmegaT, Weblate):
        XLIFF 2.1 by default, one <unit> per block and one <segment> per sentence with its state;
        inline markup as <pc>/<ph> with the Markdown in <originalData>, kept quotations locked
        (<mrk translate="no">), glossary terms as <mrk type="term"> with the approved target.
        --version 1.2 writes XLIFF 1.2 (Poedit, Translate Toolkit, older Trados).
import  merges the targets of XLIFF files (2.x or 1.2) into the catalogs: state reviewed or final
        (1.2: approved or signed-off) as reviewed, translated as needing review. Every target is
        checked first: each inline code back exactly once, quotations unchanged, glossary terms in
        their approved form, numbers intact. A file with an invalid target is not applied at all.
        Sentences whose source changed since the export are listed and left alone.

Options:
  --config FILE    config file (default: tolk.config.yaml)
  --locales LIST   comma-separated target languages (default: all targets of the config)
  --to DIR         folder to write into (default: xliff/ next to the config)
  --state NAME     machine: drafts and untranslated units; needs-review; all (default)
  --version V      2.1 (default) or 1.2
  --reviewer NAME  who reviewed, recorded in the lock files (default: git config user.name)
  -h, --help       show this help

Exit codes: 0 fine; 2 an invalid target (with file:line:column; nothing written for that file),
a file that is not XLIFF, bad config or usage.`

registerCommand('xliff', {
  summary: 'Export units to XLIFF 2.1/1.2 for translators, import their targets',
  usage,
  options: {
    config: { type: 'string' },
    locales: { type: 'string' },
    to: { type: 'string' },
    state: { type: 'string' },
    version: { type: 'string' },
    reviewer: { type: 'string' },
  },
  async run(values, positionals, io) {
    const [action, ...rest] = positionals
    const config = values.config as string | undefined
    if (action === 'export') {
      const { xliffExport } = await import('../commands/xliff.ts')
      const result = await xliffExport({
        config,
        cwd: io.cwd,
        locales: listOption(values.locales),
        to: values.to as string | undefined,
        state: values.state as 'machine' | 'needs-review' | 'all' | undefined,
        version: values.version as '2.1' | '1.2' | undefined,
        articles: rest,
      })
      const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
      for (const file of result.files) io.stderr(`wrote ${stripControl(file.path)}: ${count(file.units, 'unit')}, ${count(file.segments, 'segment')}\n`)
      if (result.files.length === 0) io.stderr('nothing to export under this --state\n')
      return 0
    }
    if (action === 'import') {
      if (rest.length === 0) throw new UsageError(`Expected at least one XLIFF file to import\n\n${usage}`)
      const { xliffImport } = await import('../commands/xliff.ts')
      const result = await xliffImport({ config, cwd: io.cwd, files: rest, reviewer: values.reviewer as string | undefined })
      for (const file of result.files) {
        for (const problem of file.problems) io.stderr(`${formatPlace(problem.place)}: ${stripControl(problem.message)}\n`)
        for (const skipped of file.notApplied) io.stderr(`${formatPlace(skipped.place)}: not applied: ${stripControl(skipped.reason)}\n`)
        const where = file.lang ? ` (${file.lang}, ${file.slug})` : ''
        io.stderr(
          file.problems.length > 0
            ? `${stripControl(file.file)}${where}: nothing written, ${file.lang ? `${file.invalid} invalid target${file.invalid === 1 ? '' : 's'}` : 'not a file of this project'}\n`
            : `${stripControl(file.file)}${where}: ${file.reviewed} reviewed, ${file.needsReview} need review, ${file.unchanged} unchanged, ${file.notApplied.length} not applied\n`,
        )
      }
      return result.exitCode
    }
    throw new UsageError(`${action === undefined ? 'Missing' : 'Unknown'} xliff action${action === undefined ? '' : ` \`${action}\``}, expected \`export\` or \`import\`\n\n${usage}`)
  },
})
