import { escapeXml } from '../document/placeholders.ts'
import { InputError } from '../errors.ts'
import type { Inline } from './inline.ts'
import { primaryLang } from './languages.ts'
import { elements, localName, textContent, writeXml, type OutNode, type XmlDocument, type XmlElement, type XmlNode } from './xml.ts'

/**
 * TMX 1.4 (LISA OSCAR), valid against the 1.4 DTD: one `<tu>` per source sentence (its `tuid` the
 * unit key), a `<tuv xml:lang>` for the source and each translation, inline codes as
 * `<bpt>`/`<ept>` (paired) and `<ph>` (standalone, kept quotations too) holding the Markdown, the
 * catalog's state as `<prop type="x-tolk-status">` and the engine as `x-tolk-engine`.
 *
 * Reading takes sentence-level TMX from any tool (1.1 to 1.4, `lang` or `xml:lang`): each `<tu>`
 * gives its source and target texts in tolk's placeholder form (`<g id>`/`<x id>`), codes
 * numbered by first appearance in the source and matched across languages by `x` (else `i`).
 */

export interface TmxVariant {
  lang: string
  content: Inline[]
  status?: string
  engine?: string
}

export interface TmxUnit {
  key: string
  /** Articles the sentence stands in. */
  articles: string[]
  variants: TmxVariant[]
}

const mixed = new Set(['seg', 'prop', 'note'])

export function writeTmx(units: readonly TmxUnit[], options: { srcLang: string; version: string }): string {
  return writeXml(
    {
      tag: 'tmx',
      attributes: { version: '1.4' },
      children: [
        { tag: 'header', attributes: { creationtool: 'tolk', creationtoolversion: options.version, segtype: 'sentence', 'o-tmf': 'tolk', adminlang: 'en', srclang: options.srcLang, datatype: 'x-markdown' } },
        {
          tag: 'body',
          children: units.map((unit) => ({
            tag: 'tu',
            attributes: { tuid: unit.key, srclang: options.srcLang },
            children: [
              ...unit.articles.map((slug): OutNode => ({ tag: 'prop', attributes: { type: 'x-tolk-article' }, children: [{ text: slug }] })),
              ...unit.variants.map(
                (variant): OutNode => ({
                  tag: 'tuv',
                  attributes: { 'xml:lang': variant.lang },
                  children: [
                    ...(variant.status ? [{ tag: 'prop', attributes: { type: 'x-tolk-status' }, children: [{ text: variant.status }] }] : []),
                    ...(variant.engine ? [{ tag: 'prop', attributes: { type: 'x-tolk-engine' }, children: [{ text: variant.engine }] }] : []),
                    { tag: 'seg', children: inlineTmx(variant.content) },
                  ],
                }),
              ),
            ],
          })),
        },
      ],
    },
    { mixed, doctype: '<!DOCTYPE tmx SYSTEM "tmx14.dtd">' },
  )
}

function inlineTmx(content: readonly Inline[]): OutNode[] {
  return content.flatMap((item): OutNode[] => {
    switch (item.kind) {
      case 'text':
        return [{ text: item.value }]
      case 'pair':
        return [
          { tag: 'bpt', attributes: { i: String(item.id), x: String(item.id), type: tmxType(item.code.ctype) }, children: [{ text: item.code.start }] },
          ...inlineTmx(item.children),
          { tag: 'ept', attributes: { i: String(item.id) }, children: [{ text: item.code.end ?? '' }] },
        ]
      case 'ph':
        return [{ tag: 'ph', attributes: { x: String(item.id), type: tmxType(item.code.ctype) }, children: [{ text: item.code.start }] }]
      case 'quote':
        return [{ tag: 'ph', attributes: { x: String(item.id), type: 'x-quote' }, children: [{ text: item.text }] }]
      case 'term':
        return inlineTmx(item.children)
    }
  })
}

/** TMX's recommended `type` values are XLIFF 1.2's (`bold`, `italic`, `link`, `image`, `lb`), with `x-` for the rest. */
function tmxType(ctype: string): string {
  return ctype === 'underlined' ? 'ulined' : ctype
}

/** One translation unit as read: its source language and text, and each other language's, in tolk's placeholder form. */
export interface ReadTu {
  srcLang: string
  source: string
  targets: Array<{ lang: string; text: string; status?: string }>
  line: number
}

export interface ReadTmx {
  srcLang: string
  segtype: string
  units: ReadTu[]
  /** Units without a variant in their source language. */
  skipped: number
}

/** Read a TMX document. A unit's source language is its own `srclang`, else the header's (`*all*`: its first variant). */
export function readTmx(document: XmlDocument): ReadTmx {
  const root = document.root
  if (localName(root) !== 'tmx') throw new InputError(`Unexpected root element \`<${root.name}>\`, expected \`<tmx>\``, document.placeOf(root.offset), { code: 'tmx' })
  const header = elements(root, 'header')[0]
  const declared = header?.attributes.srclang ?? ''
  const body = elements(root, 'body')[0]
  const units: ReadTu[] = []
  let skipped = 0
  for (const tu of body ? elements(body, 'tu') : []) {
    const variants = elements(tu, 'tuv').map((tuv) => ({ lang: tuv.attributes['xml:lang'] ?? tuv.attributes.lang ?? '', tuv }))
    const named = [tu.attributes.srclang, declared].find((lang) => lang && lang !== '*all*')
    const srcLang = named ?? variants[0]?.lang ?? ''
    const source = variants.find((variant) => variant.lang.toLowerCase() === srcLang.toLowerCase()) ?? variants.find((variant) => primaryLang(variant.lang) === primaryLang(srcLang))
    const seg = source && elements(source.tuv, 'seg')[0]
    if (!source || !seg) {
      skipped++
      continue
    }
    const ids = new Map<string, number>()
    const sourceText = segText(seg, ids)
    const targets = variants
      .filter((variant) => variant !== source)
      .flatMap((variant) => {
        const targetSeg = elements(variant.tuv, 'seg')[0]
        if (!targetSeg) return []
        const status = elements(variant.tuv, 'prop').find((prop) => prop.attributes.type === 'x-tolk-status')
        return [{ lang: variant.lang, text: segText(targetSeg, ids), ...(status ? { status: textContent(status).trim() } : {}) }]
      })
    units.push({ srcLang: source.lang, source: sourceText, targets, line: document.placeOf(tu.offset).line ?? 0 })
  }
  return { srcLang: declared, segtype: header?.attributes.segtype ?? '', units, skipped }
}

/**
 * A `<seg>` in tolk's placeholder form. `ids` maps a code's identity (`x`, else `i`, else its
 * place) to its placeholder number; the source is read first, so the targets reuse its numbers.
 * A `<bpt>` whose `<ept>` is missing (or the other way round) stands alone, as `<x/>`.
 */
function segText(seg: XmlElement, ids: Map<string, number>): string {
  const ends = new Set(descendants(seg).filter((node) => localName(node) === 'ept').map((node) => node.attributes.i))
  const begins = new Set(descendants(seg).filter((node) => localName(node) === 'bpt').map((node) => node.attributes.i))
  // A target's code the source does not have gets a number of its own (the build will refuse it).
  const idFor = (identity: string): number => {
    let id = ids.get(identity)
    if (id === undefined) ids.set(identity, (id = ids.size + 1))
    return id
  }
  const open = new Map<string, number>()
  let standalone = 0
  const walk = (nodes: readonly XmlNode[]): string =>
    nodes
      .map((node) => {
        if ('text' in node) return escapeXml(node.text)
        const name = localName(node)
        const { i, x } = node.attributes
        if (name === 'bpt' && i !== undefined && ends.has(i)) {
          const id = idFor(x !== undefined ? `x:${x}` : `i:${i}`)
          open.set(i, id)
          return `<g id="${id}">`
        }
        if (name === 'ept' && i !== undefined && begins.has(i)) return open.has(i) ? '</g>' : ''
        if (name === 'bpt' || name === 'ept' || name === 'ph' || name === 'it' || name === 'ut') return `<x id="${idFor(x !== undefined ? `x:${x}` : `${name}:${i ?? standalone++}`)}"/>`
        // `<hi>` (highlighting) and anything else: its text counts.
        return walk(node.children.filter((child) => !('name' in child) || localName(child) !== 'sub'))
      })
      .join('')
  const text = walk(seg.children)
  // A pair whose `<ept>` came before its `<bpt>` leaves tags that do not nest; keep the text only.
  return /<g id="\d+">/.test(text) && !balanced(text) ? text.replace(/<\/?g[^>]*>/g, '') : text
}

function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((child) => ('name' in child ? [child, ...descendants(child)] : []))
}

function balanced(text: string): boolean {
  let depth = 0
  for (const match of text.matchAll(/<(\/?)g[\s>]/g)) {
    depth += match[1] ? -1 : 1
    if (depth < 0) return false
  }
  return depth === 0
}
