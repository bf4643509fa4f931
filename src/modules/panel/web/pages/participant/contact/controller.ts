import type { FastifyReply } from 'fastify'
import type { AppDeps } from '../../../../../../platform/deps.ts'
import { CHANNELS, FORMATS, labelOf } from '../../../../domain/catalogue.ts'
import { getParticipantIdentity } from '../../../../domain/get-participant-identity.ts'
import { getParticipantDetail } from '../../../../domain/queries/participant-detail.ts'
import type { ParticipantRequest } from '../controller.ts'

const VIEW = 'panel/web/pages/participant/contact/view.njk'

/**
 * GET /panel/participants/:participantId/contact: the panel manager's view of a member's name and contact details.
 * Each time this page is shown, the read is recorded in the audit trail (by getParticipantIdentity).
 */
export function get(deps: AppDeps) {
  return async (request: ParticipantRequest, reply: FastifyReply) => {
    const { participantId } = request.params
    const participant = await getParticipantDetail(deps, request.actor, participantId)
    const backLink = `/panel/participants/${participantId}`
    if (participant.status === 'erased') {
      return reply.render(VIEW, { pageTitle: `Contact details of ${participant.pseudonym}`, pseudonym: participant.pseudonym, erased: true, backLink })
    }
    const identity = await getParticipantIdentity(deps, request.actor, participantId)
    return reply.render(VIEW, {
      pageTitle: `Contact details of ${participant.pseudonym}`,
      pseudonym: participant.pseudonym,
      withdrawn: participant.status === 'withdrawn',
      identity,
      channel: labelOf(CHANNELS, identity.preferredChannel),
      format: labelOf(FORMATS, identity.preferredFormat),
      backLink,
    })
  }
}
