import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { cancelSession, getActivity, getSession } from '../../../domain/activities.ts'
import { sessionRow } from '../../view-models.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>

/** GET /engagement/sessions/:id/cancel: are you sure? (A session already cancelled goes back to its activity.) */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const session = await getSession(deps, request.actor, request.params.id)
    if (session.status === 'cancelled') return reply.redirect(`/engagement/activities/${session.activityId}`, 303)
    const activity = await getActivity(deps, request.actor, session.activityId)
    return reply.render('engagement/web/pages/cancel-session/view.njk', {
      pageTitle: `Cancel a session: ${activity.title}`,
      backLink: `/engagement/activities/${activity.id}`,
      activity,
      session: sessionRow(session),
    })
  }
}

/** POST /engagement/sessions/:id/cancel: cancel it (audited); the session stays listed as cancelled. */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const session = await getSession(deps, request.actor, request.params.id)
    await cancelSession(deps, request.actor, session.id)
    request.session.flash = 'Session cancelled'
    return reply.redirect(`/engagement/activities/${session.activityId}`, 303)
  }
}
