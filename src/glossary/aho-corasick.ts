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
}

export function compileAutomaton(patterns: readonly string[]): Automaton {
  // The trie is built from the patterns in code-unit order: each pattern shares its prefix with the
  // one before, so only its new states are made, with no look-ups (80,000 glossary forms make
  // 170,000 states out of 1.5 million code units). Equal patterns keep the first index.
  const first = new Map<string, number>()
  patterns.forEach((pattern, index) => {
    if (pattern.length > 0 && !first.has(pattern)) first.set(pattern, index)
  })
  const edges = new EdgeTable()
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
      const next = states.add(state, code)
      edges.set(state, code, next)
      path[position + 1] = state = next
    }
    states.output[state] = first.get(pattern)!
    previous = pattern
  }
  const count = states.count
  const output = states.output.slice(0, count)
  const depth = states.depth.slice(0, count)
  const { parent, via } = states

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

  return {
    patterns: patterns.length,
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
 * The trie's edges (state, code unit) → state: open addressing with linear probing in one
 * Int32Array, a slot's three numbers side by side, doubled when half full.
 */
class EdgeTable {
  #slots = new Int32Array(1024 * 3).fill(-1)
  #mask = 1023
  #count = 0

  #slot(state: number, code: number): number {
    let hash = Math.imul(state, 0x9e3779b1) ^ code
    hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca77)
    return (hash ^ (hash >>> 13)) & this.#mask
  }

  /** The state the edge leads to, or -1. */
  get(state: number, code: number): number {
    const slots = this.#slots
    for (let slot = this.#slot(state, code); ; slot = (slot + 1) & this.#mask) {
      const at = slot * 3
      const from = slots[at]!
      if (from === -1) return -1
      if (from === state && slots[at + 1] === code) return slots[at + 2]!
    }
  }

  /** Add an edge that is not there yet. */
  set(state: number, code: number, next: number): void {
    if (++this.#count * 2 > this.#mask + 1) this.#grow()
    this.#put(state, code, next)
  }

  #put(state: number, code: number, next: number): void {
    const slots = this.#slots
    let slot = this.#slot(state, code)
    while (slots[slot * 3] !== -1) slot = (slot + 1) & this.#mask
    slots[slot * 3] = state
    slots[slot * 3 + 1] = code
    slots[slot * 3 + 2] = next
  }

  #grow(): void {
    const old = this.#slots
    this.#slots = new Int32Array(old.length * 2).fill(-1)
    this.#mask = (this.#mask + 1) * 2 - 1
    for (let at = 0; at < old.length; at += 3) if (old[at] !== -1) this.#put(old[at]!, old[at + 1]!, old[at + 2]!)
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
