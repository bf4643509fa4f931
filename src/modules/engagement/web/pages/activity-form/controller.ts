import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { ACTIVITY_KINDS, AUDIENCES, COMMISSIONERS, changeActivity, createActivity, getActivity, getRounds, type ActivityDto } from '../../../domain/activities.ts'
import { activityFormErrors, activitySchema, activityValues, choices, text, type FormValues } from '../../forms.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const VIEW = 'engagement/web/pages/activity-form/view.njk'

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, activity: ActivityDto | null, values: FormValues, errors?: FieldError[], status?: number) {
  const rounds = await getRounds(deps, request.actor)
  const roundId = text(values.roundId)
  return reply.render(
    VIEW,
    {
      pageTitle: activity ? `Change the activity: ${activity.title}` : 'Add an activity',
      backLink: activity ? `/engagement/activities/${activity.id}` : '/engagement',
      action: activity ? `/engagement/activities/${activity.id}/edit` : '/engagement/activities/new',
      activity,
      values,
      errors,
      kinds: choices(ACTIVITY_KINDS, text(values.kind)),
      rounds: [{ value: '', text: 'Not in a round', selected: roundId === '' }, ...rounds.map(r => ({ value: r.id, text: r.title, selected: r.id === roundId }))],
      audiences: choices(AUDIENCES, text(values.audience)),
      commissioners: choices(COMMISSIONERS, text(values.commissionedBy)),
    },
    status,
  )
}

/** GET /engagement/activities/new (?roundId= chooses the round). */
export function getNew(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) =>
    render(deps, request, reply, null, { roundId: text(request.query.roundId), commissionedBy: 'research_team' })
}

/** POST /engagement/activities/new: add it (planned, audited), or show what to fix with everything typed kept. */
export function postNew(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(activitySchema, request.body)
    if (!form.ok) return render(deps, request, reply, null, form.values, form.errors, 400)
    let id: string
    try {
      id = (await createActivity(deps, request.actor, form.value)).id
    } catch (err) {
      return render(deps, request, reply, null, request.body as FormValues, activityFormErrors(fieldErrorsOf(err), form.value.audience), 400)
    }
    request.session.flash = `Activity “${form.value.title}” added. Add its sessions below.`
    return reply.redirect(`/engagement/activities/${id}`, 303)
  }
}

/** GET /engagement/activities/:id/edit */
export function getEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const activity = await getActivity(deps, request.actor, request.params.id)
    return render(deps, request, reply, activity, activityValues(activity))
  }
}

/** POST /engagement/activities/:id/edit */
export function postEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const activity = await getActivity(deps, request.actor, request.params.id)
    const form = parseForm(activitySchema, request.body)
    if (!form.ok) return render(deps, request, reply, activity, form.values, form.errors, 400)
    try {
      await changeActivity(deps, request.actor, activity.id, form.value)
    } catch (err) {
      return render(deps, request, reply, activity, request.body as FormValues, activityFormErrors(fieldErrorsOf(err), form.value.audience), 400)
    }
    request.session.flash = 'Activity saved'
    return reply.redirect(`/engagement/activities/${activity.id}`, 303)
  }
}
