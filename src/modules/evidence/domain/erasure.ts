// When a panel member is erased, what they said is deleted (if they asked) or kept with nothing linking it to them:
// no participant id, no pseudonym, no panel answers, and never quoted. The erasure is remembered so that answers
// taken in later (by the catch-up job) are treated the same way. Idempotent: a second run changes nothing. Audited
// without identity: the participant's id (as the panel's own erasure event) and how many items, never a pseudonym.
import { systemActor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { domainEvents, type EventBus } from '../../../platform/events/event-bus.ts'
import { type ParticipantErasedEvent } from '../../panel/index.ts'
import { deleteItemsOfParticipant, recordErasure, unlinkItemsOfParticipant } from '../data/evidence.repository.ts'

const ACTOR = systemActor('evidence store')

export async function onParticipantErased(deps: AppDeps, e: Pick<ParticipantErasedEvent, 'participantId' | 'deleteContributions'>): Promise<number> {
  return inTransaction(deps, ACTOR, async uow => {
    const now = uow.now.toISOString()
    const contributions = e.deleteContributions ? 'deleted' : 'unlinked'
    await recordErasure(uow.trx, e.participantId, contributions, now)
    const n = e.deleteContributions ? await deleteItemsOfParticipant(uow.trx, e.participantId) : await unlinkItemsOfParticipant(uow.trx, e.participantId, now)
    if (n > 0) {
      await uow.audit({
        action: e.deleteContributions ? 'evidence.contributions_deleted' : 'evidence.contributions_unlinked',
        subjectType: 'participant',
        subjectId: e.participantId,
        summary: { items: n },
      })
    }
    return n
  })
}

/** Subscribe to the panel's erasure event (once per bus). Returns a function that unsubscribes. */
export function subscribeToErasure(deps: AppDeps, bus: EventBus = domainEvents): () => void {
  return bus.subscribe('panel.participant_erased', async e => {
    await onParticipantErased(deps, e)
  })
}
