/**
 * What no text that reaches an edition, a catalog or a terminal may bring in unless its source had
 * it: the build refuses such an engine answer (`translate/run.ts`), and `check` reports it in an
 * edition or a catalog (`check/unsafe.ts`, `check/translation.ts`).
 */

// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const markup = /<\s*[a-z!/?]/i
const scriptLink = /\b(?:javascript|vbscript|data)\s*:/i
const url = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`]+/gi

/**
 * What an engine may not add to a text that goes into editions, catalogs and terminals: control
 * characters (ESC sequences, OSC-8 hyperlinks, BEL), markup other than our placeholders (raw or
 * escaped, such as `<script>`), `javascript:` links, and URLs the source does not have.
 */
export function unsafeContent(text: string, source: string): string | undefined {
  const answer = decodeEntities(text.replace(placeholderTag, ' '))
  const original = decodeEntities(source.replace(placeholderTag, ' '))
  if (controlCharacter.test(answer) && !controlCharacter.test(original)) return 'control character in the translation'
  if (markup.test(answer) && !markup.test(original)) return 'markup (`<…>`) that the source does not have'
  if (scriptLink.test(answer) && !scriptLink.test(original)) return 'a `javascript:` link that the source does not have'
  const urls = (answer.match(url) ?? []).map((found) => found.replace(/[.,;:!?)\]]+$/, ''))
  if (urls.some((found) => !original.includes(found))) return 'a URL that the source does not have'
  return undefined
}

const placeholderTag = /<\/?[gx]\s+id="\d+"\s*\/?>|<\/g>/g

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(lt|gt|amp|quot|apos));/gi, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (decimal) return String.fromCodePoint(Number(decimal))
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16))
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name!.toLowerCase() as 'lt'] ?? whole
  })
}
