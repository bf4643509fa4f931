import type { ModuleManifest } from '../../platform/module.ts'
import * as principles from './web/pages/principles/controller.ts'

export const CHARTER_AUDIT_EVENTS = ['charter.principle_added'] as const

/** The charter: for now, the statute's principles in plain English. Drafts, versions and publishing come later. */
export const charterModule: ModuleManifest = {
  name: 'charter',
  auditEvents: CHARTER_AUDIT_EVENTS,
  nav: [{ text: 'Principles', href: '/charter/principles', permission: 'charter:read_published' }],
  routes(app, deps) {
    app.get('/charter/principles', { config: { permission: 'charter:read_published' } }, principles.get(deps))
  },
}
