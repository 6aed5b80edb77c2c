import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { ResolvedConfig } from '../../config/schema.ts'
import { catalogPaths } from '../../catalog/store.ts'
import { EnvironmentError, InputError, TolkError, UsageError, type Place } from '../../errors.ts'
import { mapInParallel } from '../../fs/parallel.ts'
import { slugFromPath } from '../../project/articles.ts'
import type { BuildEvent, BuildProgress } from './events.ts'
import type { BuildOptions, PartResult } from '../build.ts'

/**
 * Languages built in worker threads, one per language and as many at once as there are cores: each
 * worker reads and parses the articles itself, translates and renders its language and sends back
 * what it found; the build folds that into its report as if it had built the languages itself.
 * Reading every article once per language costs CPU, so this is done only where each language has
 * engine work for a good share of the articles (a first build, a new language), and the languages
 * then use two cores instead of one.
 */

/** Engines that run here and have a queue per language anyway; an engine shared by languages over the network keeps one queue, in one thread. */
const perLanguageEngines = new Set(['catalog', 'apertium', 'identity', 'pseudo'])
/** Below this many articles a worker's start (loading tolk, about 0.3 s) is not won back. */
const fewestArticles = 50

/**
 * Whether the languages are built in workers: two or more of them, a build the caller can hand over
 * (no protection, engine services or callbacks beyond events and progress), no engine whose queue
 * the languages share across the network, and at least two languages with no catalog yet for a
 * quarter of the articles or more.
 */
export function workersFit(config: ResolvedConfig, targets: readonly string[], articlePaths: readonly string[], options: BuildOptions): boolean {
  if (options.languageWorkers === false || targets.length < 2 || options.protect || options.services || options.drafts === false) return false
  const users = new Map<string, number>()
  for (const lang of targets) for (const engine of new Set(config.targets[lang]!.engines)) users.set(engine, (users.get(engine) ?? 0) + 1)
  if ([...users].some(([engine, count]) => count > 1 && !perLanguageEngines.has(engine))) return false
  if (options.languageWorkers === true) return true
  if (articlePaths.length < fewestArticles) return false
  const slugs = articlePaths.map((path) => slugFromPath(path, config.source))
  const cold = targets.filter((lang) => {
    if (!config.targets[lang]!.engines.some((engine) => engine !== 'catalog')) return false
    let missing = 0
    for (const slug of slugs) if (!existsSync(catalogPaths(config.paths.locales, lang, slug).entries)) missing++
    return missing * 4 >= slugs.length
  })
  return cold.length >= 2
}

/** What a worker is given (`language-worker.ts`): the build's options that can cross to a thread, and its language. */
export interface WorkerData {
  options: Omit<BuildOptions, 'onEvent' | 'onProgress' | 'signal' | 'protect' | 'services'>
  lang: string
  primary: boolean
}

/** Messages from a worker. */
export type FromWorker =
  | { type: 'event'; event: BuildEvent }
  | { type: 'progress'; progress: BuildProgress }
  | { type: 'result'; result: PartResult }
  | { type: 'error'; error: SentError }

/** Messages to a worker. */
export type ToWorker = { type: 'abort' }

/**
 * Each language built in its own worker, at most `concurrency` at once, events passed on in target
 * order. No worker writes the source catalogs, which every worker reads (for the review step): the
 * first language's worker returns them and the build writes them once every language is done.
 */
export async function buildInWorkers(
  options: BuildOptions,
  targets: readonly string[],
  concurrency: number,
  order: { emitters: Array<(event: BuildEvent) => void>; done: (index: number) => void },
): Promise<Array<{ value: PartResult } | { error: unknown }>> {
  const { onEvent: _onEvent, onProgress, signal, protect: _protect, services: _services, ...portable } = options
  const entry = new URL(import.meta.url.endsWith('.ts') ? './language-worker.ts' : './language-worker.js', import.meta.url)
  // The sources run under tsx (tests, a bin whose compiled copy is stale): the worker registers it first.
  const script = import.meta.url.endsWith('.ts')
    ? { code: `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}) })`, eval: true }
    : { code: entry, eval: false }

  const running = new Set<Worker>()

  const abort = () => {
    for (const worker of running) worker.postMessage({ type: 'abort' } satisfies ToWorker)
  }
  signal?.addEventListener('abort', abort, { once: true })
  try {
    return await mapInParallel(
      targets,
      (lang, index) =>
        new Promise<{ value: PartResult } | { error: unknown }>((resolve) => {
          const data: WorkerData = { options: portable, lang, primary: index === 0 }
          const worker = new Worker(script.code, { eval: script.eval, workerData: data })
          running.add(worker)
          let outcome: { value: PartResult } | { error: unknown } | undefined
          worker.on('message', (message: FromWorker) => {
            switch (message.type) {
              case 'event':
                return order.emitters[index]!(message.event)
              case 'progress':
                return onProgress?.(message.progress)
              case 'result':
                outcome = { value: message.result }
                return
              case 'error':
                outcome = { error: receivedError(message.error) }
            }
          })
          worker.on('error', (error) => {
            outcome ??= { error }
          })
          worker.on('exit', (code) => {
            running.delete(worker)
            order.done(index)
            resolve(outcome ?? { error: new Error(`the ${lang} build's worker stopped (exit code ${code}) without a result`) })
          })
          if (signal?.aborted) worker.postMessage({ type: 'abort' } satisfies ToWorker)
        }),
      concurrency,
    )
  } finally {
    signal?.removeEventListener('abort', abort)
  }
}

/** An error as it crosses from a worker: tolk's own kinds keep their class, code, place and problems. */
export type SentError =
  | { kind: 'InputError'; message: string; code: string; place?: Place; problems: SentError[] }
  | { kind: 'EnvironmentError'; message: string; verb: string; path: string }
  | { kind: 'UsageError'; message: string }
  | { kind: 'TolkError'; message: string; code: string; place?: Place }
  | { kind: 'Error'; name: string; message: string; stack?: string; code?: string; syscall?: string; path?: string }

export function sentError(error: unknown): SentError {
  if (error instanceof InputError) return { kind: 'InputError', message: error.message, code: error.code, place: error.place, problems: error.problems.map(sentError) }
  if (error instanceof EnvironmentError) return { kind: 'EnvironmentError', message: error.message, verb: error.verb, path: error.path }
  if (error instanceof UsageError) return { kind: 'UsageError', message: error.message }
  if (error instanceof TolkError) return { kind: 'TolkError', message: error.message, code: error.code, place: error.place }
  const plain = error instanceof Error ? error : new Error(String(error))
  const system = plain as NodeJS.ErrnoException
  return { kind: 'Error', name: plain.name, message: plain.message, stack: plain.stack, code: system.code, syscall: system.syscall, path: system.path }
}

export function receivedError(sent: SentError): Error {
  switch (sent.kind) {
    case 'InputError':
      return new InputError(sent.message, sent.place, { code: sent.code, problems: sent.problems.map(receivedError) as InputError[] })
    case 'EnvironmentError':
      return new EnvironmentError(sent.verb, sent.path, sent.message)
    case 'UsageError':
      return new UsageError(sent.message)
    case 'TolkError':
      return new TolkError(sent.message, { code: sent.code, place: sent.place })
    case 'Error': {
      const error = Object.assign(new Error(sent.message), { name: sent.name, stack: sent.stack }) as NodeJS.ErrnoException
      if (sent.code !== undefined) error.code = sent.code
      if (sent.syscall !== undefined) error.syscall = sent.syscall
      if (sent.path !== undefined) error.path = sent.path
      return error
    }
  }
}
