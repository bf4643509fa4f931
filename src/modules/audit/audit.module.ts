import type { ModuleManifest } from '../../platform/module.ts'
import * as auditTrail from './web/pages/audit-trail/controller.ts'

/** The read-only view of the platform's hash-chained audit trail, for admins and the scrutiny body. */
export const auditModule: ModuleManifest = {
  name: 'audit',
  nav: [{ text: 'Audit trail', href: '/audit', permission: 'audit:read' }],
  routes(app, deps) {
    app.get('/audit', { config: { permission: 'audit:read' } }, auditTrail.get(deps))
    app.get('/audit/events/:eventId', { config: { permission: 'audit:read' } }, auditTrail.getEvent(deps))
    app.post('/audit/verify', { config: { permission: 'audit:verify' } }, auditTrail.postVerify(deps))
  },
}
