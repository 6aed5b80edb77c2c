import { location, type Location } from 'vfile-location'

/**
 * Line and column of an offset in a text, and back: 1-based, as editors show them. A thin typed
 * face on vfile-location (lines indexed lazily, found by bisection), where an offset past the end
 * stays on the last line instead of having no place.
 */
export class LineIndex {
  readonly #location: Location
  readonly #length: number

  constructor(text: string) {
    this.#location = location(text)
    this.#length = text.length
  }

  at(offset: number): { line: number; column: number } {
    const point = this.#location.toPoint(Math.min(Math.max(offset, 0), this.#length))!
    return { line: point.line, column: point.column }
  }

  offsetOf(line: number, column: number): number {
    const start = this.#location.toOffset({ line, column: 1 }) ?? 0
    return start + column - 1
  }
}
