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
 * An automaton's tables, per state: its depth and the code unit into it (the trie's states are
 * made in preorder, so each state's parent is the last state before it one level up, and the
 * edges follow), the pattern it ends (-1: none), its failure link and its report link (the
 * nearest state on the failure chain that ends a pattern, -1: none). Depths fit 16 bits unless a
 * pattern is longer than 65,535 code units.
 */
export interface AutomatonData {
  patterns: number
  depth: Uint16Array | Int32Array
  via: Uint16Array
  output: Int32Array
  fail: Int32Array
  report: Int32Array
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
  const output = states.output.slice(0, count)
  const depth = states.depth.slice(0, count)
  const { parent, via } = states
  const edges = new Edges(parent, via, count)

  // Failure links in breadth-first order (states sorted by depth), and per state the nearest
  // state on its failure chain that ends a pattern.
  let deepest = 0
  for (let state = 1; state < count; state++) if (depth[state]! > deepest) deepest = depth[state]!
  const firstAt = new Int32Array(deepest + 2)
  for (let state = 1; state < count; state++) firstAt[depth[state]! + 1]!++
  for (let level = 1; level <= deepest + 1; level++) firstAt[level]! += firstAt[level - 1]!
  const order = new Int32Array(count)
  for (let state = 1; state < count; state++) order[firstAt[depth[state]!]!++] = state
  const fail = new Int32Array(count)
  const report = new Int32Array(count).fill(-1)
  for (let at = 0; at < count - 1; at++) {
    const state = order[at]!
    const from = parent[state]!
    const code = via[state]!
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
    report[state] = output[target]! !== -1 ? target : report[target]!
  }

  const tables: AutomatonData = { patterns: patterns.length, depth: deepest < 0x10000 ? Uint16Array.from(depth) : depth, via: via.slice(0, count), output, fail, report }
  return searching(tables, edges, depth)
}

/** The automaton of tables `data()` gave: its parents and edges made again from the depths. */
export function automatonFromData(data: AutomatonData): Automaton {
  const { via } = data
  const count = data.depth.length
  const depth = data.depth instanceof Int32Array ? data.depth : Int32Array.from(data.depth)
  const parent = new Int32Array(count)
  const lastAt: number[] = [0]
  for (let state = 1; state < count; state++) {
    const level = depth[state]!
    parent[state] = lastAt[level - 1]!
    lastAt[level] = state
  }
  return searching(data, new Edges(parent, via, count), depth)
}

function searching(data: AutomatonData, edges: Edges, depth: Int32Array): Automaton {
  const { output, fail, report } = data
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
          matches.push({ pattern: output[hit]!, start: position + 1 - depth[hit]!, end: position + 1 })
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

/**
 * The trie's edges (state, code unit) → state, made from each state's parent and code unit: the
 * children of a state side by side (a counting sort by parent), in code-unit order, since the trie
 * is built from sorted patterns, so a parent's children are made in that order.
 */
class Edges {
  /** Per state, where its children start in `children` (one more at the end). */
  readonly #first: Int32Array
  readonly #children: Int32Array
  readonly #codes: Uint16Array

  constructor(parent: Int32Array, via: ArrayLike<number>, count: number) {
    const first = new Int32Array(count + 1)
    for (let state = 1; state < count; state++) first[parent[state]! + 1]!++
    for (let state = 0; state < count; state++) first[state + 1]! += first[state]!
    const next = first.slice(0, count)
    const children = new Int32Array(Math.max(count - 1, 0))
    const codes = new Uint16Array(Math.max(count - 1, 0))
    for (let state = 1; state < count; state++) {
      const at = next[parent[state]!]!++
      children[at] = state
      codes[at] = via[state]!
    }
    this.#first = first
    this.#children = children
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
    for (; low < end && codes[low]! <= code; low++) if (codes[low] === code) return this.#children[low]!
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
