import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { getCodebook } from '../../../domain/codebook.ts'
import { loadProjectSegments } from '../../../domain/coding.ts'
import { coderOf, mayCode, notFound } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'
import { acceptBulkSuggestions, bulkOffersForCode, getSuggestionOverview, MIN_CODED_FOR_SUGGESTIONS, runSuggestions } from '../../../domain/suggestions.ts'
import { list, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithCode = FastifyRequest<{ Params: { id: string; codeId: string } }>
const DIR = 'analysis/web/pages/suggestions'

async function renderOverview(deps: AppDeps, request: WithId, reply: FastifyReply, errors?: FieldError[], status?: number) {
  const project = await getProject(deps, request.actor, request.params.id)
  const [overview, book] = await Promise.all([getSuggestionOverview(deps, request.actor, project.id), getCodebook(deps, request.actor, project.id)])
  const names = new Map(book.codes.map(c => [c.id, c.path]))
  return reply.render(
    `${DIR}/view.njk`,
    {
      pageTitle: `Suggestions: ${project.title}`,
      backLink: `/analysis/${project.id}`,
      project,
      overview,
      bulk: overview.bulkByCode.map(b => ({ ...b, name: names.get(b.codeId) ?? 'A code no longer in the codebook' })),
      metrics: overview.run?.metrics ?? null,
      minCoded: MIN_CODED_FOR_SUGGESTIONS,
      mayCode: mayCode(request.actor),
      errors,
    },
    status,
  )
}

/** GET /analysis/:id/suggestions */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderOverview(deps, request, reply)
}

/** POST /analysis/:id/suggestions: train on this analyst's coding and suggest for the rest (audited). */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    try {
      const r = await runSuggestions(deps, request.actor, request.params.id)
      request.session.flash = `Suggestions made for ${r.suggested.toLocaleString('en-GB')} segments, learnt from the ${r.trainedOn.toLocaleString('en-GB')} you coded`
    } catch (err) {
      return renderOverview(deps, request, reply, fieldErrorsOf(err), 400)
    }
    return reply.redirect(`/analysis/${request.params.id}/suggestions`, 303)
  }
}

async function renderBulk(deps: AppDeps, request: WithCode, reply: FastifyReply, errors?: FieldError[], status?: number) {
  const project = await getProject(deps, request.actor, request.params.id)
  const book = await getCodebook(deps, request.actor, project.id)
  const code = book.codes.find(c => c.id === request.params.codeId)
  if (!code) throw notFound('code')
  const offers = await bulkOffersForCode(deps, request.actor, project.id, code.id)
  const { segments } = await loadProjectSegments(deps, request.actor, project.id, coderOf(request.actor))
  const textOf = new Map(segments.map(s => [s.segmentId, s.text]))
  return reply.render(
    `${DIR}/bulk.njk`,
    {
      pageTitle: `Accept "${code.name}" in bulk: ${project.title}`,
      backLink: `/analysis/${project.id}/suggestions`,
      project,
      code,
      items: offers.map(o => ({ value: o.segmentId, text: textOf.get(o.segmentId) ?? '', hint: { text: `${Math.round(o.confidence * 100)}% confident. Words that weighed: ${o.why.words.join(', ') || 'none'}` }, checked: true })),
      errors,
    },
    status,
  )
}

/** GET /analysis/:id/suggestions/codes/:codeId: the confident suggestions of one code, to review and accept. */
export function getBulk(deps: AppDeps) {
  return async (request: WithCode, reply: FastifyReply) => renderBulk(deps, request, reply)
}

/** POST /analysis/:id/suggestions/codes/:codeId: accept the ticked ones (audited). */
export function postBulk(deps: AppDeps) {
  return async (request: WithCode, reply: FastifyReply) => {
    try {
      const { accepted } = await acceptBulkSuggestions(deps, request.actor, request.params.id, request.params.codeId, list(request.body as Body, 'segments'))
      request.session.flash = `${accepted.toLocaleString('en-GB')} segments given the code`
    } catch (err) {
      return renderBulk(deps, request, reply, fieldErrorsOf(err), 400)
    }
    return reply.redirect(`/analysis/${request.params.id}/suggestions`, 303)
  }
}
