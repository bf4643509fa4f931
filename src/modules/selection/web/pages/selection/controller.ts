import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { AppError, AppErrorCode } from '../../../../../platform/errors.ts'
import { startComputation } from '../../../domain/app/compute.ts'
import { getProgress, getRunView, getVerificationRecord } from '../../../domain/app/queries.ts'
import { stateErrors } from '../../respond.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const VIEW = 'selection/web/pages/selection/view.njk'

export async function renderRun(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, id: string, errors?: FieldError[], status?: number) {
  const run = await getRunView(deps, request.actor, id)
  const canCompute = run.status === 'draft' || run.status === 'failed'
  const linked = errors?.map(e => (e.field === 'compute' && !canCompute ? { ...e, field: 'selection-heading' } : e))
  return reply.render(VIEW, { pageTitle: run.title, backLink: '/selection', run, errors: linked }, status)
}

/** GET /selection/:id: the selection in its current state (quotas, progress, chances, draw, confirmation). */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderRun(deps, request, reply, request.params.id)
}

/** POST /selection/:id/compute: start working out the chances; the page then shows the progress. */
export function compute(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    try {
      await startComputation(deps, request.actor, request.params.id)
      return reply.redirect(`/selection/${request.params.id}`, 303)
    } catch (err) {
      const errors = stateErrors(err, 'compute')
      return renderRun(deps, request, reply, request.params.id, errors, (err as AppError).status)
    }
  }
}

/** GET /selection/:id/progress: the state and progress as JSON, for the page's script (the page works without it). */
export function progress(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const p = await getProgress(deps, request.actor, request.params.id)
    return reply.header('cache-control', 'no-store').send(p)
  }
}

function fileName(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'selection'
}

/** GET /selection/:id/record.json: the verification record, to check the draw with `charter select verify`. */
export function record(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const rec = await getVerificationRecord(deps, request.actor, request.params.id)
    if (!rec) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'The chances for this selection have not been worked out yet' })
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(rec.title)}-record.json"`)
      .send(rec.json)
  }
}

/** GET /selection/:id/probabilities.csv: every person's chance, by pseudonym. */
export function probabilities(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const rec = await getVerificationRecord(deps, request.actor, request.params.id)
    if (!rec) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'The chances for this selection have not been worked out yet' })
    const parsed = JSON.parse(rec.json) as { probabilities: { id: string; probability: number }[] }
    const csv = ['pseudonym,probability', ...parsed.probabilities.map(p => `${p.id},${p.probability}`)].join('\r\n') + '\r\n'
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(rec.title)}-probabilities.csv"`)
      .send(csv)
  }
}
