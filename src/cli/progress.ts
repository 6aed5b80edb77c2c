import cliProgress from 'cli-progress'
import { stripControl } from '../errors.ts'

/** Units finished per language and engine, as the build reports them. */
export interface ProgressUpdate {
  lang: string
  engine: string
  done: number
  total: number
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
 * time elapsed. Elsewhere: one plain line per change, which logs and CI keep readable.
 */
export function createProgress(options: { live: boolean; write: (text: string) => void; stream?: NodeJS.WritableStream; now?: () => number }): ProgressDisplay {
  const now = options.now ?? (() => performance.now())
  if (!options.live) {
    const started = new Map<string, number>()
    return {
      update({ lang, engine, done, total }) {
        const id = `${lang} ${engine}`
        if (!started.has(id)) started.set(id, now())
        const seconds = (now() - started.get(id)!) / 1000
        options.write(`${lang}: ${engine} ${done}/${total} units (${seconds.toFixed(1)} s)\n`)
      },
      log: (line) => options.write(`${stripControl(line)}\n`),
      stop: () => {},
    }
  }
  const bars = new cliProgress.MultiBar(
    {
      stream: options.stream ?? process.stderr,
      format: ' {lang} {engine} [{bar}] {value}/{total} units | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  )
  const byId = new Map<string, cliProgress.SingleBar>()
  return {
    update({ lang, engine, done, total }) {
      const id = `${lang} ${engine}`
      const bar = byId.get(id)
      if (bar) bar.update(done)
      else byId.set(id, bars.create(total, done, { lang, engine }))
    },
    log: (line) => bars.log(`${stripControl(line)}\n`),
    // cli-progress draws on a timer and not on stop: draw the final state once more.
    stop: () => {
      if (byId.size > 0) bars.update()
      bars.stop()
    },
  }
}
