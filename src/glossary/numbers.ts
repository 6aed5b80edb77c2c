/**
 * Numbers, dates and clock times of Swedish text, and how each target language writes them.
 * Every number a unit has becomes a placeholder an engine must give back (engines mangle them:
 * Apertium's Bokmål pair reads `38 röster` as `38. røster`), and each comes back in the target's
 * conventions through Intl (Node's ICU, CLDR data): `3,5` → en `3.5`; `45 000` → en `45,000`,
 * da `45.000`, nb `45 000` (no-break space); `19 november 2026` → en `19 November 2026`, da
 * `19. november 2026`; `kl. 14.30` → en `14:30`. Plain integers (years among them), versions and
 * anything else are given back exactly as written.
 */

export interface NumberFormats {
  /** The Intl locale numbers and dates are written in (`format.locale` in the language's `tolk.json`). */
  locale: string
  /** A clock time, `{{hours}}` and `{{minutes}}` as digits (`format.time`). */
  time: string
  /** A date written with its article, `den 19 november` (`format.date_with_article`): `{{date}}` is the date in the target's format. */
  datedArticle: string
}

/** Defaults per language, overridden by `format.locale` and `format.time` in `locales/<lng>/tolk.json`. */
export const defaultNumberFormats: Readonly<Record<string, NumberFormats>> = {
  en: { locale: 'en-GB', time: '{{hours}}:{{minutes}}', datedArticle: '{{date}}' },
  da: { locale: 'da', time: '{{hours}}.{{minutes}}', datedArticle: 'den {{date}}' },
  nb: { locale: 'nb', time: '{{hours}}.{{minutes}}', datedArticle: 'den {{date}}' },
  nn: { locale: 'nn', time: '{{hours}}.{{minutes}}', datedArticle: 'den {{date}}' },
  sv: { locale: 'sv', time: '{{hours}}.{{minutes}}', datedArticle: 'den {{date}}' },
}

/** The defaults of a language: its own, else its code as the Intl locale with a 24-hour `HH:MM`. */
export function numberFormatsFor(lang: string): NumberFormats {
  const base = lang.toLowerCase().split('-')[0]!
  return defaultNumberFormats[lang] ?? defaultNumberFormats[base] ?? { locale: lang, time: '{{hours}}:{{minutes}}', datedArticle: '{{date}}' }
}

export type NumberKind = 'integer' | 'decimal' | 'grouped' | 'date' | 'time' | 'other'

export interface NumberHit {
  /** Offsets into the text searched, `end` exclusive. */
  start: number
  end: number
  source: string
  kind: NumberKind
}

const months = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december']

/**
 * One alternation, tried left to right at each place: a date (`19 november 2026`, `3 maj`), a clock
 * time after `kl.`/`klockan` (`14.30`), a space-grouped number (`45 000`, `1 234,5`), a decimal
 * (`3,5`), a number with dots or colons (`1.10.0`, `2:1`), a plain integer. Not inside a word
 * (`G7`, `COVID-19`, `ISO9001`), and not an ordinal written `1:a`.
 */
const alternatives = [
  `(?<date>(?<article>[Dd]en[ \\u00A0])?(?<day>\\d{1,2})[ \\u00A0](?<month>${months.join('|')})(?:[ \\u00A0](?<year>\\d{4}))?(?![\\p{L}\\p{N}]))`,
  `(?<=(?:^|[^\\p{L}])(?:kl\\.?|klockan)[ \\u00A0])(?<time>(?<hours>[01]?\\d|2[0-3])[.:](?<minutes>[0-5]\\d))(?![\\p{N}]|[.,:]\\p{N})`,
  '(?<grouped>\\d{1,3}(?:[ \\u00A0\\u202F]\\d{3})+(?:,\\d+)?)(?![\\p{L}\\p{N}]|[.,]\\p{N})',
  '(?<decimal>\\d+,\\d+)(?![\\p{L}\\p{N}]|[.,:]\\p{N})',
  '(?<other>\\d+(?:[.:]\\d+)+)(?![\\p{L}\\p{N}]|[.,:]\\p{N})',
  '(?<integer>\\d+)(?![\\p{L}\\p{N}]|[.,]\\p{N}|:\\p{L})',
]

/** What may not stand right before a number: a letter, a digit, `.`, `,`, `:`, or a letter and a hyphen. */
const notAfter = '(?<![\\p{L}\\p{N}.,:]|\\p{L}-)'

export const numberPattern = new RegExp(alternatives.map((alternative) => `${notAfter}${alternative}`).join('|'), 'gu')

/** The alternatives without what stands before them, tried at one place only (that is checked by {@link startsNumber}). */
const numberAt = new RegExp(alternatives.join('|'), 'uy')

const letter = /\p{L}/u
const letterOrDigit = /[\p{L}\p{N}]/u

/** The code point that ends right before `index`. */
function codePointBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1)
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2)
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index)
  }
  return text.charAt(index - 1)
}

/** What {@link notAfter} says, for one place. */
function startsNumber(text: string, index: number): boolean {
  if (index === 0) return true
  const before = codePointBefore(text, index)
  if (letterOrDigit.test(before) || before === '.' || before === ',' || before === ':') return false
  return !(before === '-' && index >= 2 && letter.test(codePointBefore(text, index - 1)))
}

/**
 * The matches of {@link numberPattern}, leftmost first and not overlapping, as a global search
 * would find them, but the pattern is only tried where a match can start: at the first digit of a
 * run of digits, or at the `den ` before it, and what may not stand before a number is checked
 * here, not by the expression. (A global search of the whole pattern tries it at every character;
 * on the first texts of a process, before V8 compiles it to machine code, that cost about 5 µs a
 * character, and its six copies of the look-behind cost more to compile.)
 */
export function* numberMatches(text: string): Generator<RegExpExecArray> {
  let end = 0
  for (let index = 0; index < text.length; index++) {
    if (!isDigit(text.charCodeAt(index)) || (index > 0 && isDigit(text.charCodeAt(index - 1)))) continue
    const starts = index >= 4 && /^[Dd]en[ \u00A0]$/.test(text.slice(index - 4, index)) ? [index - 4, index] : [index]
    for (const start of starts) {
      if (start < end || !startsNumber(text, start)) continue
      numberAt.lastIndex = start
      const match = numberAt.exec(text)
      if (!match) continue
      yield match
      end = start + match[0].length
      break
    }
  }
}

const isDigit = (code: number) => code >= 48 && code <= 57

/** Every number of a plain text, in order. */
export function findNumbers(text: string): NumberHit[] {
  if (!/\d/.test(text)) return []
  const hits: NumberHit[] = []
  for (const match of numberMatches(text)) {
    const groups = match.groups!
    const kind = (['date', 'time', 'grouped', 'decimal', 'other', 'integer'] as const).find((name) => groups[name] !== undefined)!
    if (kind === 'date' && !validDate(groups)) {
      // `31 februari` is no date: its day is a number like any other.
      const at = match.index + (groups.article?.length ?? 0)
      hits.push({ start: at, end: at + groups.day!.length, source: groups.day!, kind: 'integer' })
      continue
    }
    hits.push({ start: match.index, end: match.index + match[0].length, source: match[0], kind })
  }
  return hits
}

function validDate(groups: Record<string, string | undefined>): boolean {
  const day = Number(groups.day)
  const month = months.indexOf(groups.month!)
  const year = groups.year ? Number(groups.year) : 2000
  return day >= 1 && day <= new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
}

const numberFormatters = new Map<string, Intl.NumberFormat>()
const dateFormatters = new Map<string, Intl.DateTimeFormat>()

function numberFormatter(locale: string, fraction: number, grouping: boolean): Intl.NumberFormat {
  const key = `${locale}\u0000${fraction}\u0000${grouping}`
  let formatter = numberFormatters.get(key)
  if (!formatter) numberFormatters.set(key, (formatter = new Intl.NumberFormat(locale, { minimumFractionDigits: fraction, maximumFractionDigits: fraction, useGrouping: grouping })))
  return formatter
}

function dateFormatter(locale: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}\u0000${withYear}`
  let formatter = dateFormatters.get(key)
  if (!formatter) dateFormatters.set(key, (formatter = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' })))
  return formatter
}

/** How a number of the source is written in the target. */
export function formatNumber(hit: Pick<NumberHit, 'source' | 'kind'>, formats: NumberFormats): string {
  const { source } = hit
  switch (hit.kind) {
    case 'grouped':
    case 'decimal': {
      const [whole, fraction = ''] = source.replace(/[ \u00A0\u202F]/g, '').split(',')
      // A string keeps every digit (Intl formats decimal strings exactly).
      const value = fraction ? `${whole}.${fraction}` : whole!
      return numberFormatter(formats.locale, fraction.length, hit.kind === 'grouped').format(value as unknown as number)
    }
    case 'date': {
      const match = /^(den[ \u00A0])?(\d{1,2})[ \u00A0](\p{L}+)(?:[ \u00A0](\d{4}))?$/iu.exec(source)!
      const year = match[4] ? Number(match[4]) : 2000
      const date = dateFormatter(formats.locale, match[4] !== undefined).format(Date.UTC(year, months.indexOf(match[3]!), Number(match[2])))
      if (!match[1]) return date
      // `den 19 november`: the article goes with the date (Apertium reorders a lone `den` before a placeholder).
      const dated = formats.datedArticle.split('{{date}}').join(date)
      return /^D/.test(match[1]) ? dated.charAt(0).toUpperCase() + dated.slice(1) : dated
    }
    case 'time': {
      const [hours, minutes] = source.split(/[.:]/)
      return formats.time.split('{{hours}}').join(hours!).split('{{minutes}}').join(minutes!)
    }
    default:
      return source
  }
}

/** A number's value as digits alone, for comparing a number with its rendering (`45 000`, `45,000`, `45.000` → `45000`). */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '')
}
