import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { displayPath } from '../config/load.ts'
import type { ResolvedConfig } from '../config/schema.ts'
import { mapInParallel } from '../fs/parallel.ts'
import { compileMatcher, createTermProtector, genitivePatterns, glossaryFromFiles, type GenitivePatterns, type Glossary, type TermMatcher } from '../glossary/index.ts'
import { numberFormatsOf } from '../glossary/target.ts'
import type { NumberFormats } from '../glossary/numbers.ts'
import { createI18n, namespace } from '../i18n/index.ts'
import type { TermProtector } from '../glossary/protection.ts'

/** The project's glossary, read once: its entries, their compiled matcher, each language's genitive patterns and number formats. */
export interface ProjectGlossary extends LanguageFormats {
  glossary: Glossary
  matcher: TermMatcher
}

/** How each target language writes genitives and numbers (`locales/<lng>/tolk.json` over the defaults). */
export interface LanguageFormats {
  patterns: Map<string, GenitivePatterns>
  numbers: Map<string, NumberFormats>
}

/**
 * Read every `*.yaml`/`*.yml` file of a glossary folder, in name order. A missing folder is an
 * empty glossary. Files are named in messages relative to `options.cwd` (default: the working directory).
 */
export async function loadGlossary(dir: string, options: { cwd?: string } = {}): Promise<Glossary> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return glossaryFromFiles([])
    throw error
  }
  const paths = names.filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(dir, name))
  return glossaryFromFiles(await mapInParallel(paths, async (path) => ({ file: displayPath(path, options.cwd), text: await readFile(path, 'utf8') })))
}

export async function loadProjectGlossary(config: ResolvedConfig, languages: readonly string[]): Promise<ProjectGlossary> {
  const glossary = await loadGlossary(config.paths.glossary, { cwd: config.root })
  return { glossary, matcher: compileMatcher(glossary), ...(await loadLanguageFormats(config.paths.locales, languages)) }
}

/** Each language's genitive patterns and number formats, from `locales/<lng>/tolk.json` read once for all of them. */
export async function loadLanguageFormats(localesDir: string, languages: readonly string[]): Promise<LanguageFormats> {
  const { i18n } = await createI18n(localesDir, languages)
  const resource = (lang: string, key: string) => i18n.getResource(lang, namespace, key) as unknown
  return {
    patterns: new Map(languages.map((lang) => [lang, genitivePatterns(resource, lang)])),
    numbers: new Map(languages.map((lang) => [lang, numberFormatsOf(resource, lang)])),
  }
}

/** Each language's genitive patterns. */
export async function loadGenitivePatterns(localesDir: string, languages: readonly string[]): Promise<Map<string, GenitivePatterns>> {
  return (await loadLanguageFormats(localesDir, languages)).patterns
}

/** The project glossary's term protection, with every target language's genitive patterns. */
export async function loadProtector(config: ResolvedConfig): Promise<TermProtector | undefined> {
  return protectorOf(await loadProjectGlossary(config, Object.keys(config.targets)))
}

/** Term protection for the engines, or undefined when the glossary is empty. */
export function protectorOf(project: ProjectGlossary): TermProtector | undefined {
  if (project.glossary.entries.length === 0) return undefined
  return createTermProtector(project.glossary, project.matcher, Object.fromEntries(project.patterns))
}
