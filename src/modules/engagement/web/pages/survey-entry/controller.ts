import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { loadSurveyOfActivity } from '../../../domain/survey-model.ts'
import { ENTRY_CHANNELS, mayEnterOnBehalf, stateOf, startEntryOnBehalf } from '../../../domain/survey-responses.ts'

const DIR = 'engagement/web/pages/survey-entry'
type Req = FastifyRequest<{ Params: Record<string, string> }>
type Body = Record<string, string | string[] | undefined>
const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '')

async function render(deps: AppDeps, request: Req, reply: FastifyReply, values: Body, errors?: FieldError[]) {
  if (!mayEnterOnBehalf(request.actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot enter answers on someone’s behalf' })
  const parts = await loadSurveyOfActivity(deps.db, request.params.activityId ?? '')
  if (!parts) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This activity has no survey yet' })
  return reply.render(
    `${DIR}/view.njk`,
    {
      pageTitle: 'Enter someone’s answers',
      backLink: '/engagement/surveys',
      activity: parts.activity,
      channels: ENTRY_CHANNELS.map(c => ({ value: c.code, text: c.label, hint: { text: c.hint } })),
      action: `/engagement/surveys/${parts.activity.id}/entries/new`,
      values,
      errors,
    },
    errors ? 400 : undefined,
  )
}

/** Choose the panel member (by pseudonym) and how they gave their answers. */
export function get(deps: AppDeps) {
  return (request: Req, reply: FastifyReply) => render(deps, request, reply, {})
}

export function post(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Body
    const parts = await loadSurveyOfActivity(deps.db, request.params.activityId ?? '')
    if (!parts) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This activity has no survey yet' })
    let response
    try {
      response = await startEntryOnBehalf(deps, request.actor, parts.survey.id, { pseudonym: str(body.pseudonym), channel: str(body.channel) })
    } catch (err) {
      if (err instanceof AppError && err.code === AppErrorCode.INVALID_STATE) return render(deps, request, reply, body, [{ field: 'pseudonym', message: err.message }])
      return render(deps, request, reply, body, fieldErrorsOf(err))
    }
    const base = `/engagement/surveys/${parts.activity.id}/entries/${response.id}`
    const state = await stateOf(deps, parts, response)
    return reply.redirect(state.nextUnanswered ? `${base}/questions/${state.nextUnanswered.id}` : `${base}/check`, 303)
  }
}
