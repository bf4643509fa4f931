import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../../platform/deps.ts'
import * as dashboard from './pages/dashboard/controller.ts'

/**
 * The dashboards (web/pages/dashboard/**): for staff under /measurement/dashboard (measurement:read), and for
 * everyone under /indicators (measurement:read_published), with the open data as CSV.
 */
export function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps): void {
  const read = { config: { permission: 'measurement:read' as const } }
  const published = { config: { permission: 'measurement:read_published' as const } }
  app.get('/measurement/dashboard', read, dashboard.overview(deps, 'staff'))
  app.get('/measurement/dashboard/data.csv', read, dashboard.csv(deps, 'staff'))
  app.get('/measurement/dashboard/:sectionKey', read, dashboard.section(deps, 'staff'))
  app.get('/indicators', published, dashboard.overview(deps, 'public'))
  app.get('/indicators/data.csv', published, dashboard.csv(deps, 'public'))
  app.get('/indicators/:sectionKey', published, dashboard.section(deps, 'public'))
}
