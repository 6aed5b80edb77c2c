/**
 * The orders reports and editions are sorted in, with one shared `Intl.Collator` each:
 * `localeCompare` with a locale or options builds a collator on every call (about 20 µs), which a
 * sort of 10,000 articles calls some 130,000 times. A collator compares exactly as `localeCompare`
 * with the same locale and options does.
 */
const paths = new Intl.Collator()
const swedish = new Intl.Collator('sv')

/** Paths and file names as `a.localeCompare(b)` orders them. */
export const comparePaths: (a: string, b: string) => number = paths.compare

/** Swedish words as `a.localeCompare(b, 'sv')` orders them. */
export const compareSwedish: (a: string, b: string) => number = swedish.compare

