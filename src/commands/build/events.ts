import type { Problem } from '../../project/article.ts'
import type { DryRunPlan } from './plan.ts'
import { throttledProgress } from '../progress.ts'

/**
 * How far a build has come, for a terminal or a log:
 * - `translate`: units finished per language and engine;
 * - `read`: articles read and parsed;
 * - `write`: one language's editions rendered and written.
 * A step's first (`done: 0`) and last (`done === total`) counts always come; the ones between at
 * most every 100 ms (`stepReporter`).
 */
export type BuildProgress =
  | { step: 'translate'; lang: string; engine: string; done: number; total: number }
  | { step: 'read'; done: number; total: number }
  | { step: 'write'; lang: string; done: number; total: number }

/** Passes a build step's counts on: its first and last always, the others at most every 100 ms. */
export function stepReporter(report: ((event: BuildProgress) => void) | undefined): (event: BuildProgress) => void {
  return throttledProgress(report, (event) => (event.step === 'read' ? 'read' : `${event.step} ${event.lang}${event.step === 'translate' ? ` ${event.engine}` : ''}`))
}

/**
 * What a build tells while it runs; the CLI (`cli/build-output.ts`) decides how it reads.
 * - `problem`: an input problem (an article refused, a warning in an article, a missing resource);
 * - `language`: a language starts, with its units and chain;
 * - `skipped`: an engine of the chain cannot be used, and why;
 * - `plan`: dry run only, what the language's engines would be sent;
 * - `no-engine`: a language's units reached no engine at all, and how to get one;
 * - `note`: a line to show as it is.
 */
export type BuildEvent =
  | { type: 'problem'; problem: Problem }
  | { type: 'language'; lang: string; units: number; chain: readonly string[]; dryRun: boolean }
  | { type: 'skipped'; lang: string; engine: string; reason: string }
  | { type: 'plan'; plan: DryRunPlan }
  | { type: 'no-engine'; lang: string; message: string }
  /** A line to show as it is (waiting for another build's workspace lock). */
  | { type: 'note'; text: string }

/**
 * Emitters for tasks that run at once, whose events still come out in task order: task 0's as
 * they happen, a later task's once every task before it is `done` (held until then).
 */
export function eventsInOrder<E>(count: number, emit: (event: E) => void): { emitters: Array<(event: E) => void>; done: (index: number) => void } {
  const held: E[][] = Array.from({ length: count }, () => [])
  const finished: boolean[] = Array.from({ length: count }, () => false)
  let head = 0
  return {
    emitters: held.map((queue, index) => (event: E) => (index === head ? emit(event) : queue.push(event))),
    done(index) {
      finished[index] = true
      while (head < count && finished[head]) {
        head++
        if (head < count) for (const event of held[head]!.splice(0)) emit(event)
      }
    },
  }
}
