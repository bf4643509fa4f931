import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { getRunView, type RunView } from '../../../domain/app/queries.ts'
import { discardSelection } from '../../../domain/app/runs.ts'
import { discardSchema } from '../../forms.ts'
import { stateErrors } from '../../respond.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>

function render(reply: FastifyReply, run: RunView, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  return reply.render('selection/web/pages/discard/view.njk', { pageTitle: `Discard: ${run.title}`, backLink: `/selection/${run.id}`, run, values, errors }, status)
}

/** GET /selection/:id/discard */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(reply, await getRunView(deps, request.actor, request.params.id), {})
}

/** POST /selection/:id/discard: a drawn selection needs a reason, kept on record. */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const run = await getRunView(deps, request.actor, request.params.id)
    const form = parseForm(discardSchema, request.body)
    if (!form.ok) return render(reply, run, form.values, form.errors, 400)
    try {
      await discardSelection(deps, request.actor, run.id, form.value)
      request.session.flash = `“${run.title}” has been discarded`
      return reply.redirect('/selection', 303)
    } catch (err) {
      const errors = stateErrors(err, 'discard-heading')
      return render(reply, await getRunView(deps, request.actor, run.id), (request.body ?? {}) as Record<string, unknown>, errors, 400)
    }
  }
}
