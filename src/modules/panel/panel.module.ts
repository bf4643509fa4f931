import type { ModuleManifest } from '../../platform/module.ts'
import * as listParticipants from './web/pages/list-participants/controller.ts'

export const PANEL_AUDIT_EVENTS = ['panel.participant_registered', 'panel.identity_viewed', 'panel.identity_view_refused'] as const

/** The panel of people with lived experience: pseudonymised research data, and identity kept apart and encrypted. */
export const panelModule: ModuleManifest = {
  name: 'panel',
  auditEvents: PANEL_AUDIT_EVENTS,
  nav: [{ text: 'Panel', href: '/panel', permission: 'panel:read_research' }],
  routes(app, deps) {
    app.get('/panel', { config: { permission: 'panel:read_research' } }, listParticipants.get(deps))
  },
}
