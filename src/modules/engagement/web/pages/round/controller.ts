import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { changeRound, createRound, getRound } from '../../../domain/activities.ts'
import { inPageOrder, ROUND_FIELDS, roundSchema, roundValues, type FormValues } from '../../forms.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const VIEW = 'engagement/web/pages/round/view.njk'

function render(reply: FastifyReply, round: { id: string; title: string } | null, values: FormValues, errors?: FieldError[], status?: number) {
  return reply.render(
    VIEW,
    {
      pageTitle: round ? `Change the round: ${round.title}` : 'Add a round',
      backLink: '/engagement',
      action: round ? `/engagement/rounds/${round.id}/edit` : '/engagement/rounds/new',
      round,
      values,
      errors,
    },
    status,
  )
}

/** GET /engagement/rounds/new */
export function getNew() {
  return async (_request: FastifyRequest, reply: FastifyReply) => render(reply, null, {})
}

/** POST /engagement/rounds/new: set up the round (audited), or show what to fix with everything typed kept. */
export function postNew(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(roundSchema, request.body)
    if (!form.ok) return render(reply, null, form.values, form.errors, 400)
    try {
      await createRound(deps, request.actor, form.value)
    } catch (err) {
      return render(reply, null, request.body as FormValues, inPageOrder(fieldErrorsOf(err), ROUND_FIELDS), 400)
    }
    request.session.flash = `Round “${form.value.title}” added`
    return reply.redirect('/engagement', 303)
  }
}

/** GET /engagement/rounds/:id/edit */
export function getEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const round = await getRound(deps, request.actor, request.params.id)
    return render(reply, round, roundValues(round))
  }
}

/** POST /engagement/rounds/:id/edit */
export function postEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const round = await getRound(deps, request.actor, request.params.id)
    const form = parseForm(roundSchema, request.body)
    if (!form.ok) return render(reply, round, form.values, form.errors, 400)
    try {
      await changeRound(deps, request.actor, round.id, form.value)
    } catch (err) {
      return render(reply, round, request.body as FormValues, inPageOrder(fieldErrorsOf(err), ROUND_FIELDS), 400)
    }
    request.session.flash = `Round “${form.value.title}” saved`
    return reply.redirect('/engagement', 303)
  }
}
