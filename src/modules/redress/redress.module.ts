import { formRateLimit } from '../../platform/http/security.ts'
import type { ModuleManifest } from '../../platform/module.ts'
import { calendarOf } from './domain/model.ts'
import * as cases from './web/pages/cases/controller.ts'
import * as complain from './web/pages/complain/controller.ts'
import * as messages from './web/pages/messages/controller.ts'

export const REDRESS_AUDIT_EVENTS = [
  'redress.complaint_received',
  'redress.complaint_entered',
  'redress.acknowledged',
  'redress.extended',
  'redress.responded',
  'redress.escalated',
  'redress.referred_to_ombudsman',
  'redress.learning_action_added',
  'redress.learning_action_done',
  'redress.contact_viewed',
  'redress.contact_view_refused',
  'redress.message_sent',
  'redress.message_failed',
  'redress.message_done',
] as const

/**
 * Redress: anyone may complain that a commitment of the charter was not kept; the complaints handler deals with it in
 * two stages on working-day deadlines (SPSO model procedure), keeps the person informed, records referrals to the
 * ombudsman and the learning that follows. See docs/redress/complaints.md.
 */
export const redressModule: ModuleManifest = {
  name: 'redress',
  auditEvents: REDRESS_AUDIT_EVENTS,
  nav: [
    { text: 'Make a complaint', href: '/complain', permission: 'redress:complain', signedOut: true },
    { text: 'Complaints', href: '/redress/complaints', permission: 'redress:handle' },
  ],
  routes(app, deps) {
    // Read the holiday changes now, so a mistake in REDRESS_HOLIDAYS_FILE stops start-up rather than a complaint.
    calendarOf(deps)
    const complainCfg = { permission: 'redress:complain' as const }
    const post = { ...complainCfg, rateLimit: formRateLimit(deps.config.auth.publicFormRatePerMinute) }
    app.get('/complain', { config: complainCfg }, complain.get(deps, false))
    app.post('/complain', { config: post }, complain.post(deps, false))
    app.get('/complain/confirmation', { config: complainCfg }, complain.confirmation())

    const handle = { config: { permission: 'redress:handle' as const } }
    app.get('/redress/complaints', handle, cases.list(deps))
    app.get('/redress/complaints/new', handle, complain.get(deps, true))
    app.post('/redress/complaints/new', handle, complain.post(deps, true))
    app.get('/redress/complaints/:id', handle, cases.show(deps))
    app.get('/redress/complaints/:id/contact', handle, cases.contact(deps))
    app.post('/redress/complaints/:id/acknowledge', handle, cases.postAcknowledge(deps))
    app.post('/redress/complaints/:id/extend', handle, cases.postExtend(deps))
    app.post('/redress/complaints/:id/respond', handle, cases.postRespond(deps))
    app.post('/redress/complaints/:id/escalate', handle, cases.postEscalate(deps))
    app.post('/redress/complaints/:id/ombudsman', handle, cases.postOmbudsman(deps))
    app.post('/redress/complaints/:id/learning', handle, cases.postLearning(deps))
    app.post('/redress/complaints/:id/learning/:learningId/done', handle, cases.postLearningDone(deps))
    app.get('/redress/messages', handle, messages.list(deps))
    app.post('/redress/messages/:messageId/done', handle, messages.postDone(deps))
  },
}
