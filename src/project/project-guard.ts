import { join } from 'node:path'
import type { ResolvedConfig } from '../config/schema.ts'
import type { InputError } from '../errors.ts'
import { guardFolder, guardPath, throwProblems } from '../fs/guard.ts'

/**
 * Before a build or check touches anything: the config's folders lie inside the project, and no
 * folder or file tolk reads or writes below them is a symbolic link (articles are guarded one by
 * one as they are read, so one bad article does not stop the others). `explicitOut` is an output
 * folder given on the command line: the person chose it, so it may lie elsewhere, but nothing
 * below it may be a link. Every problem is reported at once (exit 2).
 */
export async function guardProject(config: ResolvedConfig, languages: readonly string[], explicitOut?: string): Promise<void> {
  const problems: InputError[] = []
  const attempt = async (check: () => Promise<void>) => {
    try {
      await check()
    } catch (error) {
      if (!(error as InputError).place) throw error
      problems.push(error as InputError)
    }
  }
  const outRoot = explicitOut ?? config.root
  for (const folder of [config.paths.articles, config.paths.glossary, config.paths.locales]) await attempt(() => guardPath(config.root, folder))
  await attempt(() => guardPath(outRoot, explicitOut ?? config.paths.out))
  if (problems.length > 0) return throwProblems(problems)

  await guardFolder(config.root, config.paths.glossary, problems)
  for (const lang of new Set([config.source, ...languages, 'en'])) {
    const folder = join(config.paths.locales, lang)
    await attempt(() => guardPath(config.root, join(folder, 'tolk.json'), { file: true }))
    await guardFolder(config.root, join(folder, 'articles'), problems)
    await guardFolder(config.root, join(folder, 'quotes'), problems)
    await attempt(() => guardPath(outRoot, join(explicitOut ?? config.paths.out, lang)))
  }
  throwProblems(problems)
}
