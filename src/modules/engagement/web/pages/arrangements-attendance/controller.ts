import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { ATTENDANCE_STATUSES, changeAttendance, getAttendance, getAttendanceRecord, recordAttendance, removeAttendance, type AttendanceDto, type AttendanceStatus, type RecordAttendanceResult } from '../../../domain/attendance.ts'
import { choices, inPageOrder, text, type FormValues } from '../../forms.ts'
import { runWithProblems, sessionContext } from '../arrangements-shared/session-context.ts'
import { ATTENDANCE_FIELDS, changeSchema, recordSchema } from './schema.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'engagement/web/pages/arrangements-attendance'

async function renderList(deps: AppDeps, request: WithId, reply: FastifyReply, values: FormValues, errors?: FieldError[], status?: number) {
  const ctx = await sessionContext(deps, request.actor, request.params.id, 'attendance')
  const list = await getAttendance(deps, request.actor, ctx.session.id)
  return reply.render(
    `${DIR}/view.njk`,
    {
      pageTitle: `Attendance: ${ctx.activity.title}`,
      backLink: `/engagement/activities/${ctx.activity.id}`,
      ...ctx,
      list,
      values,
      errors,
      statuses: choices(ATTENDANCE_STATUSES, text(values.status)),
    },
    status,
  )
}

/** GET /engagement/sessions/:id/attendance: who is recorded, the counts, and the form to record more. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderList(deps, request, reply, {})
}

function recordedText(r: { added: string[]; changed: string[]; unchanged: string[] }, statusLabel: string): string {
  const n = r.added.length + r.changed.length + r.unchanged.length
  return `${n === 1 ? '1 person' : `${n} people`} recorded as ${statusLabel.toLowerCase()}`
}

/** POST /engagement/sessions/:id/attendance: record one or several people with one status (audited). */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const form = parseForm(recordSchema, request.body)
    const values = (form.ok ? request.body : form.values) as FormValues
    const input = form.ok ? form.value : { pseudonyms: text(values.pseudonyms), status: text(values.status) as AttendanceStatus }
    let result: RecordAttendanceResult | undefined
    const problems = await runWithProblems(form, async () => (result = await recordAttendance(deps, request.actor, request.params.id, input)), ATTENDANCE_FIELDS)
    if (problems.length || !result) return renderList(deps, request, reply, values, problems, 400)
    request.session.flash = recordedText(result, ATTENDANCE_STATUSES.find(s => s.code === input.status)!.label)
    return reply.redirect(`/engagement/sessions/${request.params.id}/attendance`, 303)
  }
}

async function renderChange(deps: AppDeps, request: WithId, reply: FastifyReply, record: AttendanceDto, values: FormValues, errors?: FieldError[], status?: number) {
  const ctx = await sessionContext(deps, request.actor, record.sessionId, 'attendance')
  return reply.render(
    `${DIR}/change.njk`,
    {
      pageTitle: `Change attendance: ${record.pseudonym ?? 'a former panel member'}`,
      backLink: `/engagement/sessions/${record.sessionId}/attendance`,
      ...ctx,
      record,
      values,
      errors,
      statuses: choices(ATTENDANCE_STATUSES, text(values.status)),
    },
    status,
  )
}

/** GET /engagement/attendance/:id: change one person's status. */
export function getChange(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const record = await getAttendanceRecord(deps, request.actor, request.params.id)
    return renderChange(deps, request, reply, record, { status: record.status })
  }
}

/** POST /engagement/attendance/:id */
export function postChange(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const record = await getAttendanceRecord(deps, request.actor, request.params.id)
    const form = parseForm(changeSchema, request.body)
    if (!form.ok) return renderChange(deps, request, reply, record, form.values, form.errors, 400)
    try {
      await changeAttendance(deps, request.actor, record.id, form.value.status)
    } catch (err) {
      return renderChange(deps, request, reply, record, request.body as FormValues, inPageOrder(fieldErrorsOf(err), ATTENDANCE_FIELDS), 400)
    }
    request.session.flash = `Attendance of ${record.pseudonym ?? 'a former panel member'} changed`
    return reply.redirect(`/engagement/sessions/${record.sessionId}/attendance`, 303)
  }
}

/** GET /engagement/attendance/:id/remove: are you sure? */
export function getRemove(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const record = await getAttendanceRecord(deps, request.actor, request.params.id)
    const ctx = await sessionContext(deps, request.actor, record.sessionId, 'attendance')
    return reply.render(`${DIR}/remove.njk`, {
      pageTitle: `Remove attendance: ${record.pseudonym ?? 'a former panel member'}`,
      backLink: `/engagement/sessions/${record.sessionId}/attendance`,
      ...ctx,
      record,
    })
  }
}

/** POST /engagement/attendance/:id/remove: remove a record made in error (audited). */
export function postRemove(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const record = await getAttendanceRecord(deps, request.actor, request.params.id)
    await removeAttendance(deps, request.actor, record.id)
    request.session.flash = `Attendance of ${record.pseudonym ?? 'a former panel member'} removed`
    return reply.redirect(`/engagement/sessions/${record.sessionId}/attendance`, 303)
  }
}
