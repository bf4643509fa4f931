import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../platform/auth/auth-hooks.ts'
import type { AppDeps } from '../../platform/deps.ts'
import type { ModuleManifest } from '../../platform/module.ts'
import { subscribeToErasure } from './domain/erasure.ts'
import * as agreement from './web/pages/agreement/controller.ts'
import * as codebook from './web/pages/codebook/controller.ts'
import * as coding from './web/pages/coding/controller.ts'
import * as draft from './web/pages/draft/controller.ts'
import * as counts from './web/pages/counts/controller.ts'
import * as exchange from './web/pages/exchange/controller.ts'
import * as explore from './web/pages/explore/controller.ts'
import * as feedback from './web/pages/feedback/controller.ts'
import * as findings from './web/pages/findings/controller.ts'
import * as projects from './web/pages/projects/controller.ts'
import * as redactions from './web/pages/redactions/controller.ts'
import * as suggestions from './web/pages/suggestions/controller.ts'

export const ANALYSIS_AUDIT_EVENTS = [
  'analysis.project_created',
  'analysis.evidence_taken_in',
  'analysis.redactions_reviewed',
  'analysis.code_added',
  'analysis.code_changed',
  'analysis.code_retired',
  'analysis.code_restored',
  'analysis.codebook_published',
  'analysis.segment_coded',
  'analysis.suggestions_made',
  'analysis.suggestions_accepted',
  'analysis.contributions_deleted',
  'analysis.contributions_unlinked',
  'analysis.counts_exported',
  'analysis.sample_created',
  'analysis.finding_created',
  'analysis.finding_changed',
  'analysis.finding_published',
  'analysis.codebook_exported',
  'analysis.codebook_imported',
  'analysis.project_exported',
  'analysis.feedback_created',
  'analysis.feedback_changed',
  'analysis.feedback_sent',
  'analysis.language_model_called',
] as const

/**
 * Analysis: analysts turn the evidence into findings. The analyst owns the codebook and the coding; the service
 * prepares the text (personal details hidden for review, segments, duplicates), suggests codes with reasons, and counts.
 */
export const analysisModule: ModuleManifest = {
  name: 'analysis',
  auditEvents: ANALYSIS_AUDIT_EVENTS,
  nav: [
    { text: 'Analysis', href: '/analysis', permission: 'analysis:read' },
    { text: 'Findings', href: '/findings', permission: 'analysis:read_findings' },
  ],
  routes(app, deps) {
    const read = { config: { permission: 'analysis:read' as const } }
    const code = { config: { permission: 'analysis:code' as const } }
    app.get('/analysis', read, projects.list(deps))
    app.get('/analysis/new', code, projects.getNew())
    app.post('/analysis/new', code, projects.postNew(deps))
    app.get('/analysis/:id', read, projects.overview(deps))
    app.post('/analysis/:id/take-in', code, projects.postTakeIn(deps))

    app.get('/analysis/:id/redactions', read, redactions.queue(deps))
    app.get('/analysis/:id/items/:itemId/redactions', read, redactions.getItem(deps))
    app.post('/analysis/:id/items/:itemId/redactions', code, redactions.postItem(deps))

    app.get('/analysis/:id/codebook', read, codebook.get(deps))
    app.post('/analysis/:id/codebook', code, codebook.postAdd(deps))
    app.post('/analysis/:id/codebook/publish', code, codebook.postPublish(deps))
    app.get('/analysis/:id/codes/:codeId', code, codebook.getChange(deps))
    app.post('/analysis/:id/codes/:codeId', code, codebook.postChange(deps))
    app.post('/analysis/:id/codes/:codeId/retire', code, codebook.postRetire(deps))

    app.get('/analysis/:id/code', read, coding.getNext(deps))
    app.get('/analysis/:id/segments/:segmentId', read, coding.getSegment(deps))
    app.post('/analysis/:id/segments/:segmentId', code, coding.postSegment(deps))

    app.get('/analysis/:id/suggestions', read, suggestions.get(deps))
    app.post('/analysis/:id/suggestions', code, suggestions.post(deps))
    app.get('/analysis/:id/suggestions/codes/:codeId', read, suggestions.getBulk(deps))
    app.post('/analysis/:id/suggestions/codes/:codeId', code, suggestions.postBulk(deps))

    app.get('/analysis/:id/counts', read, counts.get(deps))
    app.get('/analysis/:id/counts.csv', read, counts.csv(deps))

    app.get('/analysis/:id/agreement', read, agreement.list(deps))
    app.post('/analysis/:id/agreement', code, agreement.post(deps))
    app.get('/analysis/:id/agreement/:sampleId', read, agreement.show(deps))
    app.get('/analysis/:id/agreement/:sampleId/code', code, agreement.code(deps))

    app.get('/analysis/:id/findings', read, findings.list(deps))
    app.get('/analysis/:id/findings/new', code, findings.getNew(deps))
    app.post('/analysis/:id/findings/new', code, findings.postNew(deps))
    app.get('/analysis/:id/findings/:findingId', code, findings.getEdit(deps))
    app.post('/analysis/:id/findings/:findingId', code, findings.postEdit(deps))
    app.post('/analysis/:id/findings/:findingId/publish', code, findings.postPublish(deps))
    app.get('/findings', { config: { permission: 'analysis:read_findings' as const } }, findings.published(deps))

    app.get('/analysis/:id/exchange', read, exchange.get(deps))
    app.get('/analysis/:id/exchange/codebook.qdc', read, exchange.getCodebook(deps))
    app.get('/analysis/:id/exchange/project.qdpx', read, exchange.getProjectFile(deps))
    app.register(exchangeUploads, { deps })

    app.get('/analysis/:id/feedback', read, feedback.list(deps))
    app.get('/analysis/:id/feedback/new', code, feedback.getNew(deps))
    app.post('/analysis/:id/feedback/new', code, feedback.postNew(deps))
    app.get('/analysis/:id/feedback/:feedbackId', read, feedback.show(deps))
    app.post('/analysis/:id/feedback/:feedbackId', code, feedback.postEdit(deps))
    app.post('/analysis/:id/feedback/:feedbackId/send', code, feedback.postSend(deps))

    app.get('/analysis/:id/explore', read, explore.get(deps))

    app.get('/analysis/:id/codes/:codeId/draft', read, draft.get(deps))
    app.post('/analysis/:id/codes/:codeId/draft', code, draft.post(deps))

    const off = subscribeToErasure(deps)
    app.addHook('onClose', async () => off())
  },
}

/**
 * The codebook import, in its own plugin so that file uploads (multipart forms) are accepted here and nowhere else.
 * The permission check runs before the upload is read, so a refused request never has its file parsed.
 */
async function exchangeUploads(scope: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  scope.addHook('preValidation', requirePermission)
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: exchange.MAX_QDC_BYTES, files: 1, fields: 4, parts: 6 },
  })
  scope.post('/analysis/:id/exchange/codebook', { config: { permission: 'analysis:code' as const } }, exchange.postCodebook(opts.deps))
}
