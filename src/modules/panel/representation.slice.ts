import type { PanelSlice } from './panel-slice.ts'
import * as representation from './web/pages/representation/controller.ts'
import * as targets from './web/pages/targets/controller.ts'

/**
 * The panel at a glance: its make-up on every dimension against the organisation's population targets, its
 * seldom-heard groups and attrition (/panel/representation), and the targets themselves (/panel/representation/targets).
 * The list and search of members (/panel) is registered by panel.module.ts.
 */
export const representationSlice: PanelSlice = {
  nav: [{ text: 'Representation', href: '/panel/representation', permission: 'panel:read_representation' }],
  auditEvents: ['panel.targets_changed'],
  routes(app, deps) {
    app.get('/panel/representation', { config: { permission: 'panel:read_representation' } }, representation.get(deps))
    app.get('/panel/representation/targets', { config: { permission: 'panel:configure' } }, targets.get(deps))
    app.post('/panel/representation/targets', { config: { permission: 'panel:configure' } }, targets.post(deps))
  },
}
