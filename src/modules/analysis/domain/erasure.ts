// When a panel member is erased, their items leave the analysis (if they asked for their contributions to be
// deleted: with their segments, coding and any quotes), or stay with nothing linking them to the person: counted as
// no one's (like an anonymous answer) and never quoted. Either way, stored language-model answers that were given
// their words are blanked, as they may quote them. The evidence store does the same to the evidence itself.
// Audited without identity: the participant's id, as the panel's own erasure event, and how many items.
import { systemActor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { domainEvents, type EventBus } from '../../../platform/events/event-bus.ts'
import type { ParticipantErasedEvent } from '../../panel/index.ts'
import { deleteItemsByIds, deleteQuotesOfItems, listItemsOfPerson, listSegmentsOfItem, unlinkItem } from '../data/analysis.repository.ts'
import { blankLlmResponse, listLlmCallsOfProjects } from '../data/llm.repository.ts'
import { personKeyOf } from './model.ts'

const ACTOR = systemActor('analysis')
const ERASED_NOTE = '[Removed: this answer was given the words of a person whose contributions were later erased]'

export async function onParticipantErased(deps: AppDeps, e: Pick<ParticipantErasedEvent, 'participantId' | 'deleteContributions'>): Promise<number> {
  return inTransaction(deps, ACTOR, async uow => {
    const items = await listItemsOfPerson(uow.trx, personKeyOf('', e.participantId))
    if (items.length === 0) return 0
    const quotes = await deleteQuotesOfItems(uow.trx, items.map(i => i.id))
    // Drafts from the language model that were given the person's words may quote them: their stored answers go.
    const segmentIds = new Set<string>()
    for (const i of items) for (const s of await listSegmentsOfItem(uow.trx, i.id)) segmentIds.add(s.id)
    let draftsBlanked = 0
    for (const call of await listLlmCallsOfProjects(uow.trx, [...new Set(items.map(i => i.project_id))])) {
      const sent = JSON.parse(call.sent_segment_ids_json) as string[]
      if (call.response_text !== null && sent.some(id => segmentIds.has(id))) {
        await blankLlmResponse(uow.trx, call.id, ERASED_NOTE)
        draftsBlanked += 1
      }
    }
    if (e.deleteContributions) await deleteItemsByIds(uow.trx, items.map(i => i.id))
    else for (const i of items) await unlinkItem(uow.trx, i.id, i.evidence_item_id)
    await uow.audit({
      action: e.deleteContributions ? 'analysis.contributions_deleted' : 'analysis.contributions_unlinked',
      subjectType: 'participant',
      subjectId: e.participantId,
      summary: { items: items.length, quotesRemoved: quotes, draftsBlanked },
    })
    return items.length
  })
}

/** Subscribe to the panel's erasure event (once per bus). Returns a function that unsubscribes. */
export function subscribeToErasure(deps: AppDeps, bus: EventBus = domainEvents): () => void {
  return bus.subscribe('panel.participant_erased', async e => {
    await onParticipantErased(deps, e)
  })
}
