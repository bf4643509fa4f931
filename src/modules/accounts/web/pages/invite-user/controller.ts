import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ROLES } from '../../../../../platform/auth/roles.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { inviteUser } from '../../../domain/invite-user.ts'
import { PANEL_ROLES } from '../../../domain/user.ts'
import { emailFieldFor } from '../sign-in/schema.ts'
import { staffRoleOptions } from '../users/controller.ts'

const VIEW = 'accounts/web/pages/invite-user/view.njk'
const STAFF_ROLES = ROLES.filter(r => !(PANEL_ROLES as readonly string[]).includes(r))

export const inviteSchema = z.object({
  displayName: z.string({ error: 'Enter their full name' }).trim().min(1, 'Enter their full name').max(200, 'Name must be 200 characters or fewer'),
  email: emailFieldFor('their'),
  role: z.enum(STAFF_ROLES as [string, ...string[]], { error: 'Select a role' }),
})

function render(deps: AppDeps, reply: FastifyReply, values: Record<string, unknown>, errors?: unknown, status?: number) {
  const invitationDays = deps.config.auth.invitationDays
  return reply.render(VIEW, { pageTitle: 'Invite a user', values, errors, invitationDays, roleOptions: staffRoleOptions(String(values.role ?? '')), backLink: '/users' }, status)
}

export function get(deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) => render(deps, reply, {})
}

export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(inviteSchema, request.body)
    if (!form.ok) return render(deps, reply, form.values, form.errors, 400)
    try {
      const { userId } = await inviteUser(deps, request.actor, { ...form.value, role: form.value.role as (typeof STAFF_ROLES)[number] })
      request.session.flash = 'Invitation sent'
      return reply.redirect(`/users/${userId}`, 303)
    } catch (err) {
      return render(deps, reply, form.value, fieldErrorsOf(err), 400)
    }
  }
}
