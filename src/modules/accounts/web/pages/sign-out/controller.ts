import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { recordSignOut } from '../../../domain/manage-users.ts'

export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await recordSignOut(deps, request.actor)
    await request.session.destroy()
    return reply.redirect('/signed-out', 303)
  }
}

export function signedOut() {
  return async (_request: FastifyRequest, reply: FastifyReply) => reply.render('accounts/web/pages/sign-out/view.njk', { pageTitle: 'You have signed out' })
}
