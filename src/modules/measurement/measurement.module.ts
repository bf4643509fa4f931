import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../platform/auth/auth-hooks.ts'
import type { AppDeps } from '../../platform/deps.ts'
import type { ModuleManifest } from '../../platform/module.ts'
import { MAX_IMPORT_BYTES } from './domain/measurements/import.ts'
import { registerDashboardRoutes } from './web/dashboard.routes.ts'
import * as framework from './web/pages/framework/controller.ts'
import * as measurements from './web/pages/measurements/controller.ts'

export const MEASUREMENT_AUDIT_EVENTS = [
  'measurement.framework_started',
  'measurement.framework_submitted',
  'measurement.framework_agreed',
  'measurement.framework_not_agreed',
  'measurement.outcome_added',
  'measurement.outcome_changed',
  'measurement.measure_added',
  'measurement.measure_changed',
  'measurement.measurement_recorded',
  'measurement.measurement_replaced',
  'measurement.measurements_imported',
  'measurement.survey_refreshed',
] as const

/**
 * Measurement: holding the service to the charter. For each commitment, outcomes and the measures that show
 * progress (a framework agreed by the Core Group), the measurements per period, and the dashboards.
 */
export const measurementModule: ModuleManifest = {
  name: 'measurement',
  auditEvents: MEASUREMENT_AUDIT_EVENTS,
  nav: [
    { text: 'Measurement', href: '/measurement', permission: 'measurement:read' },
    { text: 'How we are doing', href: '/indicators', permission: 'measurement:read_published' },
  ],
  routes(app, deps) {
    const read = { config: { permission: 'measurement:read' as const } }
    const manage = { config: { permission: 'measurement:manage' as const } }
    app.get('/measurement', read, framework.overview(deps))
    app.post('/measurement/framework/start', manage, framework.postStart(deps))
    app.post('/measurement/framework/submit', manage, framework.postSubmit(deps))
    app.get('/measurement/outcomes/new', manage, framework.getNewOutcome(deps))
    app.post('/measurement/outcomes/new', manage, framework.postNewOutcome(deps))
    app.get('/measurement/outcomes/:id', manage, framework.getOutcomePage(deps))
    app.post('/measurement/outcomes/:id', manage, framework.postOutcome(deps))
    app.get('/measurement/outcomes/:id/measures/new', manage, framework.getNewMeasure(deps))
    app.post('/measurement/outcomes/:id/measures/new', manage, framework.postNewMeasure(deps))
    app.get('/measurement/measures/:id', read, measurements.show(deps))
    app.get('/measurement/measures/:id/edit', manage, framework.getEditMeasure(deps))
    app.post('/measurement/measures/:id/edit', manage, framework.postEditMeasure(deps))
    app.get('/measurement/measures/:id/measurements/new', manage, measurements.getEntry(deps))
    app.post('/measurement/measures/:id/measurements/new', manage, measurements.postEntry(deps))
    app.post('/measurement/measures/:id/refresh', manage, measurements.postRefresh(deps))
    app.get('/measurement/import', manage, measurements.getImport())
    app.get('/measurement/import/template.csv', manage, measurements.getTemplate(deps))
    app.register(importUploads, { deps })
    registerDashboardRoutes(app, deps)
  },
}

/**
 * The measurements import, in its own plugin so that file uploads (multipart forms) are accepted here and nowhere
 * else. The permission check runs before the upload is read, so a refused request never has its file parsed.
 */
async function importUploads(scope: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  scope.addHook('preValidation', requirePermission)
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 6, parts: 8 },
  })
  scope.post('/measurement/import', { config: { permission: 'measurement:manage' as const } }, measurements.postImport(opts.deps))
}
