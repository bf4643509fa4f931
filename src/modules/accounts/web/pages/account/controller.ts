import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { getUser } from '../../../domain/manage-users.ts'

export function get(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await getUser(deps, request.currentUser!.id)
    return reply.render('accounts/web/pages/account/view.njk', { pageTitle: 'Your account', user })
  }
}
