/**
 * The orders reports are sorted in, with one shared `Intl.Collator` each: `localeCompare` builds a
 * collator on every call (about 20 µs), which a sort of 10,000 articles calls some 130,000 times.
 */
const paths = new Intl.Collator()

/** Paths and file names as `a.localeCompare(b)` orders them. */
export const comparePaths: (a: string, b: string) => number = paths.compare
