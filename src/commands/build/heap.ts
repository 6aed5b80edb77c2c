import { setFlagsFromString } from 'node:v8'

/**
 * Garbage collected sooner while a big build runs. On a machine with plenty of memory V8 lets its
 * heap grow to up to four times what is live before the next full collection; a build of 10,000
 * articles has about 350 MB live and made garbage fast enough to take the process to 1.75 GB.
 * With the heap allowed to grow by half between collections it stays well under 1 GB, for little
 * CPU (`bench/README.md`, 10,000 articles). A process started with its own
 * `--heap-growing-percent` keeps it. Returns the function that gives V8 back its own choice, once
 * the last big build of the process is done.
 */
let holders = 0
const percent = 50

export function boundHeapGrowth(): () => void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) => /^--heap[-_]growing[-_]percent/.test(flag))
  if (given) return () => {}
  if (holders++ === 0) setFlagsFromString(`--heap-growing-percent=${percent}`)
  let released = false
  return () => {
    if (released) return
    released = true
    if (--holders === 0) setFlagsFromString('--heap-growing-percent=0')
  }
}
