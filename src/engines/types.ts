/**
 * The one small interface every machine engine implements. Engines get units with placeholders
 * and must give every placeholder back; the orchestration (`translate/`) validates what they answer.
 */

export interface TranslationRequest {
  /** The unit's key: results are matched to requests by it. */
  key: string
  /** Source text with placeholders (`<g id="1">…</g>`, `<x id="2"/>`), XML-escaped. */
  text: string
  /** The surrounding block's other units, for engines that use context. Never contains kept quotations. */
  context?: string
  /** Set on the one retry of an invalid answer: why this engine's previous answer was rejected, for engines that can correct themselves. */
  problem?: string
  /**
   * The placeholders of `text` that stand for protected text (glossary terms, proper names,
   * numbers) rather than markup, by id, for engines that translate better with a word in their
   * place than a tag (Apertium). Each still comes back as the `<x id="…"/>` sent. Ids not listed are markup.
   */
  protectedSpans?: readonly ProtectedPlaceholder[]
}

/** What a placeholder that protects text stands for. */
export interface ProtectedPlaceholder {
  /** The placeholder's id, `<x id="…"/>` in the request's text. */
  id: number
  /** `count`: a whole number (`1`, `45 000`), which the words after it agree with; `number`: any other number, a date, a clock time; `word`: a glossary term or a proper name. */
  kind: 'count' | 'number' | 'word'
  /** What goes back in its place, as the target writes it (`45.000`, `19. november 2026`, `Ellevios`). */
  text: string
}

/** One unit's answer: a translation, or why there is none. */
export type TranslationResult =
  | {
      key: string
      /** The translation, placeholders in. */
      text: string
      /** Words the engine did not know (Apertium's `*`, `@`, `#` marks), already stripped from `text`. */
      unknownWords?: string[]
    }
  | {
      key: string
      /** Why the engine could not translate this unit. */
      error: string
    }

export interface TranslateContext {
  /** Source language, e.g. `sv`. */
  source: string
  /** Target language, e.g. `da`. */
  target: string
  /** Aborted when the build is interrupted or the request times out. */
  signal?: AbortSignal
}

export interface Translator {
  readonly id: string
  /** Why this engine cannot translate into `target` here (not installed, no key, no pair), or undefined when it can. Default: it always can. */
  unavailable?(target: string): Promise<string | undefined> | string | undefined
  /** Translate a batch. Returns one result per request, in any order. Throws only when the whole batch failed. */
  translate(batch: readonly TranslationRequest[], context: TranslateContext): Promise<TranslationResult[]>
  /** Units per call; the orchestration never sends more. Default: 50. */
  readonly maxBatch?: number
  /** Whether a batch is small enough for one request (e.g. DeepL's 128 KiB body); the orchestration grows batches while it is. Default: always. */
  fits?(batch: readonly TranslationRequest[]): boolean
  /** Send units whose answer was invalid once more, with the problem stated (an LLM can correct itself; a deterministic engine would answer the same). Default: false. */
  readonly retryInvalid?: boolean
  /** Characters billed for a batch (DeepL bills source characters). Default: the source characters. */
  estimate?(batch: readonly TranslationRequest[]): { characters: number; tokens?: number }
}

/** Thrown by an engine when it must not be called again in this build (quota exhausted, key refused). */
export class EngineStoppedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'EngineStoppedError'
  }
}
