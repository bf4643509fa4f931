// Training and suggesting take seconds on a large project (bench/analysis: 50,000 items in ~8 s), and so can keyword
// clusters, so they run in a worker thread: the app keeps serving everyone else meanwhile. The worker is pure: texts
// (and coding) in, suggestions with their explanations (or clusters) out.
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { prepareCorpus } from './features.ts'
import { explainSuggestion, suggestCodes, trainSuggester, type CodedRow, type CrossValidation } from './classifier.ts'
import { clusterByKeywords, type ClusterOptions, type KeywordCluster } from '../explore/clusters.ts'

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

export interface ClusterJob {
  items: { id: string; text: string }[]
  options: ClusterOptions
}

type Job = { kind: 'suggest'; job: SuggestJob } | { kind: 'cluster'; job: ClusterJob }

function runJob(job: Job): unknown {
  return job.kind === 'suggest' ? runSuggestJob(job.job) : clusterByKeywords(job.job.items, job.job.options)
}

function inWorker<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { role: WORKER_ROLE } })
    worker.once('message', (m: { ok: true; result: T } | { ok: false; error: string }) => {
      void worker.terminate()
      if (m.ok) resolve(m.result)
      else reject(new Error(m.error))
    })
    worker.once('error', reject)
    worker.postMessage(job)
  })
}

/** Train and suggest in a worker thread. */
export function runSuggestJobInWorker(job: SuggestJob): Promise<SuggestJobResult> {
  return inWorker({ kind: 'suggest', job })
}

/** Keyword clusters in a worker thread. */
export function clusterInWorker(job: ClusterJob): Promise<KeywordCluster[]> {
  return inWorker({ kind: 'cluster', job })
}

if (parentPort && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const port = parentPort
  port.once('message', (job: Job) => {
    try {
      port.postMessage({ ok: true, result: runJob(job) })
    } catch (err) {
      port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) })
    }
  })
}
