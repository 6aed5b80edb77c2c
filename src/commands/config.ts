import { readConfig, parseConfigText } from '../config/load.ts'
import { createConfigSchema, type ResolvedConfig } from '../config/schema.ts'
import { builtinEngines } from '../engines/index.ts'
import { ruleIds } from '../check/index.ts'

/** tolk's config schema: derived from the built-in engines and the registered check rules. */
export const configSchema = createConfigSchema({ engines: builtinEngines, rules: ruleIds })

/**
 * Load and validate `tolk.config.yaml` (or the file given). Every problem is reported at once,
 * each with the file, line and column of the offending key.
 */
export function loadConfig(options: { file?: string; cwd?: string } = {}): Promise<ResolvedConfig> {
  return readConfig(options, configSchema)
}

/** Validate a config's text as if read from `file`. */
export function parseConfig(text: string, file: string, cwd = process.cwd()): ResolvedConfig {
  return parseConfigText(text, file, cwd, configSchema)
}
