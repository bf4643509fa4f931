import { formRateLimit } from '../../platform/http/security.ts'
import type { EngagementSlice } from './engagement-slice.ts'
import * as newInvitations from './web/pages/invitation-new/controller.ts'
import * as phoneReply from './web/pages/invitation-phone-reply/controller.ts'
import * as replyPage from './web/pages/invitation-reply/controller.ts'
import * as invitations from './web/pages/invitations/controller.ts'

/**
 * Invitations through each person's channel (email, text message, letter, phone call) and their replies: the
 * panel manager chooses who, checks who is invited and who is left out (and why), sends, prints the letters and
 * records replies taken by phone (/engagement/activities/:id/invitations); the person replies through the link in
 * their message (/invitations/:token), without signing in, rate-limited like every public form.
 */
export const invitationsSlice: EngagementSlice = {
  auditEvents: ['engagement.invitations_sent', 'engagement.invitations_delivered', 'engagement.invitation_replied'],
  routes(app, deps) {
    const invite = { config: { permission: 'engagement:invite' as const } }
    const a = '/engagement/activities/:id/invitations'
    app.get(a, invite, invitations.list(deps))
    app.get(`${a}/letters.pdf`, invite, invitations.letters(deps))
    app.get(`${a}/new`, invite, newInvitations.getNew(deps))
    app.post(`${a}/preview`, invite, newInvitations.postPreview(deps))
    app.post(`${a}/send`, invite, newInvitations.postSend(deps))
    app.get('/engagement/invitations/:id/reply', invite, phoneReply.get(deps))
    app.post('/engagement/invitations/:id/reply', invite, phoneReply.post(deps))

    // The person's reply: no sign-in (the token opens this one invitation), rate-limited like other public forms.
    const open = { config: { permission: 'engagement:respond' as const, rateLimit: formRateLimit(deps.config.auth.publicFormRatePerMinute) } }
    app.get('/invitations/:token', open, replyPage.withInvitationLink(replyPage.get(deps)))
    app.post('/invitations/:token', open, replyPage.withInvitationLink(replyPage.post(deps)))
    app.get('/invitations/:token/done', open, replyPage.withInvitationLink(replyPage.done(deps)))
    // A survey or poll's invitation link answers it (/invitations/:token/survey/...): see surveys.slice.ts.
  },
}
