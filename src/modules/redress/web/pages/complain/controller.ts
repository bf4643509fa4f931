import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { dateFrom, list, text, type Body } from '../../../../../platform/http/form-fields.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { submitComplaint, type ComplaintInput } from '../../../domain/complaints.ts'
import { CHANNEL_LABELS, CONTACT_CHANNEL_LABELS, CONTACT_CHANNELS, FORMAT_LABELS, FORMATS, NOT_SURE, publishedCommitments, STAFF_CHANNELS } from '../../../domain/model.ts'

declare module 'fastify' {
  interface Session {
    /** The complaint just made online: shown once on /complain/confirmation. */
    redressComplaint?: { reference: string; respondBy: string }
  }
}

const DIR = 'redress/web/pages/complain'
const FIELDS = ['name', 'email', 'phone', 'address', 'preferredChannel', 'preferredFormat', 'whatHappened', 'whatWanted', 'channel', 'receivedOn-day', 'receivedOn-month', 'receivedOn-year'] as const

type Values = Record<string, string> & { commitments?: never }

function readValues(body: Body): { values: Record<string, string>; commitments: string[] } {
  const values: Record<string, string> = {}
  for (const f of FIELDS) values[f] = text(body, f)
  return { values, commitments: list(body, 'commitments') }
}

function inputOf(body: Body, staff: boolean): ComplaintInput {
  const { values, commitments } = readValues(body)
  const input: ComplaintInput = {
    name: values.name!,
    email: values.email!,
    phone: values.phone!,
    address: values.address!,
    preferredChannel: values.preferredChannel!,
    preferredFormat: values.preferredFormat!,
    commitments,
    whatHappened: values.whatHappened!,
    whatWanted: values.whatWanted!,
  }
  if (staff) {
    input.channel = values.channel!
    input.receivedOn = dateFrom(body, 'receivedOn')
  }
  return input
}

async function render(deps: AppDeps, reply: FastifyReply, staff: boolean, values: Values, chosen: string[], errors?: FieldError[]) {
  const { commitments } = await publishedCommitments(deps)
  const commitmentItems = [
    ...commitments.map(c => ({ value: c.key, text: c.text, hint: { text: c.sectionTitle }, checked: chosen.includes(c.key) })),
    ...(commitments.length ? [{ divider: 'or' }] : []),
    { value: NOT_SURE, text: 'I’m not sure', behaviour: 'exclusive', checked: chosen.includes(NOT_SURE) },
  ]
  return reply.render(
    `${DIR}/form.njk`,
    {
      pageTitle: staff ? 'Enter a complaint' : 'Make a complaint',
      backLink: staff ? '/redress/complaints' : undefined,
      staff,
      action: staff ? '/redress/complaints/new' : '/complain',
      values,
      errors,
      commitmentItems,
      channelItems: STAFF_CHANNELS.map(c => ({ value: c, text: CHANNEL_LABELS[c], checked: values.channel === c })),
      contactItems: CONTACT_CHANNELS.map(c => ({ value: c, text: CONTACT_CHANNEL_LABELS[c], checked: values.preferredChannel === c })),
      formatItems: FORMATS.map(f => ({ value: f, text: FORMAT_LABELS[f], checked: (values.preferredFormat || 'standard') === f })),
    },
    errors ? 400 : undefined,
  )
}

/** GET /complain and GET /redress/complaints/new */
export function get(deps: AppDeps, staff: boolean) {
  return async (_request: FastifyRequest, reply: FastifyReply) => render(deps, reply, staff, {}, [])
}

/** POST /complain (anyone) and POST /redress/complaints/new (the complaints handler): audited. */
export function post(deps: AppDeps, staff: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    const input = inputOf(body, staff)
    try {
      const done = await submitComplaint(deps, request.actor, input)
      if (staff) {
        request.session.flash = `Complaint ${done.reference} saved. Stage 1 response due by ${done.respondBy}`
        return reply.redirect(`/redress/complaints/${done.id}`, 303)
      }
      request.session.redressComplaint = { reference: done.reference, respondBy: done.respondBy }
      return reply.redirect('/complain/confirmation', 303)
    } catch (err) {
      const { values, commitments } = readValues(body)
      return render(deps, reply, staff, values, commitments, fieldErrorsOf(err))
    }
  }
}

/** GET /complain/confirmation: the reference and the date a response is due. */
export function confirmation() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const done = request.session.redressComplaint
    if (!done) return reply.redirect('/complain', 303)
    return reply.render(`${DIR}/confirmation.njk`, { pageTitle: 'Complaint received', done })
  }
}
