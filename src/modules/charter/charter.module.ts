import type { ModuleManifest } from '../../platform/module.ts'
import * as principles from './web/pages/principles/controller.ts'
import { DRAFTING_AUDIT_EVENTS, DRAFTING_NAV, registerDraftingRoutes } from './web/drafting.routes.ts'
import { PUBLISHING_AUDIT_EVENTS, PUBLISHING_NAV, registerPublishingRoutes } from './web/publishing.routes.ts'
import { REVIEW_AUDIT_EVENTS, REVIEW_NAV, registerReviewRoutes } from './web/review.routes.ts'

export const CHARTER_AUDIT_EVENTS = [
  'charter.principle_added',
  ...DRAFTING_AUDIT_EVENTS,
  ...REVIEW_AUDIT_EVENTS,
  ...PUBLISHING_AUDIT_EVENTS,
] as const

/**
 * The charter: the statute's principles; the working draft and its immutable versions (drafting slice); review
 * rounds and comments (review slice); the workflow to approval and the published charter (publishing slice).
 */
export const charterModule: ModuleManifest = {
  name: 'charter',
  auditEvents: CHARTER_AUDIT_EVENTS,
  nav: [
    { text: 'Principles', href: '/charter/principles', permission: 'charter:read_published' },
    ...PUBLISHING_NAV,
    ...DRAFTING_NAV,
    ...REVIEW_NAV,
  ],
  routes(app, deps) {
    app.get('/charter/principles', { config: { permission: 'charter:read_published' } }, principles.get(deps))
    registerDraftingRoutes(app, deps)
    registerReviewRoutes(app, deps)
    registerPublishingRoutes(app, deps)
  },
}
