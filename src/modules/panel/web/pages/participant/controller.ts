import type { FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { pageNumber } from '../../../../../platform/http/validate.ts'
import { paginate } from '../../../../../platform/views/pagination.ts'
import { CONSENT_CHANNELS } from '../../../domain/consent.ts'
import { getCurrentConsents } from '../../../domain/consent-queries.ts'
import { getParticipantDetail, getParticipantHistory } from '../../../domain/queries/participant-detail.ts'

const VIEW = 'panel/web/pages/participant/view.njk'
const HISTORY_PER_PAGE = 20

export type ParticipantRequest = FastifyRequest<{ Params: { participantId: string }; Querystring: Record<string, string | string[] | undefined> }>

/** GET /panel/participants/:participantId: one member's research record and history, by pseudonym. */
export function get(deps: AppDeps) {
  return async (request: ParticipantRequest, reply: FastifyReply) => {
    const { participantId } = request.params
    const participant = await getParticipantDetail(deps, request.actor, participantId)
    const page = pageNumber(request.query?.page)
    const history = await getParticipantHistory(deps, request.actor, participantId, { limit: HISTORY_PER_PAGE, offset: (page - 1) * HISTORY_PER_PAGE })
    const consents = await getCurrentConsents(deps, request.actor, participantId)
    const role = request.currentUser?.role ?? 'public'
    const open = participant.status !== 'erased'
    return reply.render(VIEW, {
      pageTitle: `Panel member ${participant.pseudonym}`,
      p: participant,
      consents: consents.map(c => ({
        purpose: c.purposeLabel,
        decision: c.given === null ? 'Not asked' : c.given ? 'Given' : 'Withdrawn',
        given: c.given,
        wording: c.wording ? `Version ${c.wording.version}, ${c.wording.title}` : null,
        recordedAt: c.recordedAt,
        channel: c.channel ? (CONSENT_CHANNELS.find(x => x.code === c.channel)?.label ?? c.channel) : null,
      })),
      enteredBy: participant.enteredBy
        ? `${participant.enteredBy.roleLabel}${participant.enteredBy.staffName ? ` (${participant.enteredBy.staffName})` : ''}`
        : 'Nobody: they joined by themselves',
      answerRows: participant.answers.map(a => ({ key: { text: a.label }, value: { text: a.values.length > 0 ? a.values.join(', ') : 'Not answered' } })),
      history: history.entries,
      pagination: paginate({ total: history.total, page, perPage: HISTORY_PER_PAGE, path: `/panel/participants/${participantId}` }),
      // What this person may do here (the routes check again; the page only hides what they cannot do).
      may: {
        seeContact: open && can(role, 'panel:read_identity'),
        edit: open && can(role, 'panel:edit'),
        changeStatus: open && can(role, 'panel:edit'),
        erase: open && can(role, 'panel:erase'),
      },
      backLink: '/panel',
    })
  }
}
