import { apertium } from './apertium.ts'
import { deeplDescriptor } from './deepl.ts'
import type { EngineDescriptor } from './descriptor.ts'
import { identity } from './identity.ts'
import { openaiDescriptor } from './openai.ts'
import { pseudo } from './pseudo.ts'

/**
 * The built-in engines. The config schema (`engines.<id>` options, the ids a chain may name) and
 * the registry are derived from this list. Adding an engine: a file `src/engines/<id>.ts` exporting
 * its descriptor, and its line here. A newsroom's own engine needs neither: `module:` in the config.
 */
export const builtinEngines: readonly EngineDescriptor[] = [identity, pseudo, apertium, deeplDescriptor, openaiDescriptor]
