import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import {
  changeFeedback,
  createFeedback,
  FEEDBACK_FIELDS,
  FEEDBACK_LIMITS,
  getFeedback,
  listProjectFeedback,
  peopleWhoTookPart,
  readingHint,
  sendFeedback,
  type FeedbackDto,
  type FeedbackInput,
} from '../../../domain/feedback.ts'
import { mayCode } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'
import { text, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithFeedback = FastifyRequest<{ Params: { id: string; feedbackId: string } }>
const DIR = 'analysis/web/pages/feedback'
const paragraphsOf = (s: string) => s.split(/\n\s*\n/).map(p => p.trim()).filter(Boolean)
const EMPTY: FeedbackInput = { title: '', youSaid: '', weDid: '' }

function readFeedback(body: Body): FeedbackInput {
  return { title: text(body, 'title'), youSaid: text(body, 'youSaid'), weDid: text(body, 'weDid') }
}

function inOrder(errors: readonly FieldError[]): FieldError[] {
  const order: readonly string[] = [...FEEDBACK_FIELDS, 'send']
  const rank = (f: string) => (order.indexOf(f) === -1 ? order.length : order.indexOf(f))
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field))
}

/** The field's hint: once written, its reading age and what would make it easier; always, how to make paragraphs. */
function hintFor(value: string, written: boolean): string {
  const paragraphs = 'Leave a blank line between paragraphs.'
  return written && value.trim() ? `${readingHint(value).message} ${paragraphs}` : paragraphs
}

async function renderForm(deps: AppDeps, request: WithId | WithFeedback, reply: FastifyReply, values: FeedbackInput, feedback: FeedbackDto | null, opts: { errors?: FieldError[]; status?: number } = {}) {
  const project = await getProject(deps, request.actor, request.params.id)
  const people = (await peopleWhoTookPart(deps, request.actor, project.id)).length
  const editable = mayCode(request.actor) && (!feedback || feedback.status === 'draft')
  return reply.render(
    `${DIR}/form.njk`,
    {
      pageTitle: feedback ? `You said, we did: ${feedback.title}` : `Write a “you said, we did” summary: ${project.title}`,
      backLink: `/analysis/${project.id}/feedback`,
      project,
      feedback,
      values,
      editable,
      people,
      limits: FEEDBACK_LIMITS,
      paragraphs: { youSaid: paragraphsOf(values.youSaid), weDid: paragraphsOf(values.weDid) },
      hintText: { youSaid: hintFor(values.youSaid, !!feedback), weDid: hintFor(values.weDid, !!feedback) },
      action: feedback ? `/analysis/${project.id}/feedback/${feedback.id}` : `/analysis/${project.id}/feedback/new`,
      errors: opts.errors ? inOrder(opts.errors) : undefined,
    },
    opts.status,
  )
}

/** GET /analysis/:id/feedback: this analysis's "you said, we did" summaries, drafts and sent. */
export function list(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const project = await getProject(deps, request.actor, request.params.id)
    const summaries = await listProjectFeedback(deps, request.actor, project.id)
    const people = (await peopleWhoTookPart(deps, request.actor, project.id)).length
    return reply.render(`${DIR}/list.njk`, { pageTitle: `You said, we did: ${project.title}`, backLink: `/analysis/${project.id}`, project, summaries, people, mayCode: mayCode(request.actor) })
  }
}

/** GET /analysis/:id/feedback/new */
export function getNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderForm(deps, request, reply, EMPTY, null)
}

/** POST /analysis/:id/feedback/new: save the draft (checked, audited). */
export function postNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const input = readFeedback(request.body as Body)
    try {
      const { id } = await createFeedback(deps, request.actor, request.params.id, input)
      request.session.flash = 'Summary saved as a draft'
      return reply.redirect(`/analysis/${request.params.id}/feedback/${id}`, 303)
    } catch (err) {
      return renderForm(deps, request, reply, input, null, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

/** GET /analysis/:id/feedback/:feedbackId: the summary (changed and sent from here while it is a draft). */
export function show(deps: AppDeps) {
  return async (request: WithFeedback, reply: FastifyReply) => {
    const f = await getFeedback(deps, request.actor, request.params.id, request.params.feedbackId)
    return renderForm(deps, request, reply, { title: f.title, youSaid: f.youSaid, weDid: f.weDid }, f)
  }
}

/** POST /analysis/:id/feedback/:feedbackId: change the draft (audited). */
export function postEdit(deps: AppDeps) {
  return async (request: WithFeedback, reply: FastifyReply) => {
    const f = await getFeedback(deps, request.actor, request.params.id, request.params.feedbackId)
    const input = readFeedback(request.body as Body)
    try {
      await changeFeedback(deps, request.actor, request.params.id, f.id, input)
      request.session.flash = 'Summary saved'
      return reply.redirect(`/analysis/${request.params.id}/feedback/${f.id}`, 303)
    } catch (err) {
      return renderForm(deps, request, reply, input, f, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

/** POST /analysis/:id/feedback/:feedbackId/send: hand it to the panel manager for the people who took part (audited). */
export function postSend(deps: AppDeps) {
  return async (request: WithFeedback, reply: FastifyReply) => {
    const f = await getFeedback(deps, request.actor, request.params.id, request.params.feedbackId)
    let report
    try {
      report = await sendFeedback(deps, request.actor, request.params.id, f.id)
    } catch (err) {
      return renderForm(deps, request, reply, { title: f.title, youSaid: f.youSaid, weDid: f.weDid }, f, { errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = `Summary sent to the panel manager for ${report.people} ${report.people === 1 ? 'person' : 'people'} who took part`
    return reply.redirect(`/analysis/${request.params.id}/feedback/${f.id}`, 303)
  }
}
