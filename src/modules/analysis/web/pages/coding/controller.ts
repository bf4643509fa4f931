import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { codeSegment, getCodingPage, nextSegmentToCode } from '../../../domain/coding.ts'
import { mayCode } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'
import { nextInSample } from '../../../domain/samples.ts'
import { getSuggestionOverview, suggestionsForSegment } from '../../../domain/suggestions.ts'
import { list, text, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string }; Querystring: { queue?: string } }>
type WithSegment = FastifyRequest<{ Params: { id: string; segmentId: string }; Querystring: { queue?: string; sample?: string } }>
const DIR = 'analysis/web/pages/coding'

/** Which queue the analyst is working through: every segment in order, or the uncertain suggestions first. */
function queueOf(raw: unknown): 'all' | 'uncertain' {
  return raw === 'uncertain' ? 'uncertain' : 'all'
}

async function nextIn(deps: AppDeps, request: FastifyRequest, projectId: string, queue: 'all' | 'uncertain', after?: string): Promise<string | null> {
  if (queue === 'uncertain') {
    const overview = await getSuggestionOverview(deps, request.actor, projectId)
    const next = overview.uncertain.find(u => u.segmentId !== after)
    if (next) return next.segmentId
  }
  return nextSegmentToCode(deps, request.actor, projectId, after)
}

/** The agreement sample being coded, if any (from the `sample` query). */
function sampleOf(raw: unknown): string | null {
  return typeof raw === 'string' && /^[0-9a-f-]{36}$/i.test(raw) ? raw : null
}

function segmentUrl(projectId: string, segmentId: string, queue: 'all' | 'uncertain', sample: string | null = null) {
  if (sample) return `/analysis/${projectId}/segments/${segmentId}?sample=${sample}`
  return `/analysis/${projectId}/segments/${segmentId}${queue === 'uncertain' ? '?queue=uncertain' : ''}`
}

/** GET /analysis/:id/code: the next segment to code, or "all done". */
export function getNext(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const queue = queueOf(request.query?.queue)
    const next = await nextIn(deps, request, request.params.id, queue)
    if (next) return reply.redirect(segmentUrl(request.params.id, next, queue), 303)
    const project = await getProject(deps, request.actor, request.params.id)
    return reply.render(`${DIR}/done.njk`, { pageTitle: `Everything coded: ${project.title}`, backLink: `/analysis/${project.id}`, project })
  }
}

async function renderSegment(deps: AppDeps, request: WithSegment, reply: FastifyReply, checked?: string[], errors?: FieldError[], status?: number, scope: 'segment' | 'item' = 'segment') {
  const page = await getCodingPage(deps, request.actor, request.params.id, request.params.segmentId)
  const project = await getProject(deps, request.actor, request.params.id)
  const suggestions = await suggestionsForSegment(deps, request.actor, project.id, page.segment.id)
  const codeName = new Map(page.codes.map(c => [c.id, c.path]))
  const chosen = checked ? new Set(checked) : null
  const queue = queueOf(request.query?.queue)
  return reply.render(
    `${DIR}/segment.njk`,
    {
      pageTitle: `Code segment ${page.segment.ordinal} of an item: ${project.title}`,
      backLink: `/analysis/${project.id}`,
      project,
      page,
      queue,
      scope,
      action: segmentUrl(project.id, page.segment.id, queue, sampleOf(request.query?.sample)),
      codeItems: page.codes
        .filter(c => !c.retired || c.checked)
        .map(c => ({
          value: c.id,
          html: `${c.depth ? `<span aria-hidden="true">${'— '.repeat(c.depth)}</span>` : ''}${escapeHtml(c.depth ? c.path : c.name)}`,
          hint: c.description ? { text: c.description } : undefined,
          checked: chosen ? chosen.has(c.id) : c.checked,
        })),
      suggestions: suggestions.map(s => ({ ...s, codeName: codeName.get(s.codeId) ?? 'A code no longer in the codebook', percent: Math.round(s.confidence * 100) })),
      mayCode: mayCode(request.actor),
      errors,
    },
    status,
  )
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** GET /analysis/:id/segments/:segmentId: one segment, in its item, with the codebook and any suggestions. */
export function getSegment(deps: AppDeps) {
  return async (request: WithSegment, reply: FastifyReply) => renderSegment(deps, request, reply)
}

/** POST /analysis/:id/segments/:segmentId: save this analyst's codes (audited), then the next segment. */
export function postSegment(deps: AppDeps) {
  return async (request: WithSegment, reply: FastifyReply) => {
    const body = request.body as Body
    const queue = queueOf(request.query?.queue)
    const { id, segmentId } = request.params
    if (text(body, 'action') !== 'skip') {
      const codes = list(body, 'codes')
      const scope = text(body, 'scope') === 'item' ? 'item' : 'segment'
      try {
        await codeSegment(deps, request.actor, id, segmentId, codes, 'analyst', scope)
      } catch (err) {
        return renderSegment(deps, request, reply, codes, fieldErrorsOf(err), 400, scope)
      }
    }
    const sample = sampleOf(request.query?.sample)
    if (sample) {
      // Coding an agreement sample: on through the sample, then back to it.
      const inSample = await nextInSample(deps, request.actor, id, sample, segmentId)
      if (!inSample || inSample === segmentId) {
        request.session.flash = 'You have coded every segment of this sample'
        return reply.redirect(`/analysis/${id}/agreement/${sample}`, 303)
      }
      return reply.redirect(segmentUrl(id, inSample, queue, sample), 303)
    }
    const next = await nextIn(deps, request, id, queue, segmentId)
    if (!next || next === segmentId) return reply.redirect(`/analysis/${id}/code`, 303)
    return reply.redirect(segmentUrl(id, next, queue), 303)
  }
}
