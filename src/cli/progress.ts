import cliProgress from 'cli-progress'
import { stripControl } from '../errors.ts'
import type { BuildProgress } from '../commands/build/events.ts'
import type { CheckProgress } from '../commands/check.ts'

/** How far a build or a check has come, as it reports it (articles read, an engine's units, editions written, rules run). */
export type ProgressUpdate = BuildProgress | CheckProgress

/**
 * A step that is not an engine's (reading articles, writing editions, rules) is shown only once it
 * has taken a while, so a small job prints what it always printed: on a terminal its bar after two
 * seconds; in a log a line after five seconds, then every five seconds, and its last count.
 */
const barAfter = 2000
const lineEvery = 5000

/** What a bar or line is called and what it counts. */
function describe(event: ProgressUpdate): { id: string; label: string; unit: string } {
  if (event.step === 'read') return { id: 'read', label: 'read', unit: 'articles' }
  if (event.step === 'rule') return { id: 'rule', label: 'checked', unit: event.rule ? `rules, now ${event.rule}` : 'rules' }
  if (event.step === 'write') return { id: `${event.lang} write`, label: `${event.lang}: wrote`, unit: 'editions' }
  return { id: `${event.lang} ${event.engine}`, label: `${event.lang}: ${event.engine}`, unit: 'units' }
}

export interface ProgressDisplay {
  update(event: ProgressUpdate): void
  /** A line of output that must not tear the live display. */
  log(line: string): void
  stop(): void
}

/**
 * Live bars only where someone watches them: a terminal, not CI, and not when stdout carries
 * JSON for a program (a `--json` run may still be started from a terminal).
 */
export function wantsLiveProgress(options: { isTTY: boolean; env: NodeJS.ProcessEnv; json: boolean }): boolean {
  const ci = Boolean(options.env.CI) && options.env.CI !== 'false' && options.env.CI !== '0'
  return options.isTTY && !ci && !options.json && options.env.TERM !== 'dumb'
}

/**
 * On a terminal: one live bar per language and engine (cli-progress), units done/total and the
 * time elapsed, and one for reading the articles and per language for writing its editions when
 * those take a while. Elsewhere: one plain line per change of an engine's units, and for the
 * longer steps a line every five seconds and their last count, which logs and CI keep readable.
 */
export function createProgress(options: { live: boolean; write: (text: string) => void; stream?: NodeJS.WritableStream; now?: () => number }): ProgressDisplay {
  const now = options.now ?? (() => performance.now())
  const started = new Map<string, number>()
  /** How long the bar or line `id` has been running, from its first update. */
  const elapsed = (id: string) => {
    if (!started.has(id)) started.set(id, now())
    return now() - started.get(id)!
  }
  if (!options.live) {
    const printed = new Map<string, number>()
    return {
      update(event) {
        const { id, label, unit } = describe(event)
        const ms = elapsed(id)
        if (event.step !== 'translate') {
          if (ms < lineEvery) return
          const last = printed.get(id)
          if (event.done !== event.total && last !== undefined && ms - last < lineEvery) return
          printed.set(id, ms)
        }
        options.write(`${label} ${event.done}/${event.total} ${unit} (${(ms / 1000).toFixed(1)} s)\n`)
      },
      log: (line) => options.write(`${stripControl(line)}\n`),
      stop: () => {},
    }
  }
  const bars = new cliProgress.MultiBar(
    {
      stream: options.stream ?? process.stderr,
      format: ' {label} [{bar}] {value}/{total} {unit} | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  )
  const byId = new Map<string, cliProgress.SingleBar>()
  return {
    update(event) {
      const { id, label, unit } = describe(event)
      const bar = byId.get(id)
      if (bar) bar.update(event.done, { unit })
      else if (event.step === 'translate' || elapsed(id) >= barAfter) byId.set(id, bars.create(event.total, event.done, { label: label.replace(': ', ' '), unit }))
    },
    log: (line) => bars.log(`${stripControl(line)}\n`),
    // cli-progress draws on a timer and not on stop: draw the final state once more.
    stop: () => {
      if (byId.size > 0) bars.update()
      bars.stop()
    },
  }
}
