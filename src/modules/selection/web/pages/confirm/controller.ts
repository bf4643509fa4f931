import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { confirmSelection } from '../../../domain/app/core-group.ts'
import { getCoreGroup, getRunView, type RunView } from '../../../domain/app/queries.ts'
import { confirmSchema } from '../../forms.ts'
import { stateErrors } from '../../respond.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, run: RunView, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  const group = await getCoreGroup(deps, request.actor)
  return reply.render(
    'selection/web/pages/confirm/view.njk',
    { pageTitle: `Confirm the Core Group: ${run.title}`, backLink: `/selection/${run.id}`, run, current: group.current.length, values, errors },
    status,
  )
}

/** GET /selection/:id/confirm */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(deps, request, reply, await getRunView(deps, request.actor, request.params.id), {})
}

/** POST /selection/:id/confirm: the people drawn become members of the Core Group from the date given. */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const run = await getRunView(deps, request.actor, request.params.id)
    const form = parseForm(confirmSchema, request.body)
    if (!form.ok) return render(deps, request, reply, run, form.values, form.errors, 400)
    try {
      const result = await confirmSelection(deps, request.actor, run.id, form.value)
      request.session.flash =
        `${result.joined.length} ${result.joined.length === 1 ? 'person has' : 'people have'} joined the Core Group` +
        (result.unavailable.length ? `. ${result.unavailable.length} drawn ${result.unavailable.length === 1 ? 'person has' : 'people have'} left the panel since the draw: their places are open for a top-up` : '')
      return reply.redirect('/selection/core-group', 303)
    } catch (err) {
      const errors = stateErrors(err, 'confirm-heading')
      return render(deps, request, reply, await getRunView(deps, request.actor, run.id), (request.body ?? {}) as Record<string, unknown>, errors, 400)
    }
  }
}
