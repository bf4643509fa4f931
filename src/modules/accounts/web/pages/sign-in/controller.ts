import type { FastifyReply, FastifyRequest } from 'fastify'
import { startSignedInSession } from '../../../../../platform/auth/sign-in-session.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { signInWithPassword } from '../../../domain/sign-in-with-password.ts'
import { signInSchema } from './schema.ts'

const VIEW = 'accounts/web/pages/sign-in/view.njk'
const TITLE = 'Sign in'
// The same words whatever went wrong, so the page never reveals whether an account exists.
export function signInFailedMessage(tries: number, minutes: number): string {
  return `Enter a correct email address and password. After ${tries} wrong tries your account is locked for ${minutes} minutes.`
}

export function get(_deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.currentUser) return reply.redirect('/', 303)
    return reply.render(VIEW, { pageTitle: TITLE, values: {} })
  }
}

export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(signInSchema, request.body)
    if (!form.ok) return reply.render(VIEW, { pageTitle: TITLE, errors: form.errors, values: { email: form.values.email } }, 400)
    const result = await signInWithPassword(deps, request.actor, form.value)
    if (!result.ok) {
      const message = signInFailedMessage(deps.config.auth.lockoutThreshold, deps.config.auth.lockoutMinutes)
      return reply.render(VIEW, { pageTitle: TITLE, errors: [{ field: 'email', message }], values: { email: form.value.email } }, 400)
    }
    const next = await startSignedInSession(request, result.user.id, deps.clock.now())
    return reply.redirect(next, 303)
  }
}
