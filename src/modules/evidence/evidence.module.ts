import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../platform/auth/auth-hooks.ts'
import type { AppDeps } from '../../platform/deps.ts'
import type { ModuleManifest } from '../../platform/module.ts'
import { subscribeToErasure } from './domain/erasure.ts'
import { importSurveyAnswersJob, subscribeToSurveyAnswers } from './domain/survey-answers.ts'
import * as item from './web/pages/evidence-item/controller.ts'
import * as importPage from './web/pages/import-submissions/controller.ts'
import * as list from './web/pages/evidence-list/controller.ts'
import * as notes from './web/pages/session-notes/controller.ts'

export const EVIDENCE_AUDIT_EVENTS = [
  'evidence.notes_captured',
  'evidence.item_changed',
  'evidence.item_removed',
  'evidence.survey_answers_taken_in',
  'evidence.contributions_deleted',
  'evidence.contributions_unlinked',
  'evidence.submissions_imported',
] as const

/**
 * The evidence store: one store of items from every channel (survey and poll answers, notes and transcripts from
 * sessions, stakeholder submissions and public input imported from a spreadsheet), each with its provenance and whether
 * it may be quoted.
 */
export const evidenceModule: ModuleManifest = {
  name: 'evidence',
  auditEvents: EVIDENCE_AUDIT_EVENTS,
  nav: [{ text: 'Evidence', href: '/evidence', permission: 'evidence:read' }],
  jobs: [importSurveyAnswersJob],
  routes(app, deps) {
    const read = { config: { permission: 'evidence:read' as const } }
    const capture = { config: { permission: 'evidence:capture' as const } }
    app.get('/evidence', read, list.get(deps))
    app.register(importRoutes, { deps })
    app.get('/evidence/:id', read, item.get(deps))
    app.get('/evidence/:id/change', capture, notes.getChange(deps))
    app.post('/evidence/:id/change', capture, notes.postChange(deps))
    app.get('/evidence/:id/remove', capture, notes.getRemove(deps))
    app.post('/evidence/:id/remove', capture, notes.postRemove(deps))
    app.get('/engagement/sessions/:id/notes', read, notes.get(deps))
    app.post('/engagement/sessions/:id/notes', capture, notes.post(deps))

    const offs = [subscribeToSurveyAnswers(deps), subscribeToErasure(deps)]
    app.addHook('onClose', async () => {
      for (const off of offs) off()
    })
  },
}

/**
 * The import page, in its own plugin so that file uploads (multipart forms) are accepted here and nowhere else. The
 * permission check runs before the upload is read, so a refused request never has its file parsed.
 */
async function importRoutes(scope: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  scope.addHook('preValidation', requirePermission)
  await scope.register(fastifyMultipart, {
    // Fields and the file on request.body, so the CSRF check (a preHandler) can read the form's token.
    attachFieldsToBody: true,
    // A file over the limit is cut short and marked, and the page says so (instead of an error page).
    throwFileSizeLimit: false,
    limits: { fileSize: importPage.MAX_UPLOAD_BYTES, files: 1, fields: 6, parts: 8 },
  })
  const capture = { config: { permission: 'evidence:capture' as const } }
  scope.get('/evidence/import', capture, importPage.get())
  scope.post('/evidence/import', capture, importPage.post(opts.deps))
}
