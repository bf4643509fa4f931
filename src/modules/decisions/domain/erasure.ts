// When a panel member is erased, the decisions they took part in keep their counts (a decision on the record must
// not change after the event) but nothing links a ballot to the person: their participant id and pseudonym are
// replaced, in every ballot and every frozen voter list, by one new random id per erasure, so "a later ballot
// replaces an earlier one" still holds. If they asked for their contributions to be deleted, the reasons they gave
// (a concern, an objection, a stand-aside or a block) are removed too; what they chose stays counted. Idempotent.
// Audited without identity: the participant id (as the panel's own erasure event) and how many ballots.
import { randomUUID } from 'node:crypto'
import { systemActor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { domainEvents, type EventBus } from '../../../platform/events/event-bus.ts'
import type { ParticipantErasedEvent } from '../../panel/index.ts'
import { ballotsOfVoter, proposalsNamingVoter, replaceBallotVoter, updateProposal } from '../data/decisions.repository.ts'
import type { EligibleVoter } from './proposals.ts'

const ACTOR = systemActor('decisions')
export const ERASED_VOTER_PSEUDONYM = 'Erased member'
export const REMOVED_REASON = '(Removed at the member’s request.)'

function withoutReason(castJson: string): string {
  const cast = JSON.parse(castJson) as Record<string, unknown>
  if (typeof cast.text === 'string') cast.text = REMOVED_REASON
  if (typeof cast.reason === 'string') cast.reason = REMOVED_REASON
  return JSON.stringify(cast)
}

export async function onParticipantErased(deps: AppDeps, e: Pick<ParticipantErasedEvent, 'participantId' | 'deleteContributions'>): Promise<number> {
  return inTransaction(deps, ACTOR, async uow => {
    const proposals = await proposalsNamingVoter(uow.trx, e.participantId)
    if (proposals.length === 0) return 0
    const stranger = randomUUID()
    for (const p of proposals) {
      if (!p.eligible_json) continue
      const voters = JSON.parse(p.eligible_json) as EligibleVoter[]
      if (!voters.some(v => v.participantId === e.participantId)) continue
      const replaced = voters.map(v => (v.participantId === e.participantId ? { participantId: stranger, pseudonym: ERASED_VOTER_PSEUDONYM } : v))
      await updateProposal(uow.trx, p.id, { eligible_json: JSON.stringify(replaced) })
    }
    const ballots = await ballotsOfVoter(uow.trx, e.participantId)
    for (const b of ballots) await replaceBallotVoter(uow.trx, b.id, stranger, e.deleteContributions ? withoutReason(b.cast_json) : b.cast_json)
    await uow.audit({
      action: 'decisions.voter_erased',
      subjectType: 'participant',
      subjectId: e.participantId,
      summary: { proposals: proposals.length, ballots: ballots.length, reasonsRemoved: e.deleteContributions },
    })
    return ballots.length
  })
}

/** Subscribe to the panel's erasure event (once per bus). Returns a function that unsubscribes. */
export function subscribeToErasure(deps: AppDeps, bus: EventBus = domainEvents): () => void {
  return bus.subscribe('panel.participant_erased', async e => {
    await onParticipantErased(deps, e)
  })
}
