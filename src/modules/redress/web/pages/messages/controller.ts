import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { listMessagesToSend, markMessageDone } from '../../../domain/messages.ts'
import { CONTACT_CHANNEL_LABELS, FORMAT_LABELS } from '../../../domain/model.ts'

/** GET /redress/messages: letters to post, calls to make, and emails that could not be sent. */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const messages = await listMessagesToSend(deps, request.actor)
    return reply.render('redress/web/pages/messages/list.njk', {
      pageTitle: 'Letters and calls to make',
      backLink: '/redress/complaints',
      messages: messages.map(m => ({ ...m, channelLabel: m.failedEmail ? 'Email could not be sent: send it by hand' : CONTACT_CHANNEL_LABELS[m.channel], formatLabel: FORMAT_LABELS[m.format], paragraphs: m.body.split(/\n{2,}/) })),
    })
  }
}

/** POST /redress/messages/:messageId/done (audited) */
export function postDone(deps: AppDeps) {
  return async (request: FastifyRequest<{ Params: { messageId: string } }>, reply: FastifyReply) => {
    await markMessageDone(deps, request.actor, request.params.messageId)
    request.session.flash = 'Marked as done'
    return reply.redirect('/redress/messages', 303)
  }
}
