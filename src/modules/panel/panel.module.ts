import type { ModuleManifest } from '../../platform/module.ts'
import { joinSlice } from './join.slice.ts'
import { myRecordSlice } from './my-record.slice.ts'
import type { PanelSlice } from './panel-slice.ts'
import { participantsSlice } from './participants.slice.ts'
import { representationSlice } from './representation.slice.ts'
import { transferSlice } from './transfer.slice.ts'
import * as listParticipants from './web/pages/list-participants/controller.ts'

const SLICES: readonly PanelSlice[] = [joinSlice, myRecordSlice, participantsSlice, transferSlice, representationSlice]

export const PANEL_AUDIT_EVENTS = [
  'panel.participant_registered',
  'panel.account_linked',
  'panel.identity_viewed',
  'panel.identity_view_refused',
  'panel.participation_recorded',
  ...SLICES.flatMap(s => s.auditEvents ?? []),
] as const

/** The panel of people with lived experience: pseudonymised research data, and identity kept apart and encrypted. */
export const panelModule: ModuleManifest = {
  name: 'panel',
  auditEvents: PANEL_AUDIT_EVENTS,
  nav: [{ text: 'Panel', href: '/panel', permission: 'panel:read_research' }, ...SLICES.flatMap(s => s.nav ?? [])],
  jobs: SLICES.flatMap(s => s.jobs ?? []),
  routes(app, deps) {
    app.get('/panel', { config: { permission: 'panel:read_research' } }, listParticipants.get(deps))
    for (const slice of SLICES) slice.routes(app, deps)
  },
}
