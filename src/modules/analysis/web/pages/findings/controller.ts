import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { changeFinding, createFinding, getFinding, getFindingForm, listProjectFindings, listPublishedFindings, MAX_QUOTES, publishFinding, type FindingDto, type FindingInput } from '../../../domain/findings.ts'
import { mayCode } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'
import { list as listOf, text, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithFinding = FastifyRequest<{ Params: { id: string; findingId: string } }>
const DIR = 'analysis/web/pages/findings'
const EMPTY: FindingInput = { title: '', body: '', codeIds: [], quoteIds: [] }

function readFinding(body: Body): FindingInput {
  return { title: text(body, 'title'), body: text(body, 'body'), codeIds: listOf(body, 'codes'), quoteIds: listOf(body, 'quotes') }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

async function renderForm(deps: AppDeps, request: WithId | WithFinding, reply: FastifyReply, values: FindingInput, finding: FindingDto | null, opts: { errors?: FieldError[]; status?: number; note?: string } = {}) {
  const project = await getProject(deps, request.actor, request.params.id)
  const form = await getFindingForm(deps, request.actor, project.id, values.codeIds, values.quoteIds)
  return reply.render(
    `${DIR}/form.njk`,
    {
      pageTitle: finding ? `Change finding: ${finding.title}` : `Write a finding: ${project.title}`,
      backLink: `/analysis/${project.id}/findings`,
      project,
      finding,
      values,
      action: finding ? `/analysis/${project.id}/findings/${finding.id}` : `/analysis/${project.id}/findings/new`,
      codeItems: form.codes.map(c => ({
        value: c.id,
        html: `${c.depth ? `<span aria-hidden="true">${'— '.repeat(c.depth)}</span>` : ''}${escapeHtml(c.path)}`,
        checked: values.codeIds.includes(c.id),
      })),
      quoteItems: form.candidates.map(q => ({
        value: q.segmentId,
        text: `“${q.text}”`,
        hint: { text: `${q.label}. Coded ${q.codePaths.join(', ')}.` },
        checked: values.quoteIds.includes(q.segmentId),
      })),
      moreCandidates: form.moreCandidates,
      maxQuotes: MAX_QUOTES,
      note: opts.note,
      errors: opts.errors,
    },
    opts.status,
  )
}

/** GET /analysis/:id/findings: this analysis's findings, drafts and published. */
export function list(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const project = await getProject(deps, request.actor, request.params.id)
    const findings = await listProjectFindings(deps, request.actor, project.id)
    return reply.render(`${DIR}/list.njk`, { pageTitle: `Findings: ${project.title}`, backLink: `/analysis/${project.id}`, project, findings, mayCode: mayCode(request.actor) })
  }
}

/** GET /analysis/:id/findings/new */
export function getNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderForm(deps, request, reply, EMPTY, null)
}

/** POST /analysis/:id/findings/new: show quotes for the codes chosen, or save the draft (audited). */
export function postNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    const input = readFinding(body)
    if (text(body, 'action') === 'quotes') return renderForm(deps, request, reply, input, null, { note: 'quotes' })
    try {
      const { id } = await createFinding(deps, request.actor, request.params.id, input)
      request.session.flash = 'Finding saved as a draft'
      return reply.redirect(`/analysis/${request.params.id}/findings/${id}`, 303)
    } catch (err) {
      return renderForm(deps, request, reply, input, null, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

/** GET /analysis/:id/findings/:findingId: change it (and publish a draft). */
export function getEdit(deps: AppDeps) {
  return async (request: WithFinding, reply: FastifyReply) => {
    const f = await getFinding(deps, request.actor, request.params.id, request.params.findingId)
    return renderForm(deps, request, reply, { title: f.title, body: f.body, codeIds: f.codeIds, quoteIds: f.quoteIds }, f)
  }
}

/** POST /analysis/:id/findings/:findingId (audited) */
export function postEdit(deps: AppDeps) {
  return async (request: WithFinding, reply: FastifyReply) => {
    const f = await getFinding(deps, request.actor, request.params.id, request.params.findingId)
    const body = request.body as Body
    const input = readFinding(body)
    if (text(body, 'action') === 'quotes') return renderForm(deps, request, reply, input, f, { note: 'quotes' })
    try {
      await changeFinding(deps, request.actor, request.params.id, f.id, input)
      request.session.flash = 'Finding saved'
      return reply.redirect(`/analysis/${request.params.id}/findings/${f.id}`, 303)
    } catch (err) {
      return renderForm(deps, request, reply, input, f, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

/** POST /analysis/:id/findings/:findingId/publish: publish a draft to the Core Group (audited). */
export function postPublish(deps: AppDeps) {
  return async (request: WithFinding, reply: FastifyReply) => {
    const f = await getFinding(deps, request.actor, request.params.id, request.params.findingId)
    try {
      await publishFinding(deps, request.actor, request.params.id, f.id)
    } catch (err) {
      return renderForm(deps, request, reply, { title: f.title, body: f.body, codeIds: f.codeIds, quoteIds: f.quoteIds }, f, { errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = 'Finding published to the Core Group'
    return reply.redirect(`/analysis/${request.params.id}/findings`, 303)
  }
}

/** GET /findings: the published findings. */
export function published(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const findings = await listPublishedFindings(deps, request.actor)
    return reply.render(`${DIR}/published.njk`, { pageTitle: 'Findings', findings })
  }
}
