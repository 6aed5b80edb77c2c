import { stat, readFile } from 'node:fs/promises'
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { LineIndex } from '../document/lines.ts'
import { InputError, type Place } from '../errors.ts'

/**
 * XML in and out for the interchange formats (XLIFF, TMX), through fast-xml-parser in its
 * ordered mode, so mixed content (text with inline codes) keeps its order.
 *
 * Reading is safe for files from outside: the parser is pure JavaScript and never fetches
 * anything (a DOCTYPE's `SYSTEM` identifier is ignored), a file that declares entities is refused
 * outright (no entity is ever expanded), and a file above `maxXmlBytes` is refused before it is
 * read. Only XML's own entities and numeric character references are decoded.
 */

/** Largest interchange file tolk reads: 64 MiB, far above any article's XLIFF or a newsroom's TMX. */
export const maxXmlBytes = 64 * 1024 * 1024

/** An element or a text node of a document read in order. */
export type XmlNode = XmlElement | XmlText

export interface XmlText {
  text: string
}

export interface XmlElement {
  /** The qualified name as written (`gls:glossary`). */
  name: string
  attributes: Record<string, string>
  children: XmlNode[]
  /** Offset of the element's `<` in the decoded text. */
  offset: number
}

export interface XmlDocument {
  root: XmlElement
  /** Where an offset is, as `file:line:column`. */
  placeOf: (offset: number) => Place
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> }

const metadata = XMLParser.getMetaDataSymbol() as unknown as symbol

/** Read an XML file from disk: size limit first, then the encoding its byte-order mark or declaration names. */
export async function readXmlFile(path: string, shown: string, limit = maxXmlBytes): Promise<XmlDocument> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch (error) {
    throw new InputError(`Cannot read file: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file: shown }, { code: 'xml' })
  }
  if (size > limit) throw new InputError(`File too large (${size} bytes), expected at most ${limit} bytes`, { file: shown }, { code: 'xml' })
  return parseXml(decodeXml(await readFile(path)), shown)
}

/** Decode the bytes of an XML file: UTF-8 or UTF-16 by byte-order mark, else the encoding its declaration names (UTF-8 when none). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200))
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}

/** Parse decoded XML. Not well-formed, or declaring entities: `InputError` with line and column. */
export function parseXml(text: string, file: string): XmlDocument {
  const xml = text.replace(/^\uFEFF/, '')
  const lines = new LineIndex(xml)
  const placeOf = (offset: number): Place => ({ file, ...lines.at(offset) })
  const entity = /<!ENTITY/i.exec(xml)
  if (entity) throw new InputError('Unexpected entity declaration, expected a file without `<!ENTITY>` (entities are never expanded)', placeOf(entity.index), { code: 'xml' })
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new InputError(`Invalid XML: ${valid.err.msg}`, { file, line: valid.err.line, column: valid.err.col }, { code: 'xml' })
  const parser = new XMLParser({
    preserveOrder: true,
    captureMetaData: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    // An empty table: numeric character references are decoded, no HTML entity is.
    htmlEntities: {} as unknown as boolean,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: '#comment',
  })
  const nodes = convert(parser.parse(xml) as Ordered[])
  const root = nodes.find((node): node is XmlElement => 'name' in node)
  if (!root) throw new InputError('No root element, expected an XML document', { file, line: 1, column: 1 }, { code: 'xml' })
  return { root, placeOf }
}

function convert(list: readonly Ordered[]): XmlNode[] {
  const nodes: XmlNode[] = []
  for (const item of list) {
    for (const key of Object.keys(item)) {
      if (key === ':@' || key === '#comment') continue
      if (key === '#text') {
        nodes.push({ text: String(item[key]) })
        continue
      }
      const meta = (item as Record<symbol, { startIndex?: number } | undefined>)[metadata]
      nodes.push({ name: key, attributes: { ...(item[':@'] ?? {}) }, children: convert((item[key] as Ordered[]) ?? []), offset: meta?.startIndex ?? 0 })
    }
  }
  return nodes
}

/** The local part of a qualified name (`gls:glossary` → `glossary`). */
export function localName(element: XmlElement): string {
  const colon = element.name.indexOf(':')
  return colon < 0 ? element.name : element.name.slice(colon + 1)
}

/** Child elements, by local name when given. */
export function elements(parent: XmlElement, name?: string): XmlElement[] {
  return parent.children.filter((node): node is XmlElement => 'name' in node && (name === undefined || localName(node) === name))
}

export function textContent(node: XmlNode): string {
  return 'text' in node ? node.text : node.children.map(textContent).join('')
}

/** A node to write: an element (attributes in order, undefined ones left out) or text. */
export type OutNode = { tag: string; attributes?: Record<string, string | undefined>; children?: OutNode[] } | { text: string }

/**
 * Write a document. Elements whose names are in `mixed` hold text and inline codes and are written
 * exactly as given; the elements around them are indented two spaces a level.
 */
export function writeXml(root: OutNode, options: { mixed: ReadonlySet<string>; doctype?: string }): string {
  const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@', format: false, suppressEmptyNode: true, processEntities: true })
  const toOrdered = (node: OutNode, depth: number, inMixed: boolean): Ordered => {
    if ('text' in node) return { '#text': xmlSafe(node.text) }
    const mixed = inMixed || options.mixed.has(node.tag)
    const children: Ordered[] = []
    for (const child of node.children ?? []) {
      if (!mixed) children.push({ '#text': `\n${'  '.repeat(depth + 1)}` })
      children.push(toOrdered(child, depth + 1, mixed))
    }
    if (!mixed && children.length > 0) children.push({ '#text': `\n${'  '.repeat(depth)}` })
    const attributes: Record<string, string> = {}
    for (const [name, value] of Object.entries(node.attributes ?? {})) if (value !== undefined) attributes[`@${name}`] = xmlSafe(value)
    return { [node.tag]: children, ...(Object.keys(attributes).length > 0 ? { ':@': attributes } : {}) }
  }
  const body = builder.build([toOrdered(root, 0, false)]) as string
  return `<?xml version="1.0" encoding="UTF-8"?>\n${options.doctype ? `${options.doctype}\n` : ''}${body}\n`
}

/** Characters XML 1.0 cannot carry (most C0 controls, lone surrogates) become U+FFFD. */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}
