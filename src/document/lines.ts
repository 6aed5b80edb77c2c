/** Line and column of an offset in a text, and back: 1-based, as editors show them. */
export class LineIndex {
  private readonly starts: number[] = [0]

  constructor(text: string) {
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) this.starts.push(index + 1)
  }

  at(offset: number): { line: number; column: number } {
    let low = 0
    let high = this.starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (this.starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 }
  }

  offsetOf(line: number, column: number): number {
    return (this.starts[line - 1] ?? 0) + column - 1
  }
}
