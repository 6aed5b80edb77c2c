/**
 * A plain Aho–Corasick automaton over UTF-16 code units: compile once, then one left-to-right
 * pass reports every occurrence of every pattern, in time linear in the text plus the matches.
 *
 * Why our own: `modern-ahocorasick` (installed, maintained) matches whole grapheme clusters and
 * took about 10 s for 120,000 characters with a single pattern here (bench/glossary.ts has the
 * numbers), far from linear-time in practice. Callers lower-case text and patterns themselves.
 */
export interface AutomatonMatch {
  /** Index of the pattern in the list given to `compileAutomaton`. */
  pattern: number
  start: number
  /** Exclusive. */
  end: number
}

export interface Automaton {
  readonly patterns: number
  /** Every occurrence of every pattern, ordered by end offset. */
  search(text: string): AutomatonMatch[]
  /** The compiled tables, to store and make the same automaton again with `automatonFromData`. */
  data(): AutomatonData
}

/**
 * An automaton's tables, ready to search with nothing to rebuild: the states numbered breadth
 * first (by depth, then in code-unit order of their paths), so the children of a state are the
 * states `first[state]` to `first[state + 1]`, in code-unit order; per state the code unit into
 * it, the pattern it ends (-1: none), its failure link and its report link (the nearest state on
 * the failure chain that ends a pattern, -1: none); per pattern its length. Lengths fit 16 bits
 * unless a pattern is longer than 65,535 code units.
 */
export interface AutomatonData {
  patterns: number
  first: Int32Array
  via: Uint16Array
  output: Int32Array
  fail: Int32Array
  report: Int32Array
  lengths: Uint16Array | Int32Array
}

export function compileAutomaton(patterns: readonly string[]): Automaton {
  // The trie is built from the patterns in code-unit order: each pattern shares its prefix with the
  // one before, so only its new states are made, with no look-ups (80,000 glossary forms make
  // 170,000 states out of 1.5 million code units). Equal patterns keep the first index.
  const first = new Map<string, number>()
  patterns.forEach((pattern, index) => {
    if (pattern.length > 0 && !first.has(pattern)) first.set(pattern, index)
  })
  const states = new StateList()
  const path = [0]
  let previous = ''
  for (const pattern of [...first.keys()].sort()) {
    const limit = Math.min(previous.length, pattern.length)
    let common = 0
    while (common < limit && previous.charCodeAt(common) === pattern.charCodeAt(common)) common++
    let state = path[common]!
    for (let position = common; position < pattern.length; position++) {
      const code = pattern.charCodeAt(position)
      path[position + 1] = state = states.add(state, code)
    }
    states.output[state] = first.get(pattern)!
    previous = pattern
  }
  const count = states.count
  const { parent, via, depth, output } = states

  // Breadth first: states sorted by depth, stably. The trie's states are in preorder, so within a
  // depth they are in code-unit order of their paths, and the children of each state side by side.
  let deepest = 0
  for (let state = 1; state < count; state++) if (depth[state]! > deepest) deepest = depth[state]!
  const firstAt = new Int32Array(deepest + 2)
  for (let state = 1; state < count; state++) firstAt[depth[state]! + 1]!++
  for (let level = 1; level <= deepest + 1; level++) firstAt[level]! += firstAt[level - 1]!
  const order = new Int32Array(count)
  const number = new Int32Array(count)
  for (let state = 1; state < count; state++) {
    const at = 1 + firstAt[depth[state]!]!++
    order[at] = state
    number[state] = at
  }
  const tables: AutomatonData = {
    patterns: patterns.length,
    first: new Int32Array(count + 1),
    via: new Uint16Array(count),
    output: new Int32Array(count).fill(-1),
    fail: new Int32Array(count),
    report: new Int32Array(count).fill(-1),
    lengths: new (deepest < 0x10000 ? Uint16Array : Int32Array)(patterns.length),
  }
  const children = new Int32Array(count + 1)
  for (let at = 1; at < count; at++) {
    const state = order[at]!
    tables.via[at] = via[state]!
    tables.output[at] = output[state]!
    children[number[parent[state]!]! + 1]!++
  }
  tables.output[0] = output[0]!
  // Children of state n start after those of the states before it (the root's at 1).
  tables.first[0] = 1
  for (let state = 0; state < count; state++) tables.first[state + 1] = tables.first[state]! + children[state + 1]!
  patterns.forEach((pattern, index) => (tables.lengths[index] = pattern.length))

  // Failure links in breadth-first order, and per state the nearest state on its failure chain that ends a pattern.
  const edges = new Edges(tables.first, tables.via)
  const parentOf = new Int32Array(count)
  for (let state = 0; state < count; state++) for (let child = tables.first[state]!; child < tables.first[state + 1]!; child++) parentOf[child] = state
  const { fail, report } = tables
  for (let state = 1; state < count; state++) {
    const from = parentOf[state]!
    const code = tables.via[state]!
    let target = 0
    if (from !== 0) {
      for (let fallback = fail[from]!; ; fallback = fail[fallback]!) {
        const next = edges.get(fallback, code)
        if (next >= 0) {
          target = next
          break
        }
        if (fallback === 0) break
      }
    }
    fail[state] = target
    report[state] = tables.output[target]! !== -1 ? target : report[target]!
  }
  return searching(tables, edges)
}

/** The automaton of tables `data()` gave. */
export function automatonFromData(data: AutomatonData): Automaton {
  return searching(data, new Edges(data.first, data.via))
}

function searching(data: AutomatonData, edges: Edges): Automaton {
  const { output, fail, report, lengths } = data
  return {
    patterns: data.patterns,
    data: () => data,
    search(text) {
      const matches: AutomatonMatch[] = []
      let state = 0
      for (let position = 0; position < text.length; position++) {
        const code = text.charCodeAt(position)
        let next = edges.get(state, code)
        while (next < 0 && state !== 0) {
          state = fail[state]!
          next = edges.get(state, code)
        }
        state = next < 0 ? 0 : next
        for (let hit = output[state] !== -1 ? state : report[state]!; hit !== -1; hit = report[hit]!) {
          const pattern = output[hit]!
          matches.push({ pattern, start: position + 1 - lengths[pattern]!, end: position + 1 })
        }
      }
      return matches
    },
  }
}

/** The trie's states: per state the pattern it ends (-1: none), its depth, its parent and the code unit into it. */
class StateList {
  count = 1
  output = new Int32Array(1024).fill(-1)
  depth = new Int32Array(1024)
  parent = new Int32Array(1024)
  via = new Uint16Array(1024)

  add(from: number, code: number): number {
    if (this.count === this.output.length) {
      const grow = <T extends Int32Array | Uint16Array>(old: T, fill?: number): T => {
        const next = new (old.constructor as new (length: number) => T)(old.length * 2)
        if (fill !== undefined) next.fill(fill)
        next.set(old)
        return next
      }
      this.output = grow(this.output, -1)
      this.depth = grow(this.depth)
      this.parent = grow(this.parent)
      this.via = grow(this.via)
    }
    const state = this.count++
    this.depth[state] = this.depth[from]! + 1
    this.parent[state] = from
    this.via[state] = code
    return state
  }
}

/** The trie's edges (state, code unit) → state: the children of a state side by side, in code-unit order. */
class Edges {
  readonly #first: Int32Array
  readonly #codes: Uint16Array

  constructor(first: Int32Array, codes: Uint16Array) {
    this.#first = first
    this.#codes = codes
  }

  /** The state the edge leads to, or -1. */
  get(state: number, code: number): number {
    const codes = this.#codes
    const end = this.#first[state + 1]!
    let low = this.#first[state]!
    // Bisect a long list (the root's) down to a few, then scan: codes before `low` are smaller.
    for (let high = end; high - low > 8; ) {
      const middle = (low + high) >>> 1
      if (codes[middle]! < code) low = middle + 1
      else high = middle
    }
    for (; low < end && codes[low]! <= code; low++) if (codes[low] === code) return low
    return -1
  }
}

/**
 * Of overlapping matches, keep the leftmost, then the longest, then the one `rank` puts first:
 * `rekryteringskampanjerna` wins over `rekryteringskampanj` at the same place.
 */
export function leftmostLongest<T extends { start: number; end: number }>(found: T[], rank: (match: T) => number): T[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end || rank(a) - rank(b))
  const kept: T[] = []
  let reached = 0
  for (const match of found) {
    if (match.start < reached) continue
    kept.push(match)
    reached = match.end
  }
  return kept
}
