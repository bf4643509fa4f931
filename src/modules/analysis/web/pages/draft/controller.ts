import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { languageModelFrom } from '../../../domain/llm/provider.ts'
import { draftCodeSummary, draftScope, getDraft, listDrafts, MAX_CHARACTERS, MAX_SEGMENTS } from '../../../domain/llm/summarise.ts'
import { mayCode, notFound } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'

type WithCode = FastifyRequest<{ Params: { id: string; codeId: string }; Querystring: { call?: string } }>
const DIR = 'analysis/web/pages/draft'

async function render(deps: AppDeps, request: WithCode, reply: FastifyReply, errors?: FieldError[], status?: number) {
  const project = await getProject(deps, request.actor, request.params.id)
  const scope = await draftScope(deps, request.actor, project.id, request.params.codeId)
  const drafts = await listDrafts(deps, request.actor, project.id, scope.code.id)
  const wanted = typeof request.query.call === 'string' ? request.query.call : ''
  const shown = wanted ? (drafts.find(d => d.id === wanted) ?? (await getDraft(deps, request.actor, project.id, scope.code.id, wanted))) : drafts[0]
  if (wanted && !shown) throw notFound('draft')
  const model = languageModelFrom(deps.config)
  return reply.render(
    `${DIR}/view.njk`,
    {
      pageTitle: `Draft a summary of "${scope.code.name}": ${project.title}`,
      backLink: `/analysis/${project.id}/codebook`,
      project,
      code: scope.code,
      scope,
      limits: { segments: MAX_SEGMENTS, characters: MAX_CHARACTERS },
      model: model ? { name: model.name, model: model.model } : null,
      mayCode: mayCode(request.actor),
      me: request.actor.userId,
      shown,
      drafts,
      errors,
    },
    status,
  )
}

/** GET /analysis/:id/codes/:codeId/draft: the language model's drafts for one code, and the button to ask for one. */
export function get(deps: AppDeps) {
  return async (request: WithCode, reply: FastifyReply) => render(deps, request, reply)
}

/** POST /analysis/:id/codes/:codeId/draft: ask the language model for a draft (logged and audited, whatever happens). */
export function post(deps: AppDeps) {
  return async (request: WithCode, reply: FastifyReply) => {
    let draft
    try {
      draft = await draftCodeSummary(deps, request.actor, request.params.id, request.params.codeId, languageModelFrom(deps.config))
    } catch (err) {
      return render(deps, request, reply, fieldErrorsOf(err), 400)
    }
    request.session.flash =
      draft.status === 'succeeded'
        ? `Draft made: ${draft.recorded.pointsKept} ${draft.recorded.pointsKept === 1 ? 'point is' : 'points are'} supported by the evidence, ${draft.recorded.pointsFlagged} not`
        : 'The language model did not give a draft you can use: see why below'
    return reply.redirect(`/analysis/${request.params.id}/codes/${request.params.codeId}/draft?call=${draft.id}`, 303)
  }
}
