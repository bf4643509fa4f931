import { retentionJob } from './domain/retention.ts'
import type { PanelSlice } from './panel-slice.ts'
import * as edit from './web/pages/edit-participant/controller.ts'
import * as erase from './web/pages/erase/controller.ts'
import * as participant from './web/pages/participant/controller.ts'
import * as contact from './web/pages/participant/contact/controller.ts'
import * as status from './web/pages/participant/status/controller.ts'
import * as retention from './web/pages/retention/controller.ts'

/**
 * The panel manager's view of a member (research record by pseudonym, contact details, history), leaving and coming
 * back, changing their record, erasure (by the panel manager or the person themselves), and retention of inactive members' records.
 */
export const participantsSlice: PanelSlice = {
  nav: [{ text: 'Retention', href: '/panel/settings/retention', permission: 'panel:configure' }],
  auditEvents: [
    'panel.participant_withdrawn',
    'panel.participant_reinstated',
    'panel.participant_erased',
    'panel.retention_period_changed',
    'panel.retention_applied',
  ],
  jobs: [retentionJob],
  routes(app, deps) {
    const read = { permission: 'panel:read_research' as const }
    const editing = { permission: 'panel:edit' as const }
    const eraseAny = { permission: 'panel:erase' as const }
    const own = { permission: 'panel:own_record' as const }
    const configure = { permission: 'panel:configure' as const }

    app.get('/panel/participants/:participantId', { config: read }, participant.get(deps))
    app.get('/panel/participants/:participantId/contact', { config: { permission: 'panel:read_identity' } }, contact.get(deps))
    app.get('/panel/participants/:participantId/status', { config: editing }, status.get(deps))
    app.post('/panel/participants/:participantId/status', { config: editing }, status.post(deps))
    for (const form of ['contact', 'answers', 'support', 'groups', 'invitations'] as const) {
      app.get(`/panel/participants/:participantId/edit/${form}`, { config: editing }, edit.get(deps, form))
      app.post(`/panel/participants/:participantId/edit/${form}`, { config: editing }, edit.post(deps, form))
    }
    app.get('/panel/participants/:participantId/erase', { config: eraseAny }, erase.getForManager(deps))
    app.post('/panel/participants/:participantId/erase', { config: eraseAny }, erase.postForManager(deps))

    app.get('/my-record/erase', { config: own }, erase.getForSelf(deps))
    app.post('/my-record/erase', { config: own }, erase.postForSelf(deps))
    // After erasing themselves the person is signed out, so the confirmation is open to everyone (it names nobody).
    app.get('/my-record/erased', { config: { permission: 'site:view' } }, erase.done())

    app.get('/panel/settings/retention', { config: configure }, retention.get(deps))
    app.post('/panel/settings/retention', { config: configure }, retention.post(deps))
  },
}
