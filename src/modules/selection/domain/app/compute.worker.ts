// The selection computation in a worker thread, so a long LEXIMIN run (seconds to a minute on a large pool) never
// blocks the web server. Receives the instance and options; posts progress reports, then the result or the error.
import { parentPort, workerData } from 'node:worker_threads'
import { runSelection, type SelectionOptions } from '../algorithm/select.ts'
import { InfeasibleQuotasError, type SelectionInstance } from '../algorithm/types.ts'
import type { WorkerMessage } from './compute-messages.ts'

const input = workerData as { instance: SelectionInstance; options: Pick<SelectionOptions, 'algorithm' | 'panels' | 'legacyRuns'> }
const post = (m: WorkerMessage) => parentPort!.postMessage(m)

try {
  const outcome = await runSelection(input.instance, { ...input.options, onProgress: progress => post({ type: 'progress', progress }) })
  post({
    type: 'done',
    result: {
      record: outcome.record,
      method: outcome.method,
      minimum: outcome.minimum,
      atMinimum: outcome.atMinimum,
      excluded: outcome.excluded.length,
      lotteryHash: outcome.lotteryHash,
      seconds: outcome.seconds.total,
    },
  })
} catch (err) {
  if (err instanceof InfeasibleQuotasError) post({ type: 'infeasible', message: err.message, ...(err.relaxation ? { relaxation: err.relaxation } : {}) })
  else post({ type: 'error', message: err instanceof Error ? err.message : String(err), input: err instanceof RangeError || (err instanceof Error && err.name === 'SelectionInputError') })
}
