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
  // Trie edges in one map keyed by state * 65536 + code unit; children lists for the BFS.
  const edges = new Map<number, number>()
  const children: number[][] = [[]]
  const output: number[] = [-1]
  const depth: number[] = [0]
  patterns.forEach((pattern, index) => {
    let state = 0
    for (let position = 0; position < pattern.length; position++) {
      const key = state * 65536 + pattern.charCodeAt(position)
      let next = edges.get(key)
      if (next === undefined) {
        next = output.length
        edges.set(key, next)
        output.push(-1)
        depth.push(depth[state]! + 1)
        children.push([])
        children[state]!.push(pattern.charCodeAt(position))
      }
      state = next
    }
    if (pattern.length > 0 && output[state] === -1) output[state] = index
  })

  // Failure links and, per state, the nearest state on its failure chain that ends a pattern.
  const fail = new Int32Array(output.length)
  const report = new Int32Array(output.length).fill(-1)
  const queue: number[] = [0]
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!
    for (const code of children[state]!) {
      const child = edges.get(state * 65536 + code)!
      let fallback = state === 0 ? -1 : fail[state]!
      let target = 0
      while (fallback !== -1) {
        const next = edges.get(fallback * 65536 + code)
        if (next !== undefined) {
          target = next
          break
        }
        fallback = fallback === 0 ? -1 : fail[fallback]!
      }
      fail[child] = target
      report[child] = output[target]! !== -1 ? target : report[target]!
      queue.push(child)
    }
  }

  return {
    patterns: patterns.length,
    search(text) {
      const matches: AutomatonMatch[] = []
      let state = 0
      for (let position = 0; position < text.length; position++) {
        const code = text.charCodeAt(position)
        let next = edges.get(state * 65536 + code)
        while (next === undefined && state !== 0) {
          state = fail[state]!
          next = edges.get(state * 65536 + code)
        }
        state = next ?? 0
        for (let hit = output[state] !== -1 ? state : report[state]!; hit !== -1; hit = report[hit]!) {
          matches.push({ pattern: output[hit]!, start: position + 1 - depth[hit]!, end: position + 1 })
        }
      }
      return matches
    },
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
