import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { pageNumber, queryString } from '../../../../../platform/http/validate.ts'
import { paginate } from '../../../../../platform/views/pagination.ts'
import { getActivities } from '../../../../engagement/index.ts'
import { EVIDENCE_CHANNELS, mayCaptureEvidence, SOURCE_ROLES, type EvidenceChannel, type SourceRole } from '../../../domain/evidence-model.ts'
import { listEvidence, type EvidenceFilter } from '../../../domain/queries.ts'

const PER_PAGE = 25
const VIEW = 'evidence/web/pages/evidence-list/view.njk'
type Query = Record<string, string | string[] | undefined>
const ID = /^[0-9a-f-]{36}$/i

/** The filters from the query string; values no form offers are dropped. */
function readQuery(q: Query): { filter: EvidenceFilter; page: number; params: Record<string, string | undefined> } {
  const channel = queryString(q.channel, 40)
  const role = queryString(q.role, 40)
  const activity = queryString(q.activity, 40)
  const session = queryString(q.session, 40)
  const filter: EvidenceFilter = {
    channel: EVIDENCE_CHANNELS.find(c => c.code === channel)?.code as EvidenceChannel | undefined,
    role: SOURCE_ROLES.find(r => r.code === role)?.code as SourceRole | undefined,
    activityId: activity && ID.test(activity) ? activity : undefined,
    sessionId: session && ID.test(session) ? session : undefined,
    quotableOnly: queryString(q.quotable, 10) === 'yes',
  }
  return {
    filter,
    page: pageNumber(q.page),
    params: {
      channel: filter.channel,
      activity: filter.activityId,
      session: filter.sessionId,
      role: filter.role,
      quotable: filter.quotableOnly ? 'yes' : undefined,
    },
  }
}

/** GET /evidence: the evidence store, filtered, paged; stakeholder input apart. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const { filter, page, params } = readQuery(request.query ?? {})
    const activities = await getActivities(deps, request.actor)
    const result = await listEvidence(deps, request.actor, filter, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
    const titles = new Map(activities.map(a => [a.id, a.title]))
    const withActivity = <T extends { activityId: string | null }>(i: T) => ({ ...i, activityTitle: i.activityId ? (titles.get(i.activityId) ?? 'An activity no longer listed') : null })
    const applied: string[] = []
    if (filter.channel) applied.push(`Channel: ${EVIDENCE_CHANNELS.find(c => c.code === filter.channel)!.label}`)
    if (filter.activityId) applied.push(`Activity: ${titles.get(filter.activityId) ?? 'unknown'}`)
    if (filter.sessionId) applied.push('One session')
    if (filter.role) applied.push(`Role: ${SOURCE_ROLES.find(r => r.code === filter.role)!.label}`)
    if (filter.quotableOnly) applied.push('May be quoted')
    const stakeholderParams = new URLSearchParams()
    for (const [k, v] of Object.entries({ ...params, role: 'stakeholder' })) if (v) stakeholderParams.set(k, v)
    return reply.render(VIEW, {
      pageTitle: 'Evidence',
      mayImport: mayCaptureEvidence(request.actor),
      filter,
      sessionId: filter.sessionId,
      form: {
        channels: [{ value: '', text: 'Any channel', selected: !filter.channel }, ...EVIDENCE_CHANNELS.map(c => ({ value: c.code, text: c.label, selected: c.code === filter.channel }))],
        roles: [{ value: '', text: 'Any role', selected: !filter.role }, ...SOURCE_ROLES.map(r => ({ value: r.code, text: r.label, selected: r.code === filter.role }))],
        activities: [{ value: '', text: 'Any activity', selected: !filter.activityId }, ...activities.map(a => ({ value: a.id, text: `${a.title} (${a.kindLabel})`, selected: a.id === filter.activityId }))],
        quotable: [{ value: 'yes', text: 'Only what may be quoted', checked: filter.quotableOnly === true }],
      },
      applied,
      items: result.items.map(withActivity),
      total: result.total,
      stakeholder: result.stakeholder.map(withActivity),
      stakeholderTotal: result.stakeholderTotal,
      stakeholderHref: `/evidence?${stakeholderParams.toString()}`,
      stakeholderOnly: filter.role === 'stakeholder',
      byRole: result.byRole,
      pagination: paginate({ total: result.total, page, perPage: PER_PAGE, path: '/evidence', query: params }),
    })
  }
}
