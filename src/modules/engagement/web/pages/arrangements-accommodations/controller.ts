import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { formatDate } from '../../../../../platform/views/nunjucks.ts'
import {
  ACCOMMODATION_KINDS,
  ACCOMMODATION_STATUSES,
  addAccommodation,
  changeAccommodation,
  getAccommodation,
  getAccommodations,
  getAccommodationsToArrange,
  removeAccommodation,
  type AccommodationDto,
  type AccommodationStatus,
} from '../../../domain/accommodations.ts'
import { formatLondonTime } from '../../../domain/local-time.ts'
import { choices, text, type FormValues } from '../../forms.ts'
import { may, runWithProblems, sessionContext } from '../arrangements-shared/session-context.ts'
import { ACCOMMODATION_FIELDS, accommodationSchema, accommodationValues, readInput } from './schema.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'engagement/web/pages/arrangements-accommodations'

const TAGS: Record<AccommodationStatus, string> = { needed: 'govuk-tag--red', booked: 'govuk-tag--yellow', confirmed: 'govuk-tag--green', not_possible: 'govuk-tag--grey' }
const tagOf = (a: AccommodationDto) => ({ text: a.statusLabel, classes: TAGS[a.status] })

function formChoices(values: FormValues) {
  return { kinds: choices(ACCOMMODATION_KINDS, text(values.kind)), statuses: choices(ACCOMMODATION_STATUSES, text(values.status)) }
}

async function renderList(deps: AppDeps, request: WithId, reply: FastifyReply, values: FormValues, errors?: FieldError[], status?: number) {
  const ctx = await sessionContext(deps, request.actor, request.params.id, 'accommodations')
  const rows = await getAccommodations(deps, request.actor, ctx.session.id)
  return reply.render(
    `${DIR}/view.njk`,
    {
      pageTitle: `Accommodations: ${ctx.activity.title}`,
      backLink: `/engagement/activities/${ctx.activity.id}`,
      ...ctx,
      rows: rows.map(r => ({ ...r, tag: tagOf(r) })),
      mayManage: may(request.actor, 'engagement:manage'),
      values,
      errors,
      ...formChoices(values),
    },
    status,
  )
}

/** GET /engagement/sessions/:id/accommodations: what must be arranged, and (to those who plan) the form to add. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderList(deps, request, reply, { status: 'needed' })
}

/** POST /engagement/sessions/:id/accommodations: add one (audited). */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const form = parseForm(accommodationSchema, request.body)
    const input = form.ok ? form.value : readInput(form.values)
    const problems = await runWithProblems(form, () => addAccommodation(deps, request.actor, request.params.id, input), ACCOMMODATION_FIELDS)
    if (problems.length) return renderList(deps, request, reply, request.body as FormValues, problems, 400)
    request.session.flash = 'Accommodation added'
    return reply.redirect(`/engagement/sessions/${request.params.id}/accommodations`, 303)
  }
}

async function renderChange(deps: AppDeps, request: WithId, reply: FastifyReply, a: AccommodationDto, values: FormValues, errors?: FieldError[], status?: number) {
  const ctx = await sessionContext(deps, request.actor, a.sessionId, 'accommodations')
  return reply.render(
    `${DIR}/change.njk`,
    { pageTitle: `Change an accommodation: ${ctx.activity.title}`, backLink: `/engagement/sessions/${a.sessionId}/accommodations`, ...ctx, accommodation: a, values, errors, ...formChoices(values) },
    status,
  )
}

/** GET /engagement/accommodations/:id/edit */
export function getChange(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const a = await getAccommodation(deps, request.actor, request.params.id)
    return renderChange(deps, request, reply, a, accommodationValues(a))
  }
}

/** POST /engagement/accommodations/:id/edit */
export function postChange(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const a = await getAccommodation(deps, request.actor, request.params.id)
    const form = parseForm(accommodationSchema, request.body)
    const input = form.ok ? form.value : readInput(form.values)
    const problems = await runWithProblems(form, () => changeAccommodation(deps, request.actor, a.id, input), ACCOMMODATION_FIELDS)
    if (problems.length) return renderChange(deps, request, reply, a, request.body as FormValues, problems, 400)
    request.session.flash = 'Accommodation saved'
    return reply.redirect(`/engagement/sessions/${a.sessionId}/accommodations`, 303)
  }
}

/** GET /engagement/accommodations/:id/remove: are you sure? */
export function getRemove(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const a = await getAccommodation(deps, request.actor, request.params.id)
    const ctx = await sessionContext(deps, request.actor, a.sessionId, 'accommodations')
    return reply.render(`${DIR}/remove.njk`, { pageTitle: `Remove an accommodation: ${ctx.activity.title}`, backLink: `/engagement/sessions/${a.sessionId}/accommodations`, ...ctx, accommodation: a })
  }
}

/** POST /engagement/accommodations/:id/remove (audited). */
export function postRemove(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const { sessionId } = await removeAccommodation(deps, request.actor, request.params.id)
    request.session.flash = 'Accommodation removed'
    return reply.redirect(`/engagement/sessions/${sessionId}/accommodations`, 303)
  }
}

/** GET /engagement/accommodations: what is still to arrange for sessions that have not yet ended, soonest first. */
export function getToArrange(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const rows = await getAccommodationsToArrange(deps, request.actor)
    return reply.render(`${DIR}/to-arrange.njk`, {
      pageTitle: 'Accommodations to arrange',
      backLink: '/engagement',
      rows: rows.map(r => ({ ...r, tag: tagOf(r), whenText: `${formatDate(r.startsAt)}, ${formatLondonTime(r.startsAt)}` })),
    })
  }
}
