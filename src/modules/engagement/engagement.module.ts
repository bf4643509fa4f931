import type { ModuleManifest } from '../../platform/module.ts'
import { activitiesSlice } from './activities.slice.ts'
import { arrangementsSlice } from './arrangements.slice.ts'
import { subscribeSurveyParticipation } from './domain/survey-participation.ts'
import type { EngagementSlice } from './engagement-slice.ts'
import { invitationsSlice } from './invitations.slice.ts'
import { surveysSlice } from './surveys.slice.ts'
import { updatesSlice } from './updates.slice.ts'

const SLICES: readonly EngagementSlice[] = [activitiesSlice, surveysSlice, invitationsSlice, arrangementsSlice, updatesSlice]

export const ENGAGEMENT_AUDIT_EVENTS = SLICES.flatMap(s => s.auditEvents ?? [])

/**
 * Engagement: rounds of activities (workshops in several locations, Core Group meetings, interviews, surveys, polls,
 * partner sessions) and their sessions; surveys and polls that everyone can answer. Composed of slices.
 */
export const engagementModule: ModuleManifest = {
  name: 'engagement',
  auditEvents: ENGAGEMENT_AUDIT_EVENTS,
  nav: SLICES.flatMap(s => s.nav ?? []),
  jobs: SLICES.flatMap(s => s.jobs ?? []),
  routes(app, deps) {
    for (const slice of SLICES) slice.routes(app, deps)
    // A sent survey response counts as taking part (the panel's "last took part").
    const unsubscribe = subscribeSurveyParticipation(deps)
    app.addHook('onClose', async () => unsubscribe())
  },
}
