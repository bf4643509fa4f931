import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { getDashboard, getSectionDashboard, type Audience } from '../../../domain/dashboard/dashboard.ts'
import { measurementsCsv } from '../../../domain/dashboard/open-data.ts'

const DIR = 'measurement/web/pages/dashboard'

const PLACES = {
  staff: { base: '/measurement/dashboard', csv: '/measurement/dashboard/data.csv', title: 'Measurement dashboard', file: 'charter-measurements' },
  public: { base: '/indicators', csv: '/indicators/data.csv', title: 'How we are doing against the charter', file: 'charter-indicators' },
} as const

/** GET /measurement/dashboard and /indicators: every section with the headline of each measure. */
export function overview(deps: AppDeps, audience: Audience) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const dashboard = await getDashboard(deps, request.actor, audience)
    const place = PLACES[audience]
    return reply.render(`${DIR}/overview.njk`, { pageTitle: place.title, dashboard, base: place.base, csvHref: place.csv })
  }
}

/** GET /measurement/dashboard/:sectionKey and /indicators/:sectionKey: a chart and a table for each measure. */
export function section(deps: AppDeps, audience: Audience) {
  return async (request: FastifyRequest<{ Params: { sectionKey: string } }>, reply: FastifyReply) => {
    const dashboard = await getSectionDashboard(deps, request.actor, audience, request.params.sectionKey)
    const place = PLACES[audience]
    return reply.render(`${DIR}/section.njk`, {
      pageTitle: `${dashboard.section.title}: ${place.title}`,
      caption: place.title,
      backLink: place.base,
      dashboard,
      charts: Object.fromEntries(dashboard.charts.map(c => [c.headline.code, c])),
      csvBase: place.csv,
    })
  }
}

/** GET /indicators/data.csv (open data) and /measurement/dashboard/data.csv (?measure=CODE for one measure). */
export function csv(deps: AppDeps, audience: Audience) {
  return async (request: FastifyRequest<{ Querystring: { measure?: string } }>, reply: FastifyReply) => {
    const measure = typeof request.query.measure === 'string' && /^[A-Za-z0-9._-]{1,20}$/.test(request.query.measure) ? request.query.measure : undefined
    const body = await measurementsCsv(deps, request.actor, audience, measure)
    const name = `${PLACES[audience].file}${measure ? `-${measure}` : ''}.csv`
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body)
  }
}
