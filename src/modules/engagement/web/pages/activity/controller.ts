import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from '../../../../../platform/auth/actor.ts'
import { can, type Action } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { ACTIVITY_STATUSES, changeActivityStatus, getActivity, nextStatuses, type ActivityDto, type ActivityStatus } from '../../../domain/activities.ts'
import { text } from '../../forms.ts'
import { dateRange, sessionRow, statusTag } from '../../view-models.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>

/** What the button for each move says, from the status the activity has now. */
function moveLabel(from: ActivityStatus, to: ActivityStatus): string {
  if (to === 'open') return from === 'closed' ? 'Reopen' : 'Open'
  if (to === 'closed') return 'Close'
  if (to === 'cancelled') return 'Cancel the activity'
  return 'Reopen as planned'
}

/** Whether the person may use a page (to show its link; the route checks again). */
const may = (actor: Actor, action: Action) => actor.role !== 'system' && can(actor.role, action)

/** Which of the links to a session's own pages (and the activity's invitations) to show. */
function linksFor(actor: Actor) {
  return {
    attendance: may(actor, 'engagement:record_attendance'),
    accommodations: may(actor, 'engagement:read'),
    expenses: may(actor, 'engagement:manage'),
    invitations: may(actor, 'engagement:invite'),
    notes: may(actor, 'evidence:read'),
  }
}

function render(reply: FastifyReply, actor: Actor, a: ActivityDto, errors?: FieldError[], status?: number) {
  return reply.render(
    'engagement/web/pages/activity/view.njk',
    {
      pageTitle: a.title,
      backLink: '/engagement',
      activity: a,
      tag: statusTag(a.status, a.statusLabel),
      datesText: dateRange(a.opensOn, a.closesOn),
      sessions: a.sessions.map(sessionRow),
      moves: nextStatuses(a.status).map(to => ({ status: to, text: moveLabel(a.status, to), warning: to === 'cancelled' })),
      links: linksFor(actor),
      errors,
    },
    status,
  )
}

/** GET /engagement/activities/:id: the activity, its sessions, and what can be done next. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(reply, request.actor, await getActivity(deps, request.actor, request.params.id))
}

/** POST /engagement/activities/:id/status: open, close, cancel or reopen (only the moves allowed from where it is). */
export function postStatus(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const activity = await getActivity(deps, request.actor, request.params.id)
    const to = text((request.body as Record<string, unknown> | undefined)?.status) as ActivityStatus
    if (!ACTIVITY_STATUSES.some(s => s.code === to)) return render(reply, request.actor, activity, [{ field: 'status-actions', message: 'Choose what to do with the activity' }], 400)
    try {
      await changeActivityStatus(deps, request.actor, activity.id, to)
    } catch (err) {
      // Someone else moved it first (or an old page was used): say so on the page as it is now.
      if (err instanceof AppError && err.code === AppErrorCode.INVALID_STATE) return render(reply, request.actor, activity, [{ field: 'status-actions', message: err.message }], 409)
      throw err
    }
    request.session.flash = `The activity is now ${ACTIVITY_STATUSES.find(s => s.code === to)?.label.toLowerCase()}`
    return reply.redirect(`/engagement/activities/${activity.id}`, 303)
  }
}
