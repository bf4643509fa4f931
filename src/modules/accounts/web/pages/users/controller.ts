import type { FastifyReply, FastifyRequest } from 'fastify'
import { ROLE_LABELS, isAccountRole } from '../../../../../platform/auth/roles.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { pageNumber, queryString } from '../../../../../platform/http/validate.ts'
import { paginate } from '../../../../../platform/views/pagination.ts'
import { findStaffUsers } from '../../../domain/manage-users.ts'
import { PANEL_ROLES } from '../../../domain/user.ts'

const PER_PAGE = 50
type Query = Record<string, string | string[] | undefined>

export function staffRoleOptions(selected?: string) {
  return Object.entries(ROLE_LABELS)
    .filter(([role]) => role !== 'public' && !(PANEL_ROLES as readonly string[]).includes(role))
    .map(([value, text]) => ({ value, text, selected: value === selected }))
}

export function get(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const q = request.query
    const role = queryString(q.role)
    const status = queryString(q.status)
    const query = queryString(q.q, 100)
    const page = pageNumber(q.page)
    const filter = {
      role: role && isAccountRole(role) ? role : undefined,
      status: status && ['invited', 'active', 'disabled'].includes(status) ? status : undefined,
      query,
    }
    const { users, total } = await findStaffUsers(deps, filter, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
    return reply.render('accounts/web/pages/users/view.njk', {
      pageTitle: 'Users',
      users,
      filter,
      roleOptions: [{ value: '', text: 'Any role' }, ...staffRoleOptions(filter.role)],
      pagination: paginate({ total, page, perPage: PER_PAGE, path: '/users', query: { role: filter.role, status: filter.status, q: query } }),
    })
  }
}
