import type { FastifyReply } from 'fastify'
import type { AppDeps } from '../../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../../platform/http/validate.ts'
import { changeParticipantStatus } from '../../../../domain/change-participant-status.ts'
import { getParticipantDetail } from '../../../../domain/queries/participant-detail.ts'
import type { ParticipantRequest } from '../controller.ts'
import { statusSchema } from './schema.ts'

const VIEW = 'panel/web/pages/participant/status/view.njk'

async function render(deps: AppDeps, request: ParticipantRequest, reply: FastifyReply, opts: { errors?: FieldError[]; values?: Record<string, unknown>; status?: number } = {}) {
  const participant = await getParticipantDetail(deps, request.actor, request.params.participantId)
  return reply.render(
    VIEW,
    {
      pageTitle: `Is ${participant.pseudonym} still on the panel?`,
      p: participant,
      values: opts.values ?? { status: participant.status },
      errors: opts.errors,
      backLink: `/panel/participants/${participant.id}`,
    },
    opts.status ?? (participant.status === 'erased' ? 409 : undefined),
  )
}

/** GET /panel/participants/:participantId/status: has this member left the panel? */
export function get(deps: AppDeps) {
  return (request: ParticipantRequest, reply: FastifyReply) => render(deps, request, reply)
}

export function post(deps: AppDeps) {
  return async (request: ParticipantRequest, reply: FastifyReply) => {
    const form = parseForm(statusSchema, request.body)
    if (!form.ok) return render(deps, request, reply, { errors: form.errors, values: form.values, status: 400 })
    try {
      const result = await changeParticipantStatus(deps, request.actor, { participantId: request.params.participantId, status: form.value.status })
      if (result.changed) {
        request.session.flash =
          result.status === 'withdrawn' ? `${result.pseudonym} has left the panel. Nobody will contact them.` : `${result.pseudonym} is back on the panel`
      }
    } catch (err) {
      if (err instanceof AppError && err.code === AppErrorCode.INVALID_STATE) return render(deps, request, reply, { status: 409 })
      return render(deps, request, reply, { errors: fieldErrorsOf(err), values: request.body as Record<string, unknown>, status: 400 })
    }
    return reply.redirect(`/panel/participants/${request.params.participantId}`, 303)
  }
}
