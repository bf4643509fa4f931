import type { PanelSlice } from './panel-slice.ts'
import * as myRecord from './web/pages/my-record/controller.ts'

/**
 * A panel member's own record (/my-record): their details, answers, support needs, contact preferences and consents,
 * and pages to change each. Only their own: the record is the one linked to the signed-in account; someone without
 * one is told how to join (and the change pages answer "Page not found").
 */
export const myRecordSlice: PanelSlice = {
  nav: [{ text: 'Your record', href: '/my-record', permission: 'panel:own_record' }],
  auditEvents: [
    'panel.own_record_viewed',
    'panel.contact_details_changed',
    'panel.demographics_changed',
    'panel.support_needs_changed',
    'panel.seldom_heard_tags_changed',
    'panel.contact_limit_changed',
    'panel.special_category_answers_removed',
  ],
  routes(app, deps) {
    const own = { permission: 'panel:own_record' as const }
    app.get('/my-record', { config: own }, myRecord.view(deps))
    app.get('/my-record/contact', { config: own }, myRecord.getContact(deps))
    app.post('/my-record/contact', { config: own }, myRecord.postContact(deps))
    app.get('/my-record/answers', { config: own }, myRecord.getAnswers(deps))
    app.post('/my-record/answers', { config: own }, myRecord.postAnswers(deps))
    app.get('/my-record/support', { config: own }, myRecord.getSupport(deps))
    app.post('/my-record/support', { config: own }, myRecord.postSupport(deps))
    app.get('/my-record/consents', { config: own }, myRecord.getConsents(deps))
    app.post('/my-record/consents', { config: own }, myRecord.postConsents(deps))
  },
}
