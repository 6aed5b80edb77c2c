import { UsageError } from '../errors.ts'

/**
 * `--shard i/n`: a CI matrix splits a big archive into n jobs the way vitest's and Playwright's
 * `--shard` do. An article belongs to one shard, chosen by a stable hash of its path relative to
 * the config (POSIX separators), so the split is the same on every machine and an article keeps
 * its shard while others are added or removed.
 */
export interface Shard {
  /** 1 to `count`. */
  index: number
  count: number
}

/** `2/4` → `{ index: 2, count: 4 }`; anything else is a usage error. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = match ? Number(match[1]) : NaN
  const count = match ? Number(match[2]) : NaN
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`Expected \`--shard\` to be i/n with 1 ≤ i ≤ n (such as 1/4), got \`${text}\``)
  return { index, count }
}

/** The shard (1 to `count`) an article's path falls in. */
export function shardOf(path: string, count: number): number {
  return (process.getBuiltinModule('node:crypto').createHash('sha256').update(path).digest().readUInt32BE(0) % count) + 1
}

/** The items whose path falls in the shard; all of them without a shard. */
export function inShard<T>(items: readonly T[], path: (item: T) => string, shard: Shard | undefined): T[] {
  return shard ? items.filter((item) => shardOf(path(item), shard.count) === shard.index) : [...items]
}

/** The build report's file name for a shard: `report-2-of-4.json`, so shards built into one folder keep their own. */
export function shardReportName(shard: Shard | undefined): string {
  return shard ? `report-${shard.index}-of-${shard.count}.json` : 'report.json'
}

