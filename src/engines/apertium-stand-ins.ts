import type { ProtectedPlaceholder } from './types.ts'

/**
 * Words Apertium is sent in place of the placeholders that protect text. Its HTML deformatter
 * makes a tag a blank between words, and the transfer rules of some pairs move words across such
 * a blank and leave it behind: swe-nob answers `Friluftsföretaget <x id="1"/> varslar anställda.`
 * with `Friluftselskapet varsler ansatte <x id="1"/> .`. A word it does not know stays where it
 * stood, and digits are a number it knows. So a name or a glossary term goes as a word no
 * dictionary has (`Qzbx`, marked unknown and left in place), and a whole number as an integer of
 * the same grammatical number (`1` for one, another integer otherwise), so that the words after
 * it still agree with it (da `45 000 hushåll` → `husholdninger`, not `husholdning`). Decimals,
 * dates and clock times go as words too: what follows a decimal is mostly a unit, which the
 * Danish pair puts in a plural no one writes after digits (`3,5 procenter`, `38,4 metre`), and
 * in the singular after an unknown word (`procent`, `meter`; `millioner` stays plural). So does
 * a whole number before a unit of measure (`measureAfter`), which Swedish and Danish do not inflect
 * for number: after digits the Danish pair writes `12 procenter`, `40 metre`, `2 litre`, `12
 * watts`; after a word `procent`, `meter`, `liter`, `watt`. Markup, and a placeholder glued to a
 * letter or a digit, stay tags.
 */
export interface StandIn {
  /** The placeholder's id. */
  id: number
  /** What Apertium is sent in the placeholder's place. */
  token: string
  number: boolean
}

/**
 * A unit of measure right after a number: the Swedish nouns that have one form for one and for
 * many (`procent`, `meter`, `kilowatt`, `euro`), which the target languages do not inflect either.
 */
const measureAfter = /^\s+(?:procent|promille|euro|kilo|hekto|ton|volt|ampere|\p{L}*(?:meter|liter|gram|watt))(?![\p{L}\p{N}])/iu

/** Letters for the digits of an id in a word stand-in: consonants, so no stand-in is a Swedish word. */
const idLetters = 'bcdfghjklm'

const placeholderTag = (id: number) => new RegExp(`<x\\s+id="${id}"\\s*(?:/>|></x\\s*>)`, 'u')

/** The request's text with its protected placeholders replaced by stand-ins, and the stand-ins used. */
export function putStandIns(text: string, spans: readonly ProtectedPlaceholder[] | undefined): { text: string; standIns: StandIn[] } {
  if (!spans || spans.length === 0) return { text, standIns: [] }
  const words = text.replace(/<[^>]*>/g, ' ')
  // Integers already in the text (in an address, in `G7`): a number's stand-in must not be one of them.
  const taken = new Set(words.match(/\d+/g) ?? [])
  const lower = words.toLowerCase()
  const standIns: StandIn[] = []
  let out = text
  let plural = 2
  for (const span of [...spans].sort((a, b) => a.id - b.id)) {
    const tag = placeholderTag(span.id).exec(out)
    if (!tag) continue
    const before = out.slice(0, tag.index)
    const after = out.slice(tag.index + tag[0].length)
    if (/[\p{L}\p{N}]$/u.test(before) || /^[\p{L}\p{N}]/u.test(after) || /^[.,]\p{N}/u.test(after)) continue
    let token: string
    const number = span.kind === 'count' && !measureAfter.test(after)
    if (number && span.text === '1' && !taken.has('1')) token = '1'
    else if (number) {
      while (taken.has(String(plural))) plural++
      token = String(plural)
    } else {
      token = `Qz${[...String(span.id)].map((digit) => idLetters[Number(digit)]).join('')}x`
      while (lower.includes(token.toLowerCase())) token += 'x'
    }
    taken.add(token)
    standIns.push({ id: span.id, token, number })
    out = `${before}${token}${after}`
  }
  return { text: out, standIns }
}

/**
 * Apertium's answer with each stand-in turned back into its placeholder: a word's unknown-word
 * mark goes with it, and so does a full stop the Bokmål pair writes after a number (`2. husstell`)
 * where the source had none after its placeholder. A stand-in that is missing or doubled is left
 * to the placeholder check, which rejects the answer.
 */
export function takeStandIns(source: string, output: string, standIns: readonly StandIn[]): string {
  if (standIns.length === 0) return output
  const byToken = new Map(standIns.map((standIn) => [standIn.token.toLowerCase(), standIn]))
  const tokens = (number: boolean) => standIns.filter((standIn) => standIn.number === number).map((standIn) => standIn.token).join('|') || '(?!)'
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])[*#@]?(?<word>${tokens(false)})(?![\\p{L}\\p{N}])|(?<![\\p{N}]|[\\p{N}][.,])(?<number>${tokens(true)})(?![\\p{N}]|[.,][\\p{N}])(?<stop>\\.)?`, 'giu')
  const back = (whole: string, ...rest: unknown[]): string => {
    const groups = rest.at(-1) as { word?: string; number?: string; stop?: string }
    const standIn = byToken.get((groups.word ?? groups.number ?? '').toLowerCase())
    if (!standIn) return whole
    const tag = `<x id="${standIn.id}"/>`
    return groups.stop && new RegExp(`${placeholderTag(standIn.id).source}\\.`, 'u').test(source) ? `${tag}.` : tag
  }
  // One pass over the text between tags: a tag's id, and a placeholder put back, are never read as a stand-in.
  return output
    .split(/(<[^>]*>)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(pattern, back)))
    .join('')
}
