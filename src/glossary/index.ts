/**
 * The glossary: loading `glossary/*.yaml`, Swedish surface forms, matching, approved target
 * forms, term protection for the engines, lint, TBX/CSV interchange and a remark plugin.
 * Nothing here knows about engines, the CLI or the build.
 */
export type { Glossary, GlossaryEntry, SourcePlace, TargetForms, TermFeatures, TermHit } from './types.ts'
export { glossaryFromFiles, parseGlossaryYaml, glossaryFromEntries, entryHash } from './load.ts'
export { surfaceForms, swedishParadigm, swedishGenitive, isAcronym, type SurfaceForm } from './morphology-sv.ts'
export { compileMatcher, matchTerms, type TermMatcher } from './match.ts'
export { targetForm, genitivePatterns, genitiveOf, englishGenitive, type GenitivePatterns } from './target.ts'
export { createTermProtector, hashOfEntries, plainView } from './protect.ts'
export { lintGlossary, glossaryRules, type GlossaryMessage } from './lint.ts'
export { findTargetForms, targetFormsOf, type TargetFormHit } from './find-target.ts'
export { default as remarkGlossary, type RemarkGlossaryOptions } from './remark.ts'
