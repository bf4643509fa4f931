import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { getInvitationForReply, isInvalidInvitationLink, replyToInvitation, type InvitationForReply } from '../../../domain/invitations.ts'
import { replyChoices, replySchema } from './schema.ts'

type WithToken = FastifyRequest<{ Params: { token: string } }>
const VIEW = 'engagement/web/pages/invitation-reply/view.njk'

/**
 * Wrap a page reached by an invitation's link: a link whose token opens no invitation (mistyped, cut short, or
 * for an invitation that could not be sent) gets its own 404 page, saying what to check and how to reach us.
 */
export function withInvitationLink<R extends FastifyRequest>(handler: (request: R, reply: FastifyReply) => Promise<unknown>) {
  return async (request: R, reply: FastifyReply) => {
    try {
      return await handler(request, reply)
    } catch (err) {
      if (!isInvalidInvitationLink(err)) throw err
      return reply.render('engagement/web/pages/invitation-reply/not-found.njk', { pageTitle: 'This invitation link does not work' }, 404)
    }
  }
}

function render(reply: FastifyReply, token: string, invitation: InvitationForReply, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  return reply.render(
    VIEW,
    {
      pageTitle: `Reply to your invitation: ${invitation.activityTitle}`,
      action: `/invitations/${token}`,
      invitation,
      values,
      errors,
      choices: replyChoices(invitation.needsOffered, values),
    },
    status,
  )
}

const current = (i: InvitationForReply) => (i.reply ? { reply: i.reply, needs: i.reply === 'accepted' && i.replyNeeds.length === 0 && i.needsOffered.length ? ['none'] : i.replyNeeds } : {})

/** GET /invitations/:token: the invitation and the reply form (no sign-in; the token opens this invitation only). */
export function get(deps: AppDeps) {
  return async (request: WithToken, reply: FastifyReply) => {
    const invitation = await getInvitationForReply(deps, request.params.token)
    // A survey or poll: the link is for answering it.
    if (invitation.isSurvey) return reply.redirect(`/invitations/${request.params.token}/survey`, 303)
    return render(reply, request.params.token, invitation, current(invitation))
  }
}

/** POST /invitations/:token: save the reply (audited), or show what to fix. */
export function post(deps: AppDeps) {
  return async (request: WithToken, reply: FastifyReply) => {
    const { token } = request.params
    const invitation = await getInvitationForReply(deps, token)
    if (invitation.isSurvey) return reply.redirect(`/invitations/${token}/survey`, 303)
    const form = parseForm(replySchema(invitation.needsOffered.map(n => n.code)), request.body)
    if (!form.ok) return render(reply, token, invitation, form.values, form.errors, 400)
    try {
      await replyToInvitation(deps, request.actor, token, form.value)
    } catch (err) {
      return render(reply, token, invitation, request.body as Record<string, unknown>, fieldErrorsOf(err), 400)
    }
    return reply.redirect(`/invitations/${token}/done`, 303)
  }
}

/** GET /invitations/:token/done: thank you, and what they told us. */
export function done(deps: AppDeps) {
  return async (request: WithToken, reply: FastifyReply) => {
    const invitation = await getInvitationForReply(deps, request.params.token)
    if (invitation.isSurvey) return reply.redirect(`/invitations/${request.params.token}/survey`, 303)
    if (!invitation.reply) return reply.redirect(`/invitations/${request.params.token}`, 303)
    return reply.render('engagement/web/pages/invitation-reply/done.njk', {
      pageTitle: 'Thank you for replying',
      invitation,
      needLabels: invitation.needsOffered.filter(n => invitation.replyNeeds.includes(n.code)).map(n => n.label),
      changeLink: `/invitations/${request.params.token}`,
    })
  }
}
