import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { listSelections } from '../../../domain/app/queries.ts'

/** GET /selection: every selection with its state and fairness, and the Core Group at a glance. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const overview = await listSelections(deps, request.actor)
    return reply.render('selection/web/pages/overview/view.njk', { pageTitle: 'Fair selection', ...overview })
  }
}
