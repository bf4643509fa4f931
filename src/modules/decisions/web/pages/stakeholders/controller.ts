import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { postToDiscussion } from '../../../domain/discussion.ts'
import { getProposalForStakeholder, listProposalsForStakeholders } from '../../../domain/queries.ts'
import { text, valuesOf, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'decisions/web/pages/stakeholders'

/** GET /decisions/for-comment: proposals opened to stakeholder comment. */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const proposals = await listProposalsForStakeholders(deps, request.actor)
    return reply.render(`${DIR}/list.njk`, { pageTitle: 'Proposals open for your comments', proposals })
  }
}

async function render(deps: AppDeps, request: WithId, reply: FastifyReply, opts: { errors?: FieldError[]; values?: Record<string, unknown>; status?: number } = {}) {
  const p = await getProposalForStakeholder(deps, request.actor, request.params.id)
  return reply.render(`${DIR}/show.njk`, { pageTitle: `Comment on: ${p.title}`, backLink: '/decisions/for-comment', p, values: opts.values ?? {}, errors: opts.errors }, opts.status)
}

/** GET /decisions/:id/comments */
export function show(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(deps, request, reply)
}

/** POST /decisions/:id/comments (audited) */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    try {
      await postToDiscussion(deps, request.actor, request.params.id, { body: text(body, 'body') })
    } catch (err) {
      return render(deps, request, reply, { errors: fieldErrorsOf(err), values: valuesOf(body), status: 400 })
    }
    request.session.flash = 'Your comment has been added. It is shown to the Core Group as a stakeholder comment.'
    return reply.redirect(`/decisions/${request.params.id}/comments`, 303)
  }
}
