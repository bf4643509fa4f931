import type { FastifyReply, FastifyRequest } from 'fastify'
import { findAuditEventById, findAuditEvents, listAuditActions, pendingIsStale, verifyAuditChain, type AuditFilter } from '../../../../../platform/audit/audit.ts'
import { ALL_ROLES, ROLE_LABELS, type Role } from '../../../../../platform/auth/roles.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { pageNumber, queryString } from '../../../../../platform/http/validate.ts'
import { paginate } from '../../../../../platform/views/pagination.ts'

const PER_PAGE = 50
type Query = Record<string, string | string[] | undefined>

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Read filters from the query string; bad dates become form errors rather than being silently dropped. */
function readFilter(q: Query): { filter: AuditFilter; values: Record<string, string | undefined>; errors: FieldError[] } {
  const values = {
    action: queryString(q.action, 100),
    actorRole: queryString(q.actorRole, 40),
    actorUserId: queryString(q.actorUserId, 36),
    subjectType: queryString(q.subjectType, 60),
    subjectId: queryString(q.subjectId, 100),
    from: queryString(q.from, 40),
    to: queryString(q.to, 40),
  }
  const errors: FieldError[] = []
  if (values.from && !DATE.test(values.from)) errors.push({ field: 'from', message: 'Date from must be a date like 2026-03-31' })
  if (values.to && !DATE.test(values.to)) errors.push({ field: 'to', message: 'Date to must be a date like 2026-03-31' })
  if (values.from && values.to && DATE.test(values.from) && DATE.test(values.to) && values.from > values.to) {
    errors.push({ field: 'to', message: 'Date to must be the same as or after date from' })
  }
  const filter: AuditFilter = {
    action: values.action,
    actorRole: values.actorRole && (ALL_ROLES as readonly string[]).concat('system').includes(values.actorRole) ? values.actorRole : undefined,
    actorUserId: values.actorUserId,
    subjectType: values.subjectType,
    subjectId: values.subjectId,
  }
  if (errors.length === 0) {
    if (values.from) filter.from = `${values.from}T00:00:00.000Z`
    if (values.to) filter.to = new Date(new Date(`${values.to}T00:00:00.000Z`).getTime() + 86_400_000).toISOString()
  }
  return { filter, values, errors }
}

async function renderList(deps: AppDeps, request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, extra: Record<string, unknown> = {}) {
  const { filter, values, errors } = readFilter(request.query ?? {})
  const page = pageNumber(request.query?.page)
  const { events, total } = await findAuditEvents(deps.db, filter, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
  const actions = await listAuditActions(deps.db)
  const roleLabel = (r: string) => (r === 'system' ? 'System' : (ROLE_LABELS[r as Role] ?? r))
  return reply.render(
    'audit/web/pages/audit-trail/view.njk',
    {
      pageTitle: 'Audit trail',
      events: events.map(e => ({ ...e, roleLabel: roleLabel(e.actorRole), summaryText: summarise(e.summary) })),
      values,
      errors: errors.length ? errors : undefined,
      actionOptions: [{ value: '', text: 'Any action' }, ...actions.map(a => ({ value: a, text: a, selected: a === values.action }))],
      roleOptions: [
        { value: '', text: 'Any role' },
        ...[...ALL_ROLES, 'system'].map(r => ({ value: r, text: roleLabel(r), selected: r === values.actorRole })),
      ],
      pagination: paginate({ total, page, perPage: PER_PAGE, path: '/audit', query: values }),
      canVerify: request.currentUser?.role === 'admin' || request.currentUser?.role === 'scrutiny_body',
      ...extra,
    },
    errors.length ? 400 : undefined,
  )
}

function summarise(summary: Record<string, unknown>): string {
  const entries = Object.entries(summary)
  if (entries.length === 0) return ''
  return entries.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')
}

export function get(deps: AppDeps) {
  return (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => renderList(deps, request, reply)
}

export function getEvent(deps: AppDeps) {
  return async (request: FastifyRequest<{ Params: { eventId: string } }>, reply: FastifyReply) => {
    const event = await findAuditEventById(deps.db, request.params.eventId)
    if (!event) throw new AppError(AppErrorCode.NOT_FOUND)
    return reply.render('audit/web/pages/audit-trail/event.njk', { pageTitle: `Audit event ${event.seq}`, event, backLink: '/audit' })
  }
}

export function postVerify(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const verification = await verifyAuditChain(deps.db)
    return renderList(deps, request, reply, { verification, pendingIsStale: pendingIsStale(verification.pending, deps.clock.now()) })
  }
}
