import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { requestSignInLink } from '../../../domain/sign-in-links.ts'
import { emailField } from '../sign-in/schema.ts'

const VIEW = 'accounts/web/pages/email-link/view.njk'
const TITLE = 'Get a sign-in link by email'
const schema = z.object({ email: emailField })

export function get() {
  return async (_request: FastifyRequest, reply: FastifyReply) => reply.render(VIEW, { pageTitle: TITLE, values: {} })
}

export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(schema, request.body)
    if (!form.ok) return reply.render(VIEW, { pageTitle: TITLE, errors: form.errors, values: form.values }, 400)
    // Answer at once, before looking the address up or sending mail, so the response time does not reveal
    // whether an account exists. A failure is logged for staff to act on; the person sees the same page either way.
    requestSignInLink(deps, request.actor, form.value).catch(err => request.log.error({ err }, 'could not send a sign-in link'))
    return reply.redirect('/sign-in/check-email', 303)
  }
}

export function checkEmail(deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.render('accounts/web/pages/email-link/check-email.njk', { pageTitle: 'Check your email', minutes: deps.config.auth.signInLinkMinutes })
}
