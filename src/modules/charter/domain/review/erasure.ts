// When a panel member is erased, the review comments staff entered for them (from a phone call, a paper pack or a
// meeting) are unlinked from them: the comment stays, labelled "Core Group member", with nothing naming the person.
// If they asked for their contributions to be deleted, those comments and the answers to them are deleted. Comments
// a person wrote online belong to their account, not their panel record. Idempotent. Audited without identity.
import { systemActor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { domainEvents, type EventBus } from '../../../../platform/events/event-bus.ts'
import type { ParticipantErasedEvent } from '../../../panel/index.ts'
import { deleteComments, listCommentsForParticipant, unlinkCommentsOfParticipant } from '../../data/review.repository.ts'

const ACTOR = systemActor('charter reviews')

export async function onParticipantErased(deps: AppDeps, e: Pick<ParticipantErasedEvent, 'participantId' | 'deleteContributions'>): Promise<number> {
  return inTransaction(deps, ACTOR, async uow => {
    const comments = await listCommentsForParticipant(uow.trx, e.participantId)
    if (comments.length === 0) return 0
    if (e.deleteContributions) await deleteComments(uow.trx, comments.map(c => c.id))
    else await unlinkCommentsOfParticipant(uow.trx, e.participantId)
    await uow.audit({
      action: e.deleteContributions ? 'charter.comments_deleted_on_erasure' : 'charter.comments_unlinked_on_erasure',
      subjectType: 'participant',
      subjectId: e.participantId,
      summary: { comments: comments.length },
    })
    return comments.length
  })
}

/** Subscribe to the panel's erasure event (once per bus). Returns a function that unsubscribes. */
export function subscribeToErasure(deps: AppDeps, bus: EventBus = domainEvents): () => void {
  return bus.subscribe('panel.participant_erased', async e => {
    await onParticipantErased(deps, e)
  })
}
