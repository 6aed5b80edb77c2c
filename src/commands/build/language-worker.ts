/**
 * A worker thread's build of one language (`build/workers.ts`): events and progress go to the
 * build that started it as they happen, then its result or its error.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { buildPart } from '../build.ts'
import { sentError, type FromWorker, type ToWorker, type WorkerData } from './workers.ts'

const port = parentPort!
const { options, lang, primary } = workerData as WorkerData
const send = (message: FromWorker) => port.postMessage(message)
const controller = new AbortController()
port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') controller.abort()
})
try {
  const result = await buildPart(
    { ...options, signal: controller.signal, onEvent: (event) => send({ type: 'event', event }), onProgress: (progress) => send({ type: 'progress', progress }) },
    { lang, primary },
  )
  send({ type: 'result', result })
} catch (error) {
  send({ type: 'error', error: sentError(error) })
} finally {
  port.close()
}
