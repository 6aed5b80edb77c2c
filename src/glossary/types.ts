/**
 * The glossary's public shapes: what `loadGlossary` returns, what the matcher finds, and what
 * the check and the build consume. Implementations live beside this file.
 */

/** Where an entry or a value was declared, for messages. 1-based. */
export interface SourcePlace {
  file: string
  line: number
  column: number
}

/** Approved forms of a term in one target language. Only `term` is required. */
export interface TargetForms {
  /** Base form: singular, indefinite. */
  term: string
  /** Singular definite (`rekrutteringskampagnen`). */
  def?: string
  /** Plural indefinite. */
  pl?: string
  /** Plural definite. */
  defpl?: string
  /** Genitive override; otherwise the language's pattern from `locales/<lng>/tolk.json` (`term.genitive`). */
  gen?: string
  /**
   * Grammatical gender of the term, so the article and adjectives before it agree (`glossary/agreement.ts`):
   * da `common` | `neuter`; nb, nn `masculine` | `feminine` | `neuter`.
   */
  gender?: Gender
}

export const genders = ['common', 'neuter', 'masculine', 'feminine'] as const
export type Gender = (typeof genders)[number]

export function isGender(value: string): value is Gender {
  return (genders as readonly string[]).includes(value)
}

export interface GlossaryEntry {
  id: string
  /** Swedish lemma. */
  sv: string
  /** Declared Swedish forms; missing ones come from the paradigm. */
  svForms?: { def?: string; pl?: string; defpl?: string }
  /** Never translated, in any language. */
  keep: boolean
  note?: string
  targets: Record<string, TargetForms>
  /** Target forms that must never appear, per language. */
  forbidden: Record<string, string[]>
  place: SourcePlace
  /**
   * Where the term may stand inside a longer word. `hyphen` (default true): `ICE-annonser`,
   * `X-rekryteringskampanjen`. `closed` (default false): a closed compound such as
   * `tillsynsmyndigheten`; such hits are found (for the report and the check) but not protected,
   * since an engine cannot translate half a word.
   */
  compounds?: { hyphen: boolean; closed: boolean }
  /** False: no Swedish paradigm, only the lemma, declared forms and the genitive. Default: true for lower-case lemmas. */
  inflect?: boolean
  /**
   * The Swedish bare form reads as definite (`kommunfullmäktige`, `landstingsfullmäktige`): a hit
   * of the lemma takes the target's definite form (`kommunalbestyrelsen`). Default: false.
   */
  definite?: boolean
  /** Hash of the entry's content (without places); what the catalog's lock files record. */
  hash?: string
  /** Places of individual values, by path (`sv`, `targets.da.term`, `forbidden.nb.0`), for lint messages. */
  places?: Record<string, SourcePlace>
}

export interface Glossary {
  entries: GlossaryEntry[]
  /** Hash of the whole glossary's content. */
  hash: string
  files: string[]
}

/** Grammatical features of a hit: what the target form must follow. */
export interface TermFeatures {
  number: 'sg' | 'pl'
  definite: boolean
  genitive: boolean
  /** The hit starts with a capital where the lemma does not (start of a sentence or title). */
  capitalized: boolean
  /**
   * A definite hit after a determiner, Swedish double definiteness (`den nya kampanjen`,
   * `de kampanjerna`). Languages without it (Danish `den nye kampagne`, English `the new campaign`,
   * whose article the engine makes of `den`) take the indefinite form there.
   */
  determined?: boolean
  /** Part of a hyphenated or closed compound; `rest` is the part of the word that is not the term. */
  compound?: { position: 'first' | 'head'; rest: string; hyphen: boolean }
}

export interface TermHit {
  entry: GlossaryEntry
  /** Offsets into the text searched, `end` exclusive: the span of the term itself (not the rest of a compound). */
  start: number
  end: number
  /** The matched source text. */
  source: string
  features: TermFeatures
}
