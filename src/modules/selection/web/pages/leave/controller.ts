import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { LEAVE_REASONS, recordLeaving } from '../../../domain/app/core-group.ts'
import { getCoreGroup, type MemberView } from '../../../domain/app/queries.ts'
import { leaveSchema } from '../../forms.ts'
import { stateErrors } from '../../respond.ts'

type WithMember = FastifyRequest<{ Params: { memberId: string } }>

async function member(deps: AppDeps, request: WithMember): Promise<MemberView> {
  const group = await getCoreGroup(deps, request.actor)
  const m = group.current.find(x => x.id === request.params.memberId)
  if (!m) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such member of the Core Group now' })
  return m
}

function render(reply: FastifyReply, m: MemberView, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  const reasons = LEAVE_REASONS.filter(r => r.chosen).map(r => ({ value: r.code, text: r.label, checked: values.reason === r.code }))
  return reply.render('selection/web/pages/leave/view.njk', { pageTitle: `${m.pseudonym} has left the Core Group`, backLink: '/selection/core-group', member: m, reasons, values, errors }, status)
}

/** GET /selection/core-group/:memberId/leave */
export function get(deps: AppDeps) {
  return async (request: WithMember, reply: FastifyReply) => render(reply, await member(deps, request), {})
}

/** POST /selection/core-group/:memberId/leave: end their membership with the date and reason. */
export function post(deps: AppDeps) {
  return async (request: WithMember, reply: FastifyReply) => {
    const m = await member(deps, request)
    const form = parseForm(leaveSchema, request.body)
    if (!form.ok) return render(reply, m, form.values, form.errors, 400)
    try {
      await recordLeaving(deps, request.actor, m.id, form.value)
      request.session.flash = `${m.pseudonym} has left the Core Group. You can top up the group to fill the place.`
      return reply.redirect('/selection/core-group', 303)
    } catch (err) {
      return render(reply, m, (request.body ?? {}) as Record<string, unknown>, stateErrors(err, 'reason'), 400)
    }
  }
}
