import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { getInvitations, getLetters } from '../../../domain/invitations.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>

/** GET /engagement/activities/:id/invitations: every invitation with its channel, status and reply. */
export function list(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const { activity, invitations } = await getInvitations(deps, request.actor, request.params.id)
    const count = (f: (i: (typeof invitations)[number]) => boolean) => invitations.filter(f).length
    return reply.render('engagement/web/pages/invitations/view.njk', {
      pageTitle: `Invitations: ${activity.title}`,
      backLink: `/engagement/activities/${activity.id}`,
      activity,
      invitations,
      totals: {
        invited: invitations.length,
        accepted: count(i => i.reply === 'accepted'),
        declined: count(i => i.reply === 'declined'),
        waiting: count(i => i.reply === null && i.status !== 'failed'),
        toPrint: count(i => i.status === 'to_print'),
        answersSent: count(i => i.surveyProgress === 'sent'),
        answersStarted: count(i => i.surveyProgress === 'started'),
      },
    })
  }
}

/** GET /engagement/activities/:id/invitations/letters.pdf: every letter to print, in one tagged PDF (identity read audited). */
export function letters(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const { pdf } = await getLetters(deps, request.actor, request.params.id)
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', 'attachment; filename="invitation-letters.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf)
  }
}
