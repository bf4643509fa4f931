import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { SESSION_MODES, addSession, changeSession, getActivity, getSession, type ActivityDto, type SessionDto } from '../../../domain/activities.ts'
import { choices, inPageOrder, SESSION_FIELDS, sessionSchema, sessionValues, text, type FormValues } from '../../forms.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const VIEW = 'engagement/web/pages/session-form/view.njk'

function render(reply: FastifyReply, activity: ActivityDto, session: SessionDto | null, values: FormValues, errors?: FieldError[], status?: number) {
  return reply.render(
    VIEW,
    {
      pageTitle: session ? `Change a session: ${activity.title}` : `Add a session: ${activity.title}`,
      backLink: `/engagement/activities/${activity.id}`,
      action: session ? `/engagement/sessions/${session.id}/edit` : `/engagement/activities/${activity.id}/sessions/new`,
      activity,
      session,
      values,
      errors,
      modes: choices(SESSION_MODES, text(values.mode)),
    },
    status,
  )
}

/** GET /engagement/activities/:id/sessions/new */
export function getNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(reply, await getActivity(deps, request.actor, request.params.id), null, {})
}

/** POST /engagement/activities/:id/sessions/new: add the session (audited), or show what to fix. */
export function postNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const activity = await getActivity(deps, request.actor, request.params.id)
    const form = parseForm(sessionSchema, request.body)
    if (!form.ok) return render(reply, activity, null, form.values, form.errors, 400)
    try {
      await addSession(deps, request.actor, activity.id, form.value)
    } catch (err) {
      return render(reply, activity, null, request.body as FormValues, inPageOrder(fieldErrorsOf(err), SESSION_FIELDS), 400)
    }
    request.session.flash = 'Session added'
    return reply.redirect(`/engagement/activities/${activity.id}`, 303)
  }
}

/** GET /engagement/sessions/:id/edit: the session, its times in London time. */
export function getEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const session = await getSession(deps, request.actor, request.params.id)
    return render(reply, await getActivity(deps, request.actor, session.activityId), session, sessionValues(session))
  }
}

/** POST /engagement/sessions/:id/edit */
export function postEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const session = await getSession(deps, request.actor, request.params.id)
    const activity = await getActivity(deps, request.actor, session.activityId)
    const form = parseForm(sessionSchema, request.body)
    if (!form.ok) return render(reply, activity, session, form.values, form.errors, 400)
    try {
      await changeSession(deps, request.actor, session.id, form.value)
    } catch (err) {
      return render(reply, activity, session, request.body as FormValues, inPageOrder(fieldErrorsOf(err), SESSION_FIELDS), 400)
    }
    request.session.flash = 'Session saved'
    return reply.redirect(`/engagement/activities/${activity.id}`, 303)
  }
}
