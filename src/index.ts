/**
 * tolk's public API: the same plain async functions the CLI calls, the pieces that work without
 * files or engines (segmentation, quotation finding, glossary matching), and the remark plugins.
 * Re-exports only.
 */
export { build, type BuildOptions, type BuildResult, type BuildReport, type BuildSummary, type EditionReport } from './commands/build.ts'
export { check, type CheckOptions, type CheckResult } from './commands/check.ts'
export { glossaryLint, glossaryImport, glossaryExport } from './commands/glossary.ts'
export { xliffExport, xliffImport, type XliffExportOptions, type XliffImportOptions, type XliffImportResult } from './commands/xliff.ts'
export { tmxExport, tmxImport, type TmxExportOptions, type TmxImportOptions } from './commands/tmx.ts'
export { formatReport, formats, type Format } from './check/reporters/index.ts'
export { loadConfig, parseConfig, configSchema } from './commands/config.ts'
export type { Config, ResolvedConfig } from './config/schema.ts'
export { parseArticle, markdownProcessor } from './document/parse.ts'
export { segment, unitKey, type Segmentation, type Unit, type Block } from './document/segment.ts'
export { renderEdition } from './document/render.ts'
export { parsePlaceholders, plainText } from './document/placeholders.ts'
export { sentenceStarts, swedishAbbreviations } from './text/sentences.ts'
export { findQuotes, type QuoteSpan } from './quotes/find.ts'
export { remarkQuotes, type RemarkQuotesOptions } from './document/remark-quotes.ts'
export * from './glossary/index.ts'
export type { Translator, TranslationRequest, TranslationResult, TranslateContext, ProtectedPlaceholder } from './engines/types.ts'
export { EngineStoppedError } from './engines/types.ts'
export { defineEngine, type EngineDescriptor, type EngineServices } from './engines/descriptor.ts'
export { checkRules } from './check/index.ts'
export type { CheckRule, CheckContext, RuleMessage, Finding } from './check/types.ts'
export { TolkError, InputError, UsageError } from './errors.ts'
