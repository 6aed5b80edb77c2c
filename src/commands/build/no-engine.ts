import { join, relative } from 'node:path'
import type { ResolvedConfig } from '../../config/schema.ts'
import { toPosix } from '../../project/articles.ts'

/**
 * What to say about a language whose units reached no engine at all (every machine engine skipped:
 * no key, no pair, no server): once, with the ways to get one, instead of once per unit.
 */
export function noEngineHint(lang: string, skipped: ReadonlyArray<{ engine: string; reason: string }>, config: ResolvedConfig): string {
  const catalog = toPosix(relative(config.root, join(config.paths.locales, lang, 'articles')))
  const why = skipped.length > 0 ? skipped.map((entry) => `${entry.engine}: ${entry.reason}`).join('; ') : 'its chain has only the catalog'
  return `no engine can translate into ${lang} here (${why}). Three ways to get one: a reviewed catalog (${catalog}/<slug>.json, keys from locales/${config.source}/articles/<slug>.json); DEEPL_AUTH_KEY set for deepl; or engines.openai pointed at a local OpenAI-compatible server (baseUrl and model, see docs/engines.md)`
}
