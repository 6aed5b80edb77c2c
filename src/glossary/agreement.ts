import type { Gender } from './types.ts'

/**
 * Agreement with a term's gender. The engine never sees a protected term, so it makes the
 * article and the adjectives before the placeholder agree with the Swedish noun (or with none):
 * `en ny <x/>` comes back from Danish Apertium as `en ny <x/>`, where the approved `stormvarsel`
 * is neuter. Before the term goes back in, the words right before its placeholder are put in
 * the term's gender:
 *
 * - the indefinite article: da `en`/`et`; nb `en` (masculine, and feminine as Bokmål allows),
 *   `ei` kept where the engine wrote it for a feminine, `et`; nn `ein`/`ei`/`eit`;
 * - the definite determiner before adjectives: `den`/`det` (da, nb, nn);
 * - the adjectives between them, in the strong (indefinite) form: neuter adds `-t` (da `nyt`,
 *   `stort`, `vigtigt`; nb and nn `nytt`, `stort`, but `viktig`, `norsk`), except adjectives in
 *   `-e`, `-s`, `-t` and `-isk` (and in nb and nn also `-ig` and `-sk`); going from neuter back to
 *   common, masculine or feminine removes the `-t` (`nytt` → `ny`, `vigtigt` → `vigtig`). After a
 *   definite determiner the weak form (`nye`) is the same in every gender and stays.
 *
 * Plural terms have no gender in these languages; other languages are left as the engine wrote them.
 */

export interface Agreement {
  gender: Gender
  plural: boolean
}

interface Grammar {
  indefinite: Partial<Record<Gender, string>>
  /** All indefinite articles of the language. */
  articles: readonly string[]
  /** Adjectives with these endings do not add `-t` in the neuter. */
  invariable: RegExp
  /** Adjectives ending in a stressed vowel double the `-t` (`nytt`). */
  doubleT: boolean
}

const grammars: Record<string, Grammar> = {
  da: { indefinite: { common: 'en', masculine: 'en', feminine: 'en', neuter: 'et' }, articles: ['en', 'et'], invariable: /(?:e|s|t|isk)$/, doubleT: false },
  nb: { indefinite: { common: 'en', masculine: 'en', feminine: 'en', neuter: 'et' }, articles: ['en', 'ei', 'et'], invariable: /(?:e|s|t|ig|sk)$/, doubleT: true },
  nn: { indefinite: { common: 'ein', masculine: 'ein', feminine: 'ei', neuter: 'eit' }, articles: ['ein', 'ei', 'eit'], invariable: /(?:e|s|t|ig|sk)$/, doubleT: true },
}

/** The engine's text (placeholders in) with the words before each agreeing term placeholder put in the term's gender. */
export function agreeWithTerms(text: string, lang: string, agreements: ReadonlyMap<number, Agreement> | undefined): string {
  const grammar = grammars[lang.toLowerCase().split('-')[0]!]
  if (!grammar || !agreements || agreements.size === 0) return text
  let out = text
  for (const [id, agreement] of agreements) {
    if (agreement.plural) continue
    const tag = new RegExp(`<x\\s+id="${id}"\\s*(?:/>|></x\\s*>)`).exec(out)
    if (!tag) continue
    const before = out.slice(0, tag.index)
    const fixed = agreePhrase(before, agreement.gender, grammar)
    if (fixed !== before) out = fixed + out.slice(tag.index)
  }
  return out
}

/** The last words before the placeholder: a determiner and up to three adjectives, nearest determiner first. */
const tailPattern = /(?:\p{L}+[ \u00A0]){1,4}$/u

function agreePhrase(before: string, gender: Gender, grammar: Grammar): string {
  const tail = tailPattern.exec(before)
  if (!tail || /\p{L}/u.test(before[tail.index - 1] ?? '')) return before
  const words = tail[0].trim().split(/[ \u00A0]/)
  // The nearest determiner, with only lower-case words (adjectives) after it.
  let at = words.length - 1
  while (at >= 0 && !isDeterminer(words[at]!.toLowerCase(), grammar)) {
    if (!/^\p{Ll}+$/u.test(words[at]!)) return before
    at--
  }
  if (at < 0) return before
  const determiner = words[at]!
  const lower = determiner.toLowerCase()
  const adjectives = words.slice(at + 1)
  const neuter = gender === 'neuter'
  let next: string
  let strong: boolean
  if (grammar.articles.includes(lower)) {
    // Bokmål writes a feminine with `en` or `ei`: an `ei` the engine chose stays.
    next = lower === 'ei' && gender === 'feminine' ? 'ei' : grammar.indefinite[gender]!
    strong = true
  } else if (adjectives.length > 0) {
    next = neuter ? 'det' : 'den'
    strong = false
  } else return before
  const wasNeuter = lower === 'et' || lower === 'eit' || lower === 'det'
  const agreed = strong ? adjectives.map((adjective) => (neuter ? neuterOf(adjective, grammar) : wasNeuter ? commonOf(adjective, grammar) : adjective)) : adjectives
  const written = /^\p{Lu}/u.test(determiner) ? next[0]!.toUpperCase() + next.slice(1) : next
  const phrase = [...words.slice(0, at), written, ...agreed].join(' ')
  return `${before.slice(0, tail.index)}${phrase} `
}

function isDeterminer(word: string, grammar: Grammar): boolean {
  return grammar.articles.includes(word) || word === 'den' || word === 'det'
}

function neuterOf(adjective: string, grammar: Grammar): string {
  if (grammar.invariable.test(adjective)) return adjective
  if (grammar.doubleT && /[aeiouyæøå]$/.test(adjective)) return `${adjective}tt`
  return `${adjective}t`
}

function commonOf(adjective: string, grammar: Grammar): string {
  if (grammar.doubleT && /[aeiouyæøå]tt$/.test(adjective)) return adjective.slice(0, -2)
  if (/(?:ig|lig)t$/.test(adjective)) return adjective.slice(0, -1)
  if (!grammar.doubleT && /[aeiouyæøå]t$/.test(adjective) && adjective.length <= 4) return adjective.slice(0, -1)
  return adjective
}
