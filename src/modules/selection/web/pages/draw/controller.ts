import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { DRAW_RULE } from '../../../domain/algorithm/draw.ts'
import { getRunView, type RunView } from '../../../domain/app/queries.ts'
import { drawSelection } from '../../../domain/app/runs.ts'
import { drawSchema } from '../../forms.ts'
import { stateErrors } from '../../respond.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>

function render(reply: FastifyReply, run: RunView, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  return reply.render('selection/web/pages/draw/view.njk', { pageTitle: `The draw: ${run.title}`, backLink: `/selection/${run.id}`, run, values, errors, rule: DRAW_RULE }, status)
}

/** GET /selection/:id/draw: the lottery's fingerprint and the seed, in front of witnesses if wanted. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(reply, await getRunView(deps, request.actor, request.params.id), {})
}

/** POST /selection/:id/draw: draw one group of the lottery with the seed. */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const run = await getRunView(deps, request.actor, request.params.id)
    const form = parseForm(drawSchema, request.body)
    if (!form.ok) return render(reply, run, form.values, form.errors, 400)
    try {
      await drawSelection(deps, request.actor, run.id, form.value)
      request.session.flash = 'The group has been drawn'
      return reply.redirect(`/selection/${run.id}`, 303)
    } catch (err) {
      const errors = stateErrors(err, 'draw-heading')
      return render(reply, await getRunView(deps, request.actor, run.id), (request.body ?? {}) as Record<string, unknown>, errors, 400)
    }
  }
}
