import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { changeOwnPassword, getUser } from '../../../domain/manage-users.ts'

const VIEW = 'accounts/web/pages/change-password/view.njk'
const schema = z
  .object({
    currentPassword: z.string().max(200).optional(),
    newPassword: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
    confirmPassword: z.string({ error: 'Enter the new password again' }).min(1, 'Enter the new password again'),
  })
  .refine(v => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' })

export function get(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await getUser(deps, request.currentUser!.id)
    return reply.render(VIEW, { pageTitle: user.hasPassword ? 'Change your password' : 'Set a password', user, backLink: '/account' })
  }
}

export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await getUser(deps, request.currentUser!.id)
    const title = user.hasPassword ? 'Change your password' : 'Set a password'
    const form = parseForm(schema, request.body)
    if (!form.ok) return reply.render(VIEW, { pageTitle: title, user, errors: form.errors, backLink: '/account' }, 400)
    try {
      await changeOwnPassword(deps, request.actor, { currentPassword: form.value.currentPassword || undefined, newPassword: form.value.newPassword })
    } catch (err) {
      return reply.render(VIEW, { pageTitle: title, user, errors: fieldErrorsOf(err), backLink: '/account' }, 400)
    }
    request.session.flash = 'Your password has been saved'
    return reply.redirect('/account', 303)
  }
}
