import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../platform/auth/auth-hooks.ts'
import type { AppDeps } from '../../platform/deps.ts'
import type { PanelSlice } from './panel-slice.ts'
import * as exportPage from './web/pages/export/controller.ts'
import * as importPage from './web/pages/import/controller.ts'

/** Import panel members from a CSV file, and export the panel (research data; names and contact details). */
export const transferSlice: PanelSlice = {
  nav: [
    { text: 'Import members', href: '/panel/import', permission: 'panel:import' },
    { text: 'Export', href: '/panel/export', permission: 'panel:export_research' },
  ],
  auditEvents: ['panel.participants_imported', 'panel.research_exported', 'panel.identity_exported', 'panel.identity_export_refused'],
  routes(app, deps) {
    app.register(importRoutes, { deps })

    app.get('/panel/export', { config: { permission: 'panel:export_research' } }, exportPage.get())
    app.post('/panel/export/research', { config: { permission: 'panel:export_research' } }, exportPage.post(deps, 'research'))
    app.post('/panel/export/identity', { config: { permission: 'panel:read_identity' } }, exportPage.post(deps, 'identity'))
  },
}

/**
 * The import pages, in their own plugin so that file uploads (multipart forms) are accepted here and nowhere else.
 * The permission check runs before the upload is read, so a refused request never has its file parsed; the
 * application's own check runs again later, as on every route.
 */
async function importRoutes(scope: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts
  scope.addHook('preValidation', requirePermission)
  await scope.register(fastifyMultipart, {
    // Fields and the file on request.body, so the CSRF check (a preHandler) can read the form's token.
    attachFieldsToBody: true,
    // A file over the limit is cut short and marked, and the page says so (instead of an error page).
    throwFileSizeLimit: false,
    limits: { fileSize: importPage.MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
  })
  const permission = { config: { permission: 'panel:import' as const } }
  scope.get('/panel/import', permission, importPage.get())
  scope.post('/panel/import', permission, importPage.post(deps))
  scope.get('/panel/import/template.csv', permission, importPage.template())
  scope.get('/panel/import/:importId', permission, importPage.show(deps))
  scope.get('/panel/import/:importId/problems.csv', permission, importPage.problemsCsv(deps))
}
