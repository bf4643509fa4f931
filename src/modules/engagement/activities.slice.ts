import type { EngagementSlice } from './engagement-slice.ts'
import * as activityForm from './web/pages/activity-form/controller.ts'
import * as activity from './web/pages/activity/controller.ts'
import * as cancelSession from './web/pages/cancel-session/controller.ts'
import * as overview from './web/pages/overview/controller.ts'
import * as round from './web/pages/round/controller.ts'
import * as sessionForm from './web/pages/session-form/controller.ts'

/** Rounds, activities and sessions: the plan of the engagement (/engagement). */
export const activitiesSlice: EngagementSlice = {
  nav: [{ text: 'Engagement', href: '/engagement', permission: 'engagement:read' }],
  auditEvents: [
    'engagement.round_created',
    'engagement.round_changed',
    'engagement.activity_created',
    'engagement.activity_changed',
    'engagement.activity_status_changed',
    'engagement.session_added',
    'engagement.session_changed',
    'engagement.session_cancelled',
  ],
  routes(app, deps) {
    const read = { config: { permission: 'engagement:read' as const } }
    const manage = { config: { permission: 'engagement:manage' as const } }
    app.get('/engagement', read, overview.get(deps))
    app.get('/engagement/rounds/new', manage, round.getNew())
    app.post('/engagement/rounds/new', manage, round.postNew(deps))
    app.get('/engagement/rounds/:id/edit', manage, round.getEdit(deps))
    app.post('/engagement/rounds/:id/edit', manage, round.postEdit(deps))
    app.get('/engagement/activities/new', manage, activityForm.getNew(deps))
    app.post('/engagement/activities/new', manage, activityForm.postNew(deps))
    app.get('/engagement/activities/:id', read, activity.get(deps))
    app.get('/engagement/activities/:id/edit', manage, activityForm.getEdit(deps))
    app.post('/engagement/activities/:id/edit', manage, activityForm.postEdit(deps))
    app.post('/engagement/activities/:id/status', manage, activity.postStatus(deps))
    app.get('/engagement/activities/:id/sessions/new', manage, sessionForm.getNew(deps))
    app.post('/engagement/activities/:id/sessions/new', manage, sessionForm.postNew(deps))
    app.get('/engagement/sessions/:id/edit', manage, sessionForm.getEdit(deps))
    app.post('/engagement/sessions/:id/edit', manage, sessionForm.postEdit(deps))
    app.get('/engagement/sessions/:id/cancel', manage, cancelSession.get(deps))
    app.post('/engagement/sessions/:id/cancel', manage, cancelSession.post(deps))
  },
}
