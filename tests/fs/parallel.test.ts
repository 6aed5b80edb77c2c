import { describe, expect, it } from 'vitest'
import { mapInParallel } from '../../src/fs/parallel.ts'

/** Work that holds the thread for `ms` milliseconds, as parsing or a file in the page cache does. */
function busy(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // Spin.
  }
}

describe('mapInParallel', () => {
  it('lets timers run (the event loop gets a turn) during a long run of calls that finish synchronously', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    try {
      const results = await mapInParallel(Array.from({ length: 200 }, (_, index) => index), async (index) => {
        busy(2)
        return index * 2
      })
      expect(results).toEqual(Array.from({ length: 200 }, (_, index) => index * 2))
    } finally {
      clearInterval(timer)
    }
    // 400 ms of work: the event loop had a turn about every 50 ms.
    expect(ticks).toBeGreaterThanOrEqual(4)
  })

  it('keeps the items’ order and runs at most `concurrency` calls at once', async () => {
    let running = 0
    let most = 0
    const results = await mapInParallel(
      [30, 10, 20, 0, 5],
      async (ms, index) => {
        running++
        most = Math.max(most, running)
        await new Promise((resolve) => setTimeout(resolve, ms))
        running--
        return `${index}:${ms}`
      },
      2,
    )
    expect(results).toEqual(['0:30', '1:10', '2:20', '3:0', '4:5'])
    expect(most).toBe(2)
  })
})

describe('mapInParallel with a signal', () => {
  it('starts no further call once the signal is aborted, and rejects with its reason', async () => {
    const controller = new AbortController()
    const started: number[] = []
    const run = mapInParallel(
      Array.from({ length: 100 }, (_, index) => index),
      async (index) => {
        started.push(index)
        if (index === 3) controller.abort(new Error('interrupted'))
        await new Promise((resolve) => setTimeout(resolve, 1))
        return index
      },
      2,
      controller.signal,
    )
    await expect(run).rejects.toThrow('interrupted')
    expect(started.length).toBeLessThan(10)
  })
})
