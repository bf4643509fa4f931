import type { FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../../platform/auth/permissions.ts'

export async function get(request: FastifyRequest, reply: FastifyReply) {
  const role = request.currentUser?.role ?? 'public'
  const tasks = [
    { href: '/users', text: 'Manage users and roles', hint: 'Invite staff and partners, change roles', show: can(role, 'users:manage') },
    { href: '/audit', text: 'Audit trail', hint: 'Every change, who made it and when, in a tamper-evident chain', show: can(role, 'audit:read') },
    { href: '/account', text: 'Your account', hint: 'Your details and how you sign in', show: can(role, 'account:view') },
  ].filter(t => t.show)
  return reply.render('site/web/pages/home/view.njk', { pageTitle: 'Home', tasks })
}
