import type { FastifyInstance } from 'fastify'
import type { NavItem } from '../../../platform/module.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { WORKFLOW_AUDIT_EVENTS } from '../domain/workflow/workflow.ts'
import * as workflow from './pages/workflow/controller.ts'
import { PUBLIC_CHARTER_AUDIT_EVENTS, PUBLIC_CHARTER_NAV, registerPublicCharterRoutes } from './public-charter.routes.ts'

/** The charter's publishing slice: the workflow from draft to publication, approval, the published charter (HTML, PDF, large print, Easy Read, translations). */
export const PUBLISHING_AUDIT_EVENTS: readonly string[] = [...WORKFLOW_AUDIT_EVENTS, ...PUBLIC_CHARTER_AUDIT_EVENTS]

export const PUBLISHING_NAV: readonly NavItem[] = [...PUBLIC_CHARTER_NAV, { text: 'Charter workflow', href: '/charter/workflow', permission: 'charter:read_drafts' }]

export function registerPublishingRoutes(app: FastifyInstance, deps: AppDeps): void {
  // The workflow (docs/charter/workflow.md): where the charter is, moving it on, sign-off, approval, publication.
  app.get('/charter/workflow', { config: { permission: 'charter:read_drafts' } }, workflow.getWorkflow(deps))
  app.post('/charter/workflow/forward', { config: { permission: 'charter:manage_workflow' } }, workflow.postForward(deps))
  app.post('/charter/workflow/back-to-draft', { config: { permission: 'charter:manage_workflow' } }, workflow.postBackToDraft(deps))
  app.post('/charter/workflow/version', { config: { permission: 'charter:manage_workflow' } }, workflow.postSwitchVersion(deps))
  app.get('/charter/workflow/publish', { config: { permission: 'charter:manage_workflow' } }, workflow.getPublish(deps))
  app.post('/charter/workflow/publish', { config: { permission: 'charter:manage_workflow' } }, workflow.postPublish(deps))
  app.get('/charter/approval', { config: { permission: 'charter:approve' } }, workflow.getApproval(deps))
  app.post('/charter/approval', { config: { permission: 'charter:approve' } }, workflow.postApproval(deps))
  registerPublicCharterRoutes(app, deps)
}
