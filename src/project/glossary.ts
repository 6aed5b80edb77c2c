import type { ResolvedConfig } from '../config/schema.ts'
import { compileMatcher, createTermProtector, genitivePatterns, loadGlossary, type GenitivePatterns, type Glossary, type TermMatcher } from '../glossary/index.ts'
import { createI18n, namespace } from '../i18n/index.ts'
import type { TermProtector } from '../translate/protect.ts'

/** The project's glossary, read once: its entries, their compiled matcher, each language's genitive patterns. */
export interface ProjectGlossary {
  glossary: Glossary
  matcher: TermMatcher
  patterns: Map<string, GenitivePatterns>
}

export async function loadProjectGlossary(config: ResolvedConfig, languages: readonly string[]): Promise<ProjectGlossary> {
  const glossary = await loadGlossary(config.paths.glossary, { cwd: config.root })
  return { glossary, matcher: compileMatcher(glossary), patterns: await loadGenitivePatterns(config.paths.locales, languages) }
}

/** Each language's genitive patterns, from `locales/<lng>/tolk.json` read once for all of them. */
export async function loadGenitivePatterns(localesDir: string, languages: readonly string[]): Promise<Map<string, GenitivePatterns>> {
  const { i18n } = await createI18n(localesDir, languages)
  const resource = (lang: string, key: string) => i18n.getResource(lang, namespace, key) as unknown
  return new Map(languages.map((lang) => [lang, genitivePatterns(resource, lang)]))
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
