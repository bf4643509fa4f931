import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { recentJobRuns, type JobRunView } from '../../../../../platform/jobs/jobs.ts'
import { labelOf, PARTICIPANT_STATUSES } from '../../../domain/catalogue.ts'
import {
  changeRetentionPeriod,
  getRetentionSettings,
  MAX_RETENTION_MONTHS,
  MIN_RETENTION_MONTHS,
  previewRetention,
  RETENTION_JOB_NAME,
} from '../../../domain/retention.ts'
import { retentionSchema } from './schema.ts'

const VIEW = 'panel/web/pages/retention/view.njk'
const PREVIEW_LIMIT = 50
const RUNS_SHOWN = 10

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

/** A run and its report, as the page shows it (the report holds pseudonyms and counts only). */
function toRunView(run: JobRunView) {
  const r = run.report
  const failed = Array.isArray(r.failed) ? (r.failed as { pseudonym?: unknown; error?: unknown }[]).map(f => `${String(f.pseudonym)}: ${String(f.error)}`) : []
  return {
    startedAt: run.startedAt,
    status: run.status,
    statusText: run.status === 'succeeded' ? 'Finished' : run.status === 'failed' ? 'Failed' : 'Running',
    triggeredBy: run.triggeredBy === 'schedule' ? 'On schedule' : 'By hand',
    erased: typeof r.erased === 'number' ? r.erased : 0,
    inactiveMonths: typeof r.inactiveMonths === 'number' ? r.inactiveMonths : null,
    pseudonyms: strings(r.pseudonyms),
    followUpFailed: strings(r.followUpFailed),
    failed,
    remaining: typeof r.remaining === 'number' ? r.remaining : 0,
    error: run.error,
  }
}

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: { errors?: FieldError[]; values?: Record<string, unknown>; status?: number } = {}) {
  const [settings, preview, runs] = await Promise.all([
    getRetentionSettings(deps),
    previewRetention(deps, request.actor, { limit: PREVIEW_LIMIT }),
    recentJobRuns(deps, RETENTION_JOB_NAME, RUNS_SHOWN),
  ])
  return reply.render(
    VIEW,
    {
      pageTitle: 'How long we keep panel records',
      settings,
      values: state.values ?? { inactiveMonths: String(settings.inactiveMonths) },
      errors: state.errors,
      min: MIN_RETENTION_MONTHS,
      max: MAX_RETENTION_MONTHS,
      preview: {
        ...preview,
        members: preview.members.map(m => ({ ...m, statusLabel: labelOf(PARTICIPANT_STATUSES, m.status) })),
      },
      runs: runs.map(toRunView),
    },
    state.status,
  )
}

/** GET /panel/settings/retention: the retention period, who the next run would erase, and the recent runs. */
export function get(deps: AppDeps) {
  return (request: FastifyRequest, reply: FastifyReply) => render(deps, request, reply)
}

export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(retentionSchema, request.body)
    if (!form.ok) return render(deps, request, reply, { errors: form.errors, values: form.values, status: 400 })
    try {
      const saved = await changeRetentionPeriod(deps, request.actor, { inactiveMonths: form.value.inactiveMonths })
      request.session.flash = `Panel records will now be erased after ${saved.inactiveMonths} months without taking part`
    } catch (err) {
      return render(deps, request, reply, { errors: fieldErrorsOf(err), values: request.body as Record<string, unknown>, status: 400 })
    }
    return reply.redirect('/panel/settings/retention', 303)
  }
}
