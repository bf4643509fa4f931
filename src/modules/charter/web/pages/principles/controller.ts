import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { listPrinciples } from '../../../domain/queries/list-principles.ts'

/** GET /charter/principles: the statute's principles in plain English, for everyone. */
export function get(deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    const principles = await listPrinciples(deps)
    return reply.render('charter/web/pages/principles/view.njk', { pageTitle: 'Our principles', principles })
  }
}
