import { describe, expect, test } from 'vitest'
import { containsSecret, parseRetryAfter, redact } from '../../src/engines/faults.ts'
import { createProgress, wantsLiveProgress } from '../../src/cli/progress.ts'
import { batchUnits } from '../../src/translate/batch.ts'

describe('Retry-After', () => {
  test('reads delay-seconds, an HTTP date, and prefers retry-after-ms', () => {
    expect(parseRetryAfter('3')).toBe(3000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', undefined, Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000)
    expect(parseRetryAfter('3', '1500')).toBe(1500)
    expect(parseRetryAfter(undefined)).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})

describe('redact', () => {
  test('removes a key, also percent-encoded, from text a server sent back', () => {
    expect(redact('bad key abc:fx/123 (abc%3Afx%2F123)', ['abc:fx/123'])).toBe('bad key [redacted] ([redacted])')
    expect(redact('nothing to hide', [undefined, ''])).toBe('nothing to hide')
  })

  test('an answer holds part of a key exactly when redact would change it: whole, percent-encoded, 8 characters in a row, its first or last 4', () => {
    const secret = 'abc:fx/123-secret-key'
    const texts = ['The weather is fine.', `key ${secret}`, 'abc%3Afx%2F123-secret', 'only fx/123-se here', 'ends -key.', 'starts abc: here', 'abc-fx 123 secret key', '']
    for (const text of texts) expect(containsSecret(text, [secret, undefined]), text).toBe(redact(text, [secret]) !== text)
    expect(texts.filter((text) => containsSecret(text, [secret]))).toEqual([`key ${secret}`, 'abc%3Afx%2F123-secret', 'only fx/123-se here', 'ends -key.', 'starts abc: here'])
  })
})

describe('batching', () => {
  test('cuts at maxBatch and wherever the engine says a batch no longer fits', () => {
    const items = ['aaaa', 'bb', 'cc', 'dddddd', 'e', 'f', 'g']
    const batches = batchUnits(items, { maxBatch: 3, fits: (batch) => batch.reduce((sum, request) => sum + request.text.length, 0) <= 6 }, (text) => ({ key: text, text }))
    expect(batches).toEqual([['aaaa', 'bb'], ['cc'], ['dddddd'], ['e', 'f', 'g']])
  })

  test('a unit too big on its own still gets a batch, so the engine can say why it refuses it', () => {
    expect(batchUnits(['x'.repeat(10), 'y'], { fits: (batch) => batch.length === 1 || batch.every((request) => request.text.length < 5) }, (text) => ({ key: text, text }))).toEqual([['x'.repeat(10)], ['y']])
  })
})

describe('progress', () => {
  test('is live only on a terminal, outside CI and without --json', () => {
    expect(wantsLiveProgress({ isTTY: true, env: {}, json: false })).toBe(true)
    expect(wantsLiveProgress({ isTTY: false, env: {}, json: false })).toBe(false)
    expect(wantsLiveProgress({ isTTY: true, env: { CI: 'true' }, json: false })).toBe(false)
    expect(wantsLiveProgress({ isTTY: true, env: {}, json: true })).toBe(false)
  })

  test('elsewhere prints one plain line per change with the time elapsed for that language and engine', () => {
    let clock = 1000
    const lines: string[] = []
    const progress = createProgress({ live: false, write: (text) => void lines.push(text), now: () => clock })
    progress.update({ step: 'translate', lang: 'en', engine: 'deepl', done: 0, total: 60 })
    clock += 1500
    progress.update({ step: 'translate', lang: 'en', engine: 'deepl', done: 50, total: 60 })
    progress.log('en: deepl skipped: \u001b[31mquota\u001b[0m')
    expect(lines).toEqual(['en: deepl 0/60 units (0.0 s)\n', 'en: deepl 50/60 units (1.5 s)\n', 'en: deepl skipped: quota\n'])
  })

  test('in a log shows reading articles and writing editions only once they take five seconds, then every five seconds and their last count', () => {
    let clock = 0
    const lines: string[] = []
    const progress = createProgress({ live: false, write: (text) => void lines.push(text), now: () => clock })
    // A quick step prints nothing, as a small build always did.
    progress.update({ step: 'write', lang: 'en', done: 0, total: 2 })
    clock += 300
    progress.update({ step: 'write', lang: 'en', done: 2, total: 2 })
    expect(lines).toEqual([])
    progress.update({ step: 'read', done: 0, total: 10_000 })
    for (const [at, done] of [[1_500, 900], [4_999, 3_000], [5_200, 3_200], [7_000, 4_500], [10_300, 6_400], [12_000, 9_000], [12_100, 10_000]] as const) {
      clock = 300 + at
      progress.update({ step: 'read', done, total: 10_000 })
    }
    progress.update({ step: 'translate', lang: 'da', engine: 'apertium', done: 0, total: 5 })
    expect(lines).toEqual(['read 3200/10000 articles (5.2 s)\n', 'read 6400/10000 articles (10.3 s)\n', 'read 10000/10000 articles (12.1 s)\n', 'da: apertium 0/5 units (0.0 s)\n'])
  })

  test('in a log names the check rule running once the rules take five seconds', () => {
    let clock = 0
    const lines: string[] = []
    const progress = createProgress({ live: false, write: (text) => void lines.push(text), now: () => clock })
    progress.update({ step: 'rule', rule: 'glossary-term', done: 0, total: 20 })
    clock = 6_000
    progress.update({ step: 'rule', rule: 'swedish-word', done: 3, total: 20 })
    clock = 7_000
    progress.update({ step: 'rule', done: 20, total: 20 })
    expect(lines).toEqual(['checked 3/20 rules, now swedish-word (6.0 s)\n', 'checked 20/20 rules (7.0 s)\n'])
  })

  test('on a terminal draws a bar for reading articles and one per language for writing editions once they take two seconds', async () => {
    const { PassThrough } = await import('node:stream')
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true })
    let output = ''
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()))
    let clock = 0
    const progress = createProgress({ live: true, write: () => {}, stream, now: () => clock })
    progress.update({ step: 'read', done: 0, total: 40 })
    progress.update({ step: 'write', lang: 'nb', done: 0, total: 40 })
    progress.update({ step: 'write', lang: 'nb', done: 40, total: 40 })
    clock = 2_500
    progress.update({ step: 'read', done: 30, total: 40 })
    progress.stop()
    expect(output).toMatch(/read +\[[█░]+\] 30\/40 articles/)
    expect(output).not.toContain('nb wrote')
  })

  test('on a terminal draws a bar per language and engine with units done and total', async () => {
    const { PassThrough } = await import('node:stream')
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true })
    let output = ''
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const progress = createProgress({ live: true, write: () => {}, stream })
    progress.update({ step: 'translate', lang: 'en', engine: 'deepl', done: 0, total: 60 })
    progress.update({ step: 'translate', lang: 'en', engine: 'deepl', done: 60, total: 60 })
    progress.update({ step: 'translate', lang: 'da', engine: 'apertium', done: 3, total: 9 })
    progress.stop()
    expect(output).toMatch(/en deepl +\[[█░]+\] 60\/60 units \| +\d+s/)
    expect(output).toMatch(/da apertium +\[[█░]+\] 3\/9 units/)
  })
})
