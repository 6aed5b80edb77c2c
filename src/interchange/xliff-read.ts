import { InputError, type Place } from '../errors.ts'
import type { SegmentState } from './exchange.ts'
import { elements, localName, textContent, type XmlDocument, type XmlElement } from './xml.ts'
import { xliff12Namespace } from './xliff12.ts'
import { xliff2Namespace } from './xliff21.ts'

/**
 * Reading XLIFF 2.x and 1.2 back: per `<file>`, the article it came from and, per segment
 * (`<segment>` / `<trans-unit>`), the unit key, the state a translator left and the target.
 * How a target's elements map to tolk's placeholders is the `dialect`.
 */

export type XliffVersion = '2.1' | '1.2'

export interface ReadSegment {
  key: string
  state: SegmentState
  target?: XmlElement
  /** The target's place, or the segment's when there is no target. */
  place: Place
  /** XLIFF 2: the segment's number in its unit, the prefix of its code ids (`2` in `2.3`). */
  ordinal: string
}

export interface ReadFile {
  version: XliffVersion
  /** The article's path relative to the project, from `original`. */
  original: string
  trgLang: string
  srcLang: string
  place: Place
  segments: ReadSegment[]
}

/** What an element of a target stands for: a paired code, a standalone one, a kept quotation, markup to look through, a character, or something refused. */
export type Role = { role: 'pair' | 'ph' | 'quote'; id: number | undefined } | { role: 'unwrap' } | { role: 'char'; char: string } | { role: 'refuse'; expected: string }

export type Dialect = (element: XmlElement, ordinal: string) => Role

export function readXliff(document: XmlDocument): { files: ReadFile[]; dialect: Dialect; version: XliffVersion } {
  const root = document.root
  const version = root.attributes.version ?? ''
  if (localName(root) !== 'xliff') throw new InputError(`Unexpected root element \`<${root.name}>\`, expected \`<xliff>\``, document.placeOf(root.offset), { code: 'xliff' })
  if (version.startsWith('2.')) {
    if (root.attributes.xmlns !== xliff2Namespace) throw new InputError(`Unexpected namespace \`${root.attributes.xmlns ?? ''}\`, expected \`${xliff2Namespace}\``, document.placeOf(root.offset), { code: 'xliff' })
    return { files: elements(root, 'file').map((file) => file2(file, root, document)), dialect: dialect2, version: '2.1' }
  }
  if (version === '1.2') {
    if (root.attributes.xmlns !== xliff12Namespace) throw new InputError(`Unexpected namespace \`${root.attributes.xmlns ?? ''}\`, expected \`${xliff12Namespace}\``, document.placeOf(root.offset), { code: 'xliff' })
    return { files: elements(root, 'file').map((file) => file12(file, document)), dialect: dialect12, version: '1.2' }
  }
  throw new InputError(`Unexpected XLIFF version \`${version}\`, expected 2.1 (or 2.0, 2.2) or 1.2`, document.placeOf(root.offset), { code: 'xliff' })
}

function required(element: XmlElement, name: string, document: XmlDocument): string {
  const value = element.attributes[name]
  if (!value) throw new InputError(`Missing \`${name}\` on \`<${element.name}>\`, expected the value tolk wrote when it exported the file`, document.placeOf(element.offset), { code: 'xliff' })
  return value
}

/** A key as tolk wrote it, without the `-2` of a repeated sentence. */
function keyOf(id: string): string {
  return id.replace(/-\d+$/, '')
}

function file2(file: XmlElement, root: XmlElement, document: XmlDocument): ReadFile {
  const segments: ReadSegment[] = []
  const walk = (parent: XmlElement) => {
    for (const child of elements(parent)) {
      if (localName(child) === 'group') walk(child)
      if (localName(child) !== 'unit') continue
      let ordinal = 0
      for (const segment of elements(child, 'segment')) {
        ordinal++
        const target = elements(segment, 'target')[0]
        const state = segment.attributes.state ?? 'initial'
        if (!['initial', 'translated', 'reviewed', 'final'].includes(state)) throw new InputError(`Unexpected state \`${state}\`, expected initial, translated, reviewed or final`, document.placeOf(segment.offset), { code: 'xliff' })
        segments.push({ key: keyOf(required(segment, 'id', document)), state: state as SegmentState, ...(target ? { target } : {}), place: document.placeOf((target ?? segment).offset), ordinal: String(ordinal) })
      }
    }
  }
  walk(file)
  return { version: '2.1', original: required(file, 'original', document), srcLang: required(root, 'srcLang', document), trgLang: required(root, 'trgLang', document), place: document.placeOf(file.offset), segments }
}

const dialect2: Dialect = (element, ordinal) => {
  const name = localName(element)
  const id = () => {
    const match = /^(\d+)\.(\d+)$/.exec(element.attributes.id ?? '')
    return match && match[1] === ordinal ? Number(match[2]) : undefined
  }
  if (name === 'pc') return { role: 'pair', id: id() }
  if (name === 'ph') return { role: 'ph', id: id() }
  if (name === 'mrk') return element.attributes.translate === 'no' ? { role: 'quote', id: id() } : { role: 'unwrap' }
  if (name === 'cp') return { role: 'char', char: String.fromCodePoint(Number.parseInt(element.attributes.hex ?? 'FFFD', 16) || 0xfffd) }
  if (name === 'sc' || name === 'ec') return { role: 'refuse', expected: 'paired codes as `<pc>`, as exported' }
  if (name === 'sm' || name === 'em') return { role: 'refuse', expected: 'annotations as `<mrk>`, as exported' }
  return { role: 'refuse', expected: 'only text and the inline codes of the source' }
}

function file12(file: XmlElement, document: XmlDocument): ReadFile {
  const segments: ReadSegment[] = []
  const walk = (parent: XmlElement) => {
    for (const child of elements(parent)) {
      const name = localName(child)
      if (name === 'body' || name === 'group') walk(child)
      if (name !== 'trans-unit') continue
      const target = elements(child, 'target')[0]
      const targetState = target?.attributes.state ?? ''
      const state: SegmentState =
        child.attributes.approved === 'yes' || targetState === 'signed-off' || targetState === 'final' ? 'reviewed' : !target || targetState === 'new' || textContent(target).trim() === '' ? 'initial' : 'translated'
      segments.push({ key: keyOf(required(child, 'id', document)), state, ...(target ? { target } : {}), place: document.placeOf((target ?? child).offset), ordinal: '' })
    }
  }
  walk(file)
  return { version: '1.2', original: required(file, 'original', document), srcLang: required(file, 'source-language', document), trgLang: required(file, 'target-language', document), place: document.placeOf(file.offset), segments }
}

const dialect12: Dialect = (element) => {
  const name = localName(element)
  const id = (attribute: string) => {
    const value = element.attributes[attribute] ?? ''
    return /^\d+$/.test(value) ? Number(value) : undefined
  }
  if (name === 'g') return { role: 'pair', id: id('id') }
  if (name === 'x') return { role: 'ph', id: id('id') }
  if (name === 'mrk') return element.attributes.mtype === 'protected' ? { role: 'quote', id: undefined } : { role: 'unwrap' }
  if (['bpt', 'ept', 'bx', 'ex', 'it', 'ph'].includes(name)) return { role: 'refuse', expected: 'inline codes as `<g>` and `<x/>`, as exported' }
  return { role: 'refuse', expected: 'only text and the inline codes of the source' }
}
