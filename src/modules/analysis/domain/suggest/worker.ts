// Training and suggesting take seconds on a large project (bench/analysis: 50,000 items in ~8 s), so they run in a
// worker thread: the app keeps serving everyone else meanwhile. The worker is pure: texts and coding in, suggestions
// with their explanations out.
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { prepareCorpus } from './features.ts'
import { explainSuggestion, suggestCodes, trainSuggester, type CodedRow, type CrossValidation } from './classifier.ts'

export interface SuggestJob {
  texts: { id: string; text: string }[]
  coded: CodedRow[]
  codeCount: number
  /** Rows to suggest for. */
  targets: number[]
  seed: number
}

export interface SuggestJobResult {
  suggestions: { row: number; code: number; confidence: number; bulk: boolean; words: { term: string; weight: number }[]; similar: string[] }[]
  crossValidation: CrossValidation | null
  bulkThreshold: number
}

const WORKER_ROLE = 'charter-suggest'

/** The work itself (also callable directly, e.g. in tests). */
export function runSuggestJob(job: SuggestJob): SuggestJobResult {
  const corpus = prepareCorpus(job.texts)
  const model = trainSuggester(corpus, job.coded, job.codeCount, { seed: job.seed })
  const targets = Int32Array.from(job.targets)
  const all = suggestCodes(model, corpus, targets)
  const suggestions: SuggestJobResult['suggestions'] = []
  all.forEach((list, i) => {
    const row = targets[i]!
    for (const s of list) {
      const why = explainSuggestion(model, corpus, row, s.code, { words: 5, examples: 3 })
      suggestions.push({ row, code: s.code, confidence: s.confidence, bulk: s.bulk, words: why.words, similar: why.similar })
    }
  })
  return { suggestions, crossValidation: model.crossValidation, bulkThreshold: model.bulkThreshold }
}

/** Run the job in a worker thread. */
export function runSuggestJobInWorker(job: SuggestJob): Promise<SuggestJobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { role: WORKER_ROLE } })
    worker.once('message', (m: { ok: true; result: SuggestJobResult } | { ok: false; error: string }) => {
      void worker.terminate()
      if (m.ok) resolve(m.result)
      else reject(new Error(m.error))
    })
    worker.once('error', reject)
    worker.postMessage(job)
  })
}

if (parentPort && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const port = parentPort
  port.once('message', (job: SuggestJob) => {
    try {
      port.postMessage({ ok: true, result: runSuggestJob(job) })
    } catch (err) {
      port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) })
    }
  })
}
