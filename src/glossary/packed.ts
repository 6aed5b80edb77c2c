/**
 * Per-pattern lists of candidates as numbers, so a compiled matcher can be stored and loaded
 * without rebuilding objects: `width` numbers per candidate, the candidates of pattern `p` from
 * `offsets[p]` to `offsets[p + 1]`. Loaded lists are made when a pattern is first asked for, so a
 * small text pays only for the patterns it hits.
 */
export interface PackedCandidates {
  candidates: Int32Array
  offsets: Int32Array
}

export function packCandidates<T>(lists: ReadonlyArray<readonly T[]>, width: number, write: (candidate: T, into: Int32Array, at: number) => void): PackedCandidates {
  const offsets = new Int32Array(lists.length + 1)
  const candidates = new Int32Array(lists.reduce((sum, list) => sum + list.length, 0) * width)
  let at = 0
  lists.forEach((list, pattern) => {
    offsets[pattern] = at / width
    for (const candidate of list) {
      write(candidate, candidates, at)
      at += width
    }
  })
  offsets[lists.length] = at / width
  return { candidates, offsets }
}

export function unpackCandidates<T>(packed: PackedCandidates, width: number, make: (numbers: Int32Array, at: number) => T): (pattern: number) => readonly T[] {
  const made = new Map<number, T[]>()
  return (pattern) => {
    let list = made.get(pattern)
    if (list) return list
    list = []
    for (let index = packed.offsets[pattern]!; index < packed.offsets[pattern + 1]!; index++) list.push(make(packed.candidates, index * width))
    made.set(pattern, list)
    return list
  }
}
