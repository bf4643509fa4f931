import type { FastifyReply, FastifyRequest } from 'fastify'
import { startSignedInSession } from '../../../../../platform/auth/sign-in-session.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { checkToken, redeemSignInLink } from '../../../domain/sign-in-links.ts'

const VIEW = 'accounts/web/pages/use-link/view.njk'
type Req = FastifyRequest<{ Params: { token: string } }>

/** Shows a button rather than signing in on GET, so email scanners that open links cannot use them up. */
export function get(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const check = await checkToken(deps, request.params.token, 'sign_in_link')
    if (!check.ok) return reply.render(VIEW, { pageTitle: 'This sign-in link has stopped working', invalid: true, reason: check.reason }, 410)
    return reply.render(VIEW, { pageTitle: 'Sign in', token: request.params.token })
  }
}

export function post(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const result = await redeemSignInLink(deps, request.actor, request.params.token)
    if (!result.ok) return reply.render(VIEW, { pageTitle: 'This sign-in link has stopped working', invalid: true }, 410)
    const next = await startSignedInSession(request, result.user.id, deps.clock.now())
    return reply.redirect(next, 303)
  }
}
