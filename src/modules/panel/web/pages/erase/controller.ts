import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { eraseOwnRecord, eraseParticipant, findOwnRecordForErasure } from '../../../domain/erase-participant.ts'
import { getParticipantDetail } from '../../../domain/queries/participant-detail.ts'
import { eraseSchema } from './schema.ts'

const VIEW = 'panel/web/pages/erase/view.njk'
const DONE = 'panel/web/pages/erase/done.njk'

type ManagerRequest = FastifyRequest<{ Params: { participantId: string } }>
interface FormState {
  errors?: FieldError[]
  values?: Record<string, unknown>
  status?: number
}

// ---- the panel manager: /panel/participants/:participantId/erase ----

async function renderForManager(deps: AppDeps, request: ManagerRequest, reply: FastifyReply, state: FormState = {}) {
  const p = await getParticipantDetail(deps, request.actor, request.params.participantId)
  return reply.render(
    VIEW,
    {
      pageTitle: p.status === 'erased' ? `${p.pseudonym} has already been erased` : `Erase the record of ${p.pseudonym}`,
      self: false,
      pseudonym: p.pseudonym,
      alreadyErased: p.status === 'erased',
      action: `/panel/participants/${p.id}/erase`,
      cancel: `/panel/participants/${p.id}`,
      values: state.values ?? {},
      errors: state.errors,
      backLink: `/panel/participants/${p.id}`,
    },
    state.status,
  )
}

export function getForManager(deps: AppDeps) {
  return (request: ManagerRequest, reply: FastifyReply) => renderForManager(deps, request, reply)
}

export function postForManager(deps: AppDeps) {
  return async (request: ManagerRequest, reply: FastifyReply) => {
    const form = parseForm(eraseSchema(false), request.body)
    if (!form.ok) return renderForManager(deps, request, reply, { errors: form.errors, values: form.values, status: 400 })
    let flash: string
    try {
      const result = await eraseParticipant(deps, request.actor, { participantId: request.params.participantId, deleteContributions: form.value.contributions === 'delete' })
      flash = `${result.pseudonym} has been erased. ${result.deleteContributions ? 'What they said has been deleted too.' : 'What they said is kept, without their name.'}`
      if (result.followUpFailed) flash += ' Some of what they said could not be dealt with yet: tell the service administrator.'
    } catch (err) {
      if (err instanceof AppError && err.code === AppErrorCode.INVALID_STATE) return renderForManager(deps, request, reply, { status: 409 })
      return renderForManager(deps, request, reply, { errors: fieldErrorsOf(err), values: request.body as Record<string, unknown>, status: 400 })
    }
    request.session.flash = flash
    return reply.redirect(`/panel/participants/${request.params.participantId}`, 303)
  }
}

// ---- the person themselves: /my-record/erase ----

async function renderForSelf(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
  const own = await findOwnRecordForErasure(deps, request.actor)
  return reply.render(
    VIEW,
    {
      pageTitle: 'Remove me from the panel',
      self: true,
      pseudonym: own.pseudonym,
      action: '/my-record/erase',
      cancel: '/my-record',
      values: state.values ?? {},
      errors: state.errors,
      backLink: '/my-record',
    },
    state.status,
  )
}

export function getForSelf(deps: AppDeps) {
  return (request: FastifyRequest, reply: FastifyReply) => renderForSelf(deps, request, reply)
}

export function postForSelf(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(eraseSchema(true), request.body)
    if (!form.ok) return renderForSelf(deps, request, reply, { errors: form.errors, values: form.values, status: 400 })
    let result
    try {
      result = await eraseOwnRecord(deps, request.actor, { deleteContributions: form.value.contributions === 'delete' })
    } catch (err) {
      return renderForSelf(deps, request, reply, { errors: fieldErrorsOf(err), values: request.body as Record<string, unknown>, status: 400 })
    }
    // Their account is closed: end this session too (the erasure already removed it from the database).
    await request.session.destroy()
    return reply.redirect(`/my-record/erased?contributions=${result.deleteContributions ? 'deleted' : 'kept'}`, 303)
  }
}

/** GET /my-record/erased: the confirmation, once the person has been signed out. */
export function done() {
  return async (request: FastifyRequest<{ Querystring: { contributions?: string } }>, reply: FastifyReply) => {
    const contributions = request.query?.contributions === 'deleted' ? 'deleted' : request.query?.contributions === 'kept' ? 'kept' : undefined
    return reply.render(DONE, { pageTitle: 'You have left the panel', contributions })
  }
}
