import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { EVIDENCE_CHANNELS } from '../../../../evidence/index.ts'
import { mayCode } from '../../../domain/model.ts'
import { createProject, getProjectOverview, listAnalysisProjects, takeInEvidence, type ProjectInput } from '../../../domain/projects.ts'
import { text, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'analysis/web/pages/projects'

/** GET /analysis: every analysis. */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const projects = await listAnalysisProjects(deps, request.actor)
    return reply.render(`${DIR}/list.njk`, { pageTitle: 'Analysis', projects, mayCode: mayCode(request.actor) })
  }
}

function channelItems(selected: string) {
  return [{ value: '', text: 'Any channel', selected: selected === '' }, ...EVIDENCE_CHANNELS.map(c => ({ value: c.code, text: c.label, selected: c.code === selected }))]
}

function renderNew(reply: FastifyReply, values: ProjectInput, errors?: FieldError[], status?: number) {
  return reply.render(`${DIR}/new.njk`, { pageTitle: 'Start an analysis', backLink: '/analysis', values, channels: channelItems(values.channel), errors }, status)
}

const EMPTY: ProjectInput = { title: '', purpose: '', channel: '', activityId: '', questionId: '' }

/** GET /analysis/new */
export function getNew() {
  return async (_request: FastifyRequest, reply: FastifyReply) => renderNew(reply, EMPTY)
}

/** POST /analysis/new (audited) */
export function postNew(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    const input: ProjectInput = { title: text(body, 'title'), purpose: text(body, 'purpose'), channel: text(body, 'channel'), activityId: text(body, 'activityId'), questionId: text(body, 'questionId') }
    try {
      const { id } = await createProject(deps, request.actor, input)
      request.session.flash = 'Analysis started: now take in the evidence'
      return reply.redirect(`/analysis/${id}`, 303)
    } catch (err) {
      return renderNew(reply, input, fieldErrorsOf(err), 400)
    }
  }
}

/** GET /analysis/:id: the analysis, step by step. */
export function overview(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const o = await getProjectOverview(deps, request.actor, request.params.id)
    return reply.render(`${DIR}/overview.njk`, { pageTitle: o.project.title, backLink: '/analysis', o, mayCode: mayCode(request.actor) })
  }
}

/** POST /analysis/:id/take-in: take in and prepare the evidence in scope (audited). */
export function postTakeIn(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const r = await takeInEvidence(deps, request.actor, request.params.id)
    const parts = [`${r.added.toLocaleString('en-GB')} new items taken in`]
    if (r.preparedAgain) parts.push(`${r.preparedAgain.toLocaleString('en-GB')} changed since and prepared again`)
    if (r.removed) parts.push(`${r.removed.toLocaleString('en-GB')} removed because their evidence is gone`)
    parts.push(`${r.redactionsFound.toLocaleString('en-GB')} personal details found to review`)
    request.session.flash = `${parts.join(', ')}.`
    return reply.redirect(`/analysis/${request.params.id}`, 303)
  }
}
