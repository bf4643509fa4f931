import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { dateFrom, text, type Body } from '../../../../../platform/http/form-fields.ts'
import { queryString } from '../../../../../platform/http/validate.ts'
import { acknowledge, addLearningAction, completeLearningAction, escalate, extend, referToOmbudsman, respond } from '../../../domain/complaints.ts'
import { CHANNEL_LABELS, CONTACT_CHANNEL_LABELS, FORMAT_LABELS, OUTCOME_LABELS, OUTCOME_VALUES, publishedCommitments } from '../../../domain/model.ts'
import { getComplaint, getContactDetails, listComplaints } from '../../../domain/queries.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithLearning = FastifyRequest<{ Params: { id: string; learningId: string } }>
const DIR = 'redress/web/pages/cases'

const STATUS_LABELS: Record<string, string> = { open: 'Open', responded: 'Responded', referred: 'With the ombudsman' }

/** Business-rule failures shown on the page; anything else goes to the error handler. */
function problemsOf(err: unknown): FieldError[] {
  if (err instanceof AppError && (err.code === AppErrorCode.VALIDATION_FAILED || err.code === AppErrorCode.INVALID_STATE) && err.fieldErrors.length) return err.fieldErrors
  throw err
}

/** GET /redress/complaints: filters stage, status, overdue, commitment. */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const q = request.query
    const filters = { stage: queryString(q.stage) ?? '', status: queryString(q.status) ?? '', overdue: queryString(q.overdue) === 'yes', commitment: queryString(q.commitment) ?? '' }
    const [complaints, published] = await Promise.all([listComplaints(deps, request.actor, filters), publishedCommitments(deps)])
    const opt = (value: string, label: string, current: string) => ({ value, text: label, selected: value === current })
    return reply.render(`${DIR}/list.njk`, {
      pageTitle: 'Complaints',
      complaints: complaints.map(c => ({ ...c, channelLabel: CHANNEL_LABELS[c.channel], statusLabel: STATUS_LABELS[c.status] })),
      filters,
      stageItems: [opt('', 'Any stage', filters.stage), opt('1', 'Stage 1', filters.stage), opt('2', 'Stage 2', filters.stage)],
      statusItems: [opt('', 'Any status', filters.status), ...Object.entries(STATUS_LABELS).map(([v, l]) => opt(v, l, filters.status))],
      commitmentItems: [opt('', 'Any commitment', filters.commitment), opt('not_sure', 'Not sure which', filters.commitment), ...published.commitments.map(c => opt(c.key, c.text, filters.commitment))],
    })
  }
}

interface FormState {
  errors?: FieldError[]
  values?: Record<string, string>
}

async function renderCase(deps: AppDeps, request: WithId, reply: FastifyReply, state: FormState = {}) {
  const c = await getComplaint(deps, request.actor, request.params.id)
  const published = await publishedCommitments(deps)
  const values = state.values ?? {}
  return reply.render(
    `${DIR}/case.njk`,
    {
      pageTitle: `Complaint ${c.reference}`,
      backLink: '/redress/complaints',
      c,
      values,
      errors: state.errors,
      channelLabel: CHANNEL_LABELS[c.channel],
      statusLabel: STATUS_LABELS[c.status],
      contactChannelLabel: c.preferredChannel ? CONTACT_CHANNEL_LABELS[c.preferredChannel] : 'Not known',
      formatLabel: c.preferredFormat ? FORMAT_LABELS[c.preferredFormat] : 'Not known',
      outcomeLabels: OUTCOME_LABELS,
      outcomeItems: OUTCOME_VALUES.map(o => ({ value: o, text: OUTCOME_LABELS[o], checked: values.outcome === o })),
      learningCommitmentItems: [
        { value: '', text: 'Not about one commitment', selected: !values.commitmentKey },
        ...published.commitments.map(p => ({ value: p.key, text: p.text, selected: values.commitmentKey === p.key })),
      ],
      commitmentText: Object.fromEntries(published.commitments.map(p => [p.key, p.text])),
    },
    state.errors ? 400 : undefined,
  )
}

/** GET /redress/complaints/:id: the case, its timeline and the next steps. */
export function show(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderCase(deps, request, reply)
}

/** GET /redress/complaints/:id/contact: the person's contact details (the read is audited). */
export function contact(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const c = await getComplaint(deps, request.actor, request.params.id)
    const details = await getContactDetails(deps, request.actor, c.id)
    return reply.render(`${DIR}/contact.njk`, {
      pageTitle: `Contact details: ${c.reference}`,
      backLink: `/redress/complaints/${c.id}`,
      c,
      details,
      channelLabel: CONTACT_CHANNEL_LABELS[details.preferredChannel],
      formatLabel: FORMAT_LABELS[details.preferredFormat],
    })
  }
}

function step(deps: AppDeps, run: (request: WithId, body: Body) => Promise<unknown>, flash: string) {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    try {
      await run(request, body)
    } catch (err) {
      const values: Record<string, string> = {}
      for (const [k, v] of Object.entries(body ?? {})) if (typeof v === 'string' && k !== '_csrf') values[k] = v
      return renderCase(deps, request, reply, { errors: problemsOf(err), values })
    }
    request.session.flash = flash
    return reply.redirect(`/redress/complaints/${request.params.id}`, 303)
  }
}

export const postAcknowledge = (deps: AppDeps) => step(deps, r => acknowledge(deps, r.actor, r.params.id), 'Acknowledgement recorded')
export const postExtend = (deps: AppDeps) => step(deps, (r, b) => extend(deps, r.actor, r.params.id, { newDate: dateFrom(b, 'extendedTo'), reason: text(b, 'extensionReason') }), 'Response date extended')
export const postRespond = (deps: AppDeps) => step(deps, (r, b) => respond(deps, r.actor, r.params.id, { outcome: text(b, 'outcome'), response: text(b, 'response') }), 'Response recorded and sent')
export const postEscalate = (deps: AppDeps) => step(deps, (r, b) => escalate(deps, r.actor, r.params.id, { reason: text(b, 'escalationReason') }), 'Complaint taken to stage 2')
export const postOmbudsman = (deps: AppDeps) =>
  step(deps, (r, b) => referToOmbudsman(deps, r.actor, r.params.id, { referredOn: dateFrom(b, 'referredOn'), ombudsmanReference: text(b, 'ombudsmanReference') }), 'Referral to the ombudsman recorded')
export const postLearning = (deps: AppDeps) =>
  step(deps, (r, b) => addLearningAction(deps, r.actor, r.params.id, { action: text(b, 'learningAction'), owner: text(b, 'owner'), dueOn: dateFrom(b, 'dueOn'), commitmentKey: text(b, 'commitmentKey') }), 'Learning action added')

/** POST /redress/complaints/:id/learning/:learningId/done */
export function postLearningDone(deps: AppDeps) {
  return async (request: WithLearning, reply: FastifyReply) => {
    await completeLearningAction(deps, request.actor, request.params.id, request.params.learningId)
    request.session.flash = 'Learning action marked done'
    return reply.redirect(`/redress/complaints/${request.params.id}`, 303)
  }
}
