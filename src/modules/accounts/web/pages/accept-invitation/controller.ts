import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { startSignedInSession } from '../../../../../platform/auth/sign-in-session.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { acceptInvitation } from '../../../domain/accept-invitation.ts'
import { getUser } from '../../../domain/manage-users.ts'
import { checkToken } from '../../../domain/sign-in-links.ts'

const VIEW = 'accounts/web/pages/accept-invitation/view.njk'
type Req = FastifyRequest<{ Params: { token: string } }>

const schema = z
  .object({
    displayName: z.string({ error: 'Enter your full name' }).trim().min(1, 'Enter your full name').max(200, 'Name must be 200 characters or fewer'),
    password: z.string().max(200, 'Password must be 200 characters or fewer').optional(),
    confirmPassword: z.string().max(200).optional(),
  })
  .refine(v => !v.password || v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' })

export function get(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const check = await checkToken(deps, request.params.token, 'invitation')
    if (!check.ok) return reply.render(VIEW, { pageTitle: 'This invitation has stopped working', invalid: true, reason: check.reason }, 410)
    const user = await getUser(deps, check.userId)
    return reply.render(VIEW, { pageTitle: 'Accept your invitation', token: request.params.token, user, values: { displayName: user.displayName } })
  }
}

export function post(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const check = await checkToken(deps, request.params.token, 'invitation')
    if (!check.ok) return reply.render(VIEW, { pageTitle: 'This invitation has stopped working', invalid: true, reason: check.reason }, 410)
    const user = await getUser(deps, check.userId)
    const form = parseForm(schema, request.body)
    const again = (errors: unknown) =>
      reply.render(VIEW, { pageTitle: 'Accept your invitation', token: request.params.token, user, values: { displayName: form.ok ? form.value.displayName : form.values.displayName }, errors }, 400)
    if (!form.ok) return again(form.errors)
    try {
      const accepted = await acceptInvitation(deps, request.actor, { token: request.params.token, displayName: form.value.displayName, password: form.value.password || undefined })
      await startSignedInSession(request, accepted.id, deps.clock.now())
      request.session.flash = 'Your account is ready'
      return reply.redirect('/', 303)
    } catch (err) {
      return again(fieldErrorsOf(err))
    }
  }
}
