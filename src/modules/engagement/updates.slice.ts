import type { EngagementSlice } from './engagement-slice.ts'
import * as updates from './web/pages/updates/controller.ts'

/**
 * "You said, we did" updates sent back to the people who took part: the panel manager sees the updates analysts
 * handed over, checks who each reaches (and who is left out, and why), sends it, prints the letters and marks the
 * phone calls made (/engagement/updates); anyone can read a sent update at /updates/:id, without signing in.
 */
export const updatesSlice: EngagementSlice = {
  nav: [{ text: 'Updates', href: '/engagement/updates', permission: 'engagement:invite' }],
  auditEvents: ['engagement.update_received', 'engagement.update_sent', 'engagement.update_delivered', 'engagement.update_phoned'],
  routes(app, deps) {
    const invite = { config: { permission: 'engagement:invite' as const } }
    app.get('/engagement/updates', invite, updates.list(deps))
    app.get('/engagement/updates/:id', invite, updates.show(deps))
    app.post('/engagement/updates/:id/send', invite, updates.postSend(deps))
    app.get('/engagement/updates/:id/letters.pdf', invite, updates.letters(deps))
    app.post('/engagement/updates/:id/recipients/:recipientId/phoned', invite, updates.postPhoned(deps))
    app.get('/updates/:id', { config: { permission: 'site:view' as const } }, updates.publicPage(deps))
  },
}
