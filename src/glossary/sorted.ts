/** The index of the first item of a sorted list that is not less than `value` (the list's length when there is none), by bisection. */
export function firstAtLeast<T extends string | number>(sorted: ArrayLike<T>, value: T): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle]! < value) low = middle + 1
    else high = middle
  }
  return low
}
