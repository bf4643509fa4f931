import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { mayCode } from '../../../domain/model.ts'
import { REDACTION_LABELS } from '../../../domain/prepare/redact.ts'
import { getProject } from '../../../domain/projects.ts'
import { getRedactionQueue, getRedactionReview, reviewRedactions, type RedactionDecisions } from '../../../domain/redactions.ts'
import { text, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithItem = FastifyRequest<{ Params: { id: string; itemId: string } }>
const DIR = 'analysis/web/pages/redactions'

/** GET /analysis/:id/redactions: items whose hidden details await review. */
export function queue(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const project = await getProject(deps, request.actor, request.params.id)
    const q = await getRedactionQueue(deps, request.actor, project.id)
    return reply.render(`${DIR}/queue.njk`, { pageTitle: `Personal details to review: ${project.title}`, backLink: `/analysis/${project.id}`, project, q })
  }
}

async function renderItem(deps: AppDeps, request: WithItem, reply: FastifyReply, values?: { keep: Record<string, string>; add: string; addKind: string }, errors?: FieldError[], status?: number) {
  const project = await getProject(deps, request.actor, request.params.id)
  const review = await getRedactionReview(deps, request.actor, project.id, request.params.itemId)
  const v = values ?? { keep: Object.fromEntries(review.redactions.map(r => [r.id, r.status === 'rejected' ? 'no' : 'yes'])), add: '', addKind: 'name' }
  return reply.render(
    `${DIR}/item.njk`,
    {
      pageTitle: `Review hidden details: ${project.title}`,
      backLink: `/analysis/${project.id}/redactions`,
      project,
      review,
      values: v,
      kinds: Object.entries(REDACTION_LABELS).map(([value, label]) => ({ value, text: label, selected: value === v.addKind })),
      mayCode: mayCode(request.actor),
      errors,
    },
    status,
  )
}

/** GET /analysis/:id/items/:itemId/redactions */
export function getItem(deps: AppDeps) {
  return async (request: WithItem, reply: FastifyReply) => renderItem(deps, request, reply)
}

/** POST /analysis/:id/items/:itemId/redactions: keep or put back each, add more (audited), then the next item. */
export function postItem(deps: AppDeps) {
  return async (request: WithItem, reply: FastifyReply) => {
    const body = request.body as Body
    const keepRaw: Record<string, string> = {}
    for (const [k, v] of Object.entries(body ?? {})) if (k.startsWith('keep-')) keepRaw[k.slice(5)] = Array.isArray(v) ? String(v[0]) : String(v)
    const decisions: RedactionDecisions = {
      keep: Object.fromEntries(Object.entries(keepRaw).filter(([, v]) => v === 'yes' || v === 'no').map(([k, v]) => [k, v === 'yes'])),
      add: text(body, 'add'),
      addKind: text(body, 'addKind'),
    }
    try {
      await reviewRedactions(deps, request.actor, request.params.id, request.params.itemId, decisions)
    } catch (err) {
      return renderItem(deps, request, reply, { keep: keepRaw, add: decisions.add, addKind: decisions.addKind }, fieldErrorsOf(err), 400)
    }
    const q = await getRedactionQueue(deps, request.actor, request.params.id, 1)
    request.session.flash = 'Review saved'
    return reply.redirect(q.items[0] ? `/analysis/${request.params.id}/items/${q.items[0].itemId}/redactions` : `/analysis/${request.params.id}/redactions`, 303)
  }
}
