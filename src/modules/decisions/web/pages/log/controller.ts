import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { getDecisionLog, getDecisionLogEntry } from '../../../domain/queries.ts'

const DIR = 'decisions/web/pages/log'

/** GET /decisions/log: the public decision log (no sign-in). */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const entries = await getDecisionLog(deps, request.actor)
    return reply.render(`${DIR}/list.njk`, { pageTitle: 'Decision log', entries })
  }
}

/** GET /decisions/log/:id: one decision, with its reasons and how members took part (never who voted how). */
export function show(deps: AppDeps) {
  return async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const entry = await getDecisionLogEntry(deps, request.actor, request.params.id)
    return reply.render(`${DIR}/show.njk`, { pageTitle: entry.title, backLink: '/decisions/log', entry })
  }
}
