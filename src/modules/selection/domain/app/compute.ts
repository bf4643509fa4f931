// Working out everyone's chances: snapshot the pool, run the selection in a worker thread (so the web server stays
// responsive for the seconds to a minute LEXIMIN can take), report progress to the database for the page to show,
// and store the result. One computation per selection at a time; a heartbeat tells other app instances (and this one
// after a restart) when a computation has died.
import { Worker } from 'node:worker_threads'
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { getSelectionPool, panelCatalogue } from '../../../panel/index.ts'
import { findStaleComputations, updateRun, updateRunIfStatus, type RunSummaryRow } from '../../data/selection.repository.ts'
import { inputHash, type SelectionProgress } from '../algorithm/select.ts'
import type { Feature, SelectionInstance } from '../algorithm/types.ts'
import type { ComputedResult, WorkerMessage } from './compute-messages.ts'
import { buildInstance, checkQuotas } from './quotas.ts'
import { assertMay, loadRunSummary, mayRunSelections } from './runs.ts'
import { topUpProblem, type Problem, type TopUpPlan } from './top-up-problem.ts'

/** A computation whose heartbeat is older than this has died. */
export const STALE_AFTER_MS = 2 * 60_000
const HEARTBEAT_MS = 5_000
const PROGRESS_EVERY_MS = 1_000

const running = new Map<string, { promise: Promise<void>; worker: Worker }>()

/** Resolves when every computation started by this process has finished (tests, graceful shutdown). */
export async function waitForComputations(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running.values()].map(r => r.promise))
}

/** Stop every computation of this process (shutdown). Their runs are marked failed by the stale check later. */
export async function stopComputations(): Promise<void> {
  await Promise.allSettled([...running.values()].map(r => r.worker.terminate()))
}

export function isComputingHere(runId: string): boolean {
  return running.has(runId)
}


async function coreGroupProblem(deps: AppDeps, actor: Actor, run: RunSummaryRow): Promise<Problem> {
  const quotas = JSON.parse(run.quotas_json) as Feature[]
  const pool = await getSelectionPool(deps, actor)
  return { instance: buildInstance(pool, quotas, run.panel_size), pool: pool.map(m => [m.pseudonym, m.participantId]) }
}

/**
 * Start working out the chances for a selection being set up (or one that could not be worked out, after its quotas
 * were changed). Returns once the computation has started; the page follows its progress.
 */
export async function startComputation(deps: AppDeps, actor: Actor, runId: string): Promise<void> {
  assertMay(mayRunSelections(actor), 'work out the chances')
  const run = await loadRunSummary(deps, runId)
  if (run.status !== 'draft' && run.status !== 'failed') {
    throw new AppError(AppErrorCode.INVALID_STATE, { message: `The chances for “${run.title}” cannot be worked out now: it is not being set up` })
  }
  const problems = checkQuotas(panelCatalogue(), JSON.parse(run.quotas_json) as Feature[], run.panel_size)
  if (problems.length) throw new AppError(AppErrorCode.INVALID_STATE, { message: `Change the quotas first: ${problems[0]!.message}` })
  const problem: Problem & { plan?: TopUpPlan } = run.kind === 'top_up' ? await topUpProblem(deps, actor, run) : await coreGroupProblem(deps, actor, run)
  const { instance } = problem
  if (instance.people.length < instance.panelSize) {
    throw new AppError(AppErrorCode.INVALID_STATE, {
      message: `Only ${instance.people.length} ${instance.people.length === 1 ? 'person' : 'people'} can be selected (active panel members who agreed to be contacted), fewer than the ${instance.panelSize} places`,
    })
  }
  const hash = inputHash(instance)
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const ok = await updateRunIfStatus(uow.trx, runId, ['draft', 'failed'], {
      status: 'computing',
      pool_size: instance.people.length,
      instance_json: JSON.stringify(instance),
      pool_json: JSON.stringify(problem.pool),
      ...(problem.plan ? { leaving_json: JSON.stringify(problem.plan) } : {}),
      input_hash: hash,
      progress_json: JSON.stringify({ step: 'starting' }),
      heartbeat_at: now,
      started_at: now,
      finished_at: null,
      error: null,
      relaxation_json: null,
      updated_at: now,
    })
    if (!ok) throw new AppError(AppErrorCode.INVALID_STATE, { message: `The chances for “${run.title}” are already being worked out` })
    await uow.audit({
      action: 'selection.computation_started',
      subjectType: 'selection',
      subjectId: runId,
      summary: { algorithm: run.algorithm, panelSize: instance.panelSize, poolSize: instance.people.length, inputHash: hash, panels: run.panels },
    })
  })
  launch(deps, runId, run.algorithm, run.panels, instance)
}

function launch(deps: AppDeps, runId: string, algorithm: RunSummaryRow['algorithm'], panels: number, instance: SelectionInstance): void {
  const worker = new Worker(new URL('./compute.worker.ts', import.meta.url), { workerData: { instance, options: { algorithm, panels } } })
  let lastWrite = 0
  let latest: SelectionProgress | null = null
  let writing: Promise<void> = Promise.resolve()
  const write = (progress: SelectionProgress | null) => {
    writing = writing
      .then(() => updateRun(deps.db, runId, { heartbeat_at: deps.clock.now().toISOString(), ...(progress ? { progress_json: JSON.stringify(progress) } : {}) }))
      .catch((err: unknown) => deps.logger.warn({ err, runId }, 'could not record the progress of a selection'))
  }
  const heartbeat = setInterval(() => write(latest), HEARTBEAT_MS)
  heartbeat.unref()

  const promise = new Promise<void>(resolve => {
    let settled = false
    const finish = (outcome: Outcome) => {
      if (settled) return
      settled = true
      clearInterval(heartbeat)
      void worker.terminate()
      writing
        .then(() => store(deps, runId, outcome))
        .catch((err: unknown) => deps.logger.error({ err, runId }, 'could not store the result of a selection'))
        .finally(() => {
          running.delete(runId)
          resolve()
        })
    }
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        latest = m.progress
        const now = Date.now()
        if (now - lastWrite >= PROGRESS_EVERY_MS) {
          lastWrite = now
          write(m.progress)
        }
      } else finish(m)
    })
    worker.on('error', err => {
      deps.logger.error({ err, runId }, 'the selection worker failed')
      finish({ type: 'crashed', message: 'The computation stopped because of a fault. Try again; if it happens again, tell the service’s support team.' })
    })
    worker.on('exit', code => finish({ type: 'crashed', message: `The computation stopped before it finished (code ${code}). Try again.` }))
  })
  running.set(runId, { promise, worker })
}

type Outcome = Exclude<WorkerMessage, { type: 'progress' }> | { type: 'crashed'; message: string }

async function store(deps: AppDeps, runId: string, outcome: Outcome): Promise<void> {
  const actor: Actor = { userId: null, role: 'system', displayName: 'Selection computation' }
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    if (outcome.type === 'done') {
      const r: ComputedResult = outcome.result
      const ok = await updateRunIfStatus(uow.trx, runId, ['computing'], {
        status: 'computed',
        record_json: JSON.stringify(r.record),
        method: r.method,
        minimum_probability: r.minimum,
        at_minimum: r.atMinimum,
        excluded_count: r.excluded,
        lottery_hash: r.lotteryHash,
        progress_json: null,
        finished_at: now,
        heartbeat_at: now,
        updated_at: now,
      })
      if (!ok) return
      await uow.audit({
        action: 'selection.computed',
        subjectType: 'selection',
        subjectId: runId,
        summary: { method: r.method, minimumProbability: r.minimum, atMinimum: r.atMinimum, excluded: r.excluded, lotteryHash: r.lotteryHash, seconds: Math.round(r.seconds * 10) / 10 },
      })
      return
    }
    const message = outcome.message
    const ok = await updateRunIfStatus(uow.trx, runId, ['computing'], {
      status: 'failed',
      error: message,
      relaxation_json: outcome.type === 'infeasible' && outcome.relaxation ? JSON.stringify(outcome.relaxation) : null,
      progress_json: null,
      finished_at: now,
      heartbeat_at: now,
      updated_at: now,
    })
    if (!ok) return
    await uow.audit({ action: 'selection.computation_failed', subjectType: 'selection', subjectId: runId, summary: { reason: outcome.type, message } })
  })
}

/**
 * Mark computations whose heartbeat has stopped as failed, so they can be started again. Runs at start-up and
 * whenever a selection's page is shown. Skips computations this process is running.
 */
export async function recoverStaleComputations(deps: AppDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - STALE_AFTER_MS).toISOString()
  const stale = (await findStaleComputations(deps.db, before)).filter(r => !running.has(r.id))
  let recovered = 0
  for (const r of stale) {
    await store(deps, r.id, { type: 'crashed', message: 'The computation stopped before it finished (the service may have restarted). Work out the chances again.' })
    recovered++
  }
  return recovered
}
