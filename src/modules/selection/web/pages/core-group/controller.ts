import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { startTopUp } from '../../../domain/app/core-group.ts'
import { getCoreGroup } from '../../../domain/app/queries.ts'
import { stateErrors } from '../../respond.ts'

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, errors?: FieldError[], status?: number) {
  const group = await getCoreGroup(deps, request.actor)
  return reply.render('selection/web/pages/core-group/view.njk', { pageTitle: 'The Core Group', backLink: '/selection', group, errors }, status)
}

/** GET /selection/core-group: members now and before, with dates, and the group against its quotas. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => render(deps, request, reply)
}

/** POST /selection/core-group/top-up: set up a selection that fills every open place. */
export function topUp(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const { id } = await startTopUp(deps, request.actor)
      request.session.flash = 'Top-up set up, with the quotas of the selection that made the group'
      return reply.redirect(`/selection/${id}`, 303)
    } catch (err) {
      return render(deps, request, reply, stateErrors(err, 'core-group-heading'), 409)
    }
  }
}
