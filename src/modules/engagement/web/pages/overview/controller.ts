import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { queryString } from '../../../../../platform/http/validate.ts'
import { ACTIVITY_KINDS, ACTIVITY_STATUSES, getActivities, getRounds, type ActivityKind, type ActivityStatus } from '../../../domain/activities.ts'
import { activityRow, dateRange } from '../../view-models.ts'

type ListRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>

/** GET /engagement: the activities grouped by round (latest first), then those in no round; filter by kind and status. */
export function get(deps: AppDeps) {
  return async (request: ListRequest, reply: FastifyReply) => {
    const kindRaw = queryString(request.query.kind, 40)
    const statusRaw = queryString(request.query.status, 40)
    // A value not in the lists (an old bookmark, a changed address) is ignored: the list is shown unfiltered by it.
    const kind = ACTIVITY_KINDS.find(k => k.code === kindRaw)?.code as ActivityKind | undefined
    const status = ACTIVITY_STATUSES.find(s => s.code === statusRaw)?.code as ActivityStatus | undefined
    const filtered = Boolean(kind || status)
    const [rounds, activities] = await Promise.all([getRounds(deps, request.actor), getActivities(deps, request.actor, { kind, status })])
    const groups = rounds
      .map(r => ({ id: r.id, title: r.title, description: r.description, datesText: dateRange(r.startsOn, r.endsOn), activities: activities.filter(a => a.roundId === r.id).map(activityRow) }))
      .filter(g => !filtered || g.activities.length > 0)
    const unrounded = activities.filter(a => !a.roundId).map(activityRow)
    return reply.render('engagement/web/pages/overview/view.njk', {
      pageTitle: 'Engagement',
      groups,
      unrounded,
      filtered,
      total: activities.length,
      kinds: [{ value: '', text: 'Any kind' }, ...ACTIVITY_KINDS.map(k => ({ value: k.code, text: k.label, selected: k.code === kind }))],
      statuses: [{ value: '', text: 'Any status' }, ...ACTIVITY_STATUSES.map(s => ({ value: s.code, text: s.label, selected: s.code === status }))],
    })
  }
}
