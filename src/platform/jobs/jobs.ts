import { hostname } from 'node:os'
import type { AppDeps } from '../deps.ts'
import { newId } from '../ids.ts'
import { finishJobRun, findLease, insertJobRun, listJobRuns, releaseLease, tryAcquireLease, type JobRunRow } from './jobs.repository.ts'

/**
 * A scheduled job: retention, clean-ups, reminders. A job does its own changes in its own transactions and writes
 * its own audit events; the runner records each run and its report (what the job did), and makes sure only one
 * app instance runs a job at a time.
 */
export interface JobDefinition {
  /** `<module>.<what>`, e.g. `panel.retention`. */
  readonly name: string
  readonly description: string
  /** How often it runs, in minutes. */
  readonly everyMinutes: number
  /** The longest a run may hold its lease; another instance may take over after that. */
  readonly leaseMinutes?: number
  run(deps: AppDeps): Promise<Record<string, unknown>>
}

export interface JobRunView {
  id: string
  name: string
  startedAt: string
  finishedAt: string | null
  status: JobRunRow['status']
  report: Record<string, unknown>
  error: string | null
  triggeredBy: string
}

const HOLDER = `${hostname()}:${process.pid}`

function toView(r: JobRunRow): JobRunView {
  return {
    id: r.id,
    name: r.name,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    report: JSON.parse(r.report) as Record<string, unknown>,
    error: r.error,
    triggeredBy: r.triggered_by,
  }
}

/** Run a job now if no other instance is running it. Returns the run, or null if another instance holds it. */
export async function runJob(deps: AppDeps, job: JobDefinition, triggeredBy: string): Promise<JobRunView | null> {
  const started = deps.clock.now()
  const until = new Date(started.getTime() + (job.leaseMinutes ?? 30) * 60_000).toISOString()
  if (!(await tryAcquireLease(deps.db, job.name, HOLDER, started.toISOString(), until))) return null
  const id = newId(started.getTime())
  await insertJobRun(deps.db, { id, name: job.name, started_at: started.toISOString(), finished_at: null, status: 'running', report: '{}', error: null, triggered_by: triggeredBy })
  let status: JobRunRow['status'] = 'succeeded'
  let report: Record<string, unknown> = {}
  let error: string | null = null
  try {
    report = await job.run(deps)
  } catch (err) {
    status = 'failed'
    error = err instanceof Error ? err.message : String(err)
    deps.logger.error({ err, job: job.name }, 'scheduled job failed')
  }
  const finished = deps.clock.now().toISOString()
  await finishJobRun(deps.db, id, { finished_at: finished, status, report: JSON.stringify(report), error })
  await releaseLease(deps.db, job.name, HOLDER, finished, status)
  deps.logger.info({ job: job.name, status, report }, 'scheduled job finished')
  return { id, name: job.name, startedAt: started.toISOString(), finishedAt: finished, status, report, error, triggeredBy }
}

/** Is the job due: never run, or last started at least `everyMinutes` ago? */
export async function isDue(deps: AppDeps, job: JobDefinition): Promise<boolean> {
  const lease = await findLease(deps.db, job.name)
  if (!lease?.last_started_at) return true
  return deps.clock.now().getTime() - new Date(lease.last_started_at).getTime() >= job.everyMinutes * 60_000
}

/** Check every minute which jobs are due and run them. Returns a function that stops the scheduler. */
export function startScheduler(deps: AppDeps, jobs: readonly JobDefinition[], tickMs = 60_000): () => void {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      for (const job of jobs) if (await isDue(deps, job)) await runJob(deps, job, 'schedule')
    } catch (err) {
      deps.logger.error({ err }, 'scheduler tick failed')
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), tickMs)
  timer.unref()
  void tick()
  return () => clearInterval(timer)
}

export async function recentJobRuns(deps: Pick<AppDeps, 'db'>, name?: string, limit = 20): Promise<JobRunView[]> {
  return (await listJobRuns(deps.db, name, limit)).map(toView)
}
