import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { getInvitation, recordPhoneReply } from '../../../domain/invitations.ts'
import { replyChoices, replySchema } from '../invitation-reply/schema.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type Invitation = Awaited<ReturnType<typeof getInvitation>>

function render(reply: FastifyReply, invitation: Invitation, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  return reply.render(
    'engagement/web/pages/invitation-phone-reply/view.njk',
    {
      pageTitle: `Record a reply taken by phone: ${invitation.pseudonym}`,
      backLink: `/engagement/activities/${invitation.activityId}/invitations`,
      invitation,
      values,
      errors,
      choices: replyChoices(invitation.needsOffered, values),
    },
    status,
  )
}

/** GET /engagement/invitations/:id/reply: the panel manager records what the person said on the phone. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(reply, await getInvitation(deps, request.actor, request.params.id), {})
}

/** POST /engagement/invitations/:id/reply: save it (audited, as a phone reply), or show what to fix. */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const invitation = await getInvitation(deps, request.actor, request.params.id)
    const form = parseForm(replySchema(invitation.needsOffered.map(n => n.code)), request.body)
    if (!form.ok) return render(reply, invitation, form.values, form.errors, 400)
    try {
      await recordPhoneReply(deps, request.actor, invitation.id, form.value)
    } catch (err) {
      return render(reply, invitation, request.body as Record<string, unknown>, fieldErrorsOf(err), 400)
    }
    request.session.flash = `Reply recorded for ${invitation.pseudonym}`
    return reply.redirect(`/engagement/activities/${invitation.activityId}/invitations`, 303)
  }
}
