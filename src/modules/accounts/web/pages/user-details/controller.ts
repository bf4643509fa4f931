import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ROLES, type AccountRole } from '../../../../../platform/auth/roles.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { changeUserRole, getUser, setUserStatus } from '../../../domain/manage-users.ts'
import { PANEL_ROLES } from '../../../domain/user.ts'
import { staffRoleOptions } from '../users/controller.ts'

const VIEW = 'accounts/web/pages/user-details/view.njk'
type Req = FastifyRequest<{ Params: { userId: string } }>

const roleSchema = z.object({ role: z.enum(ROLES, { error: 'Select a role' }) })
const statusSchema = z.object({ status: z.enum(['active', 'disabled'], { error: 'Select whether the account is active' }) })

async function render(deps: AppDeps, request: Req, reply: FastifyReply, errors?: FieldError[], status?: number) {
  const user = await getUser(deps, request.params.userId)
  const isPanel = (PANEL_ROLES as readonly string[]).includes(user.role)
  return reply.render(
    VIEW,
    { pageTitle: user.displayName, user, isPanel, errors, roleOptions: staffRoleOptions(user.role), isSelf: user.id === request.currentUser?.id, backLink: '/users' },
    status,
  )
}

export function get(deps: AppDeps) {
  return (request: Req, reply: FastifyReply) => render(deps, request, reply)
}

export function postRole(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const form = parseForm(roleSchema, request.body)
    if (!form.ok) return render(deps, request, reply, form.errors, 400)
    if ((PANEL_ROLES as readonly string[]).includes(form.value.role)) {
      return render(deps, request, reply, [{ field: 'role', message: 'Panel roles are given through the panel and Core Group selection' }], 400)
    }
    try {
      const user = await changeUserRole(deps, request.actor, { userId: request.params.userId, role: form.value.role as AccountRole })
      request.session.flash = `${user.displayName} is now: ${user.roleLabel}`
    } catch (err) {
      return render(deps, request, reply, fieldErrorsOf(err), 400)
    }
    return reply.redirect(`/users/${request.params.userId}`, 303)
  }
}

export function postStatus(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const form = parseForm(statusSchema, request.body)
    if (!form.ok) return render(deps, request, reply, form.errors, 400)
    try {
      const user = await setUserStatus(deps, request.actor, { userId: request.params.userId, status: form.value.status })
      request.session.flash = user.status === 'disabled' ? `${user.displayName}'s account is disabled` : `${user.displayName}'s account is active`
    } catch (err) {
      return render(deps, request, reply, fieldErrorsOf(err), 400)
    }
    return reply.redirect(`/users/${request.params.userId}`, 303)
  }
}
