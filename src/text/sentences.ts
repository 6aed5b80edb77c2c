/**
 * Swedish sentence boundaries. A boundary is a sentence-final mark (`.`, `!`, `?`, `…`), possibly
 * followed by closing quotes or brackets, then white space, then something that can start a
 * sentence. Abbreviations (`t.ex.`, `bl.a.`, `d.v.s.` …) and initials (`A. Lindqvist`) do not end one.
 */

/** Common Swedish abbreviations that end in a period, lower-cased. */
export const swedishAbbreviations: ReadonlySet<string> = new Set([
  't.ex.', 'bl.a.', 'd.v.s.', 'dvs.', 'ca.', 'c:a.', 'resp.', 's.k.', 'm.m.', 'mm.', 'o.s.v.', 'osv.', 'etc.', 'jfr.', 'jfr',
  'fr.o.m.', 't.o.m.', 'p.g.a.', 'pga.', 'f.d.', 'f.n.', 'kl.', 'nr.', 'st.', 'tel.', 'obs.', 'ang.', 'enl.', 'inkl.', 'exkl.',
  'm.fl.', 'mfl.', 'o.d.', 'e.d.', 'u.a.', 'm.a.o.', 'i.o.m.', 'dr.', 'prof.', 'doc.', 'jur.', 'kand.', 'fil.', 'sek.', 'milj.',
  'mdr.', 'proc.', 'jan.', 'febr.', 'feb.', 'aug.', 'sept.', 'sep.', 'okt.', 'nov.', 'dec.', 'vol.', 'uppl.', 'sid.', 's.',
  'mr.', 'mrs.', 'ms.', 'jr.', 'sr.', 'inc.', 'ltd.', 'co.', 'corp.', 'vs.', 'fig.', 'tab.', 'kap.', 'avd.', 'forts.', 'ev.', 'resp',
])

/** Object replacement character: stands for an inline placeholder in the text handed to the splitter. */
export const atomMark = '\uFFFC'

const finalMarks = '.!?…'
const closers = '”"’\')]»'
const openers = '”“"„»«‘(['

/**
 * Offsets at which a new sentence starts. The text between two offsets (trimmed) is a sentence.
 * `allowed(offset)` may veto a boundary (tolk vetoes those inside paired markup).
 */
export function sentenceStarts(text: string, allowed: (offset: number) => boolean = () => true): number[] {
  const starts: number[] = []
  for (let index = 0; index < text.length; index++) {
    if (!finalMarks.includes(text[index]!)) continue
    let end = index + 1
    while (end < text.length && (finalMarks.includes(text[end]!) || closers.includes(text[end]!))) end++
    let next = end
    while (next < text.length && /\s/.test(text[next]!)) next++
    if (next === end || next >= text.length) {
      index = end - 1
      continue
    }
    const starter = text[next]!
    if (!(/[\p{Lu}\p{N}]/u.test(starter) || starter === atomMark || openers.includes(starter) || starter === '–' || starter === '—')) continue
    if (text[index] === '.' && isAbbreviation(text, index)) continue
    if (allowed(next)) starts.push(next)
    index = end - 1
  }
  return starts
}

function isAbbreviation(text: string, period: number): boolean {
  let start = period
  while (start > 0 && /[\p{L}.:]/u.test(text[start - 1]!)) start--
  const word = text.slice(start, period + 1)
  if (/^\p{Lu}\.$/u.test(word)) return true // an initial: `A. Lindqvist`
  return swedishAbbreviations.has(word.toLowerCase())
}
