import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { exploreByWords, MIN_SEGMENTS_TO_EXPLORE } from '../../../domain/explore.ts'
import { getProject } from '../../../domain/projects.ts'

type WithId = FastifyRequest<{ Params: { id: string }; Querystring: { groups?: string } }>

/** 4 to 20 groups, or the default for the number of segments. */
function groupsOf(raw: unknown): number | undefined {
  const n = Number(raw)
  return Number.isInteger(n) && n >= 4 && n <= 20 ? n : undefined
}

/** GET /analysis/:id/explore: segments grouped by the words they share (an exploration aid, never themes). */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const project = await getProject(deps, request.actor, request.params.id)
    const exploration = await exploreByWords(deps, request.actor, project.id, groupsOf(request.query?.groups))
    const options = Array.from({ length: 17 }, (_, i) => i + 4).map(n => ({ value: String(n), text: String(n), selected: n === exploration.groupCount }))
    return reply.render('analysis/web/pages/explore/view.njk', { pageTitle: `Explore by shared words: ${project.title}`, backLink: `/analysis/${project.id}`, project, exploration, options, minSegments: MIN_SEGMENTS_TO_EXPLORE })
  }
}
