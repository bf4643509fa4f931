import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { domainEvents, withDomainEvents, type EventBus } from '../../../platform/events/event-bus.ts'
import { updateParticipantStatus } from '../data/erasure.repository.ts'
import { findParticipantById } from '../data/participant.repository.ts'
import { mayEditParticipant } from './panel.policy.ts'

/** Published after a member has left the panel or come back: invitations and reminders must follow at once. */
export const PARTICIPANT_STATUS_CHANGED_EVENT = 'panel.participant_status_changed'

export interface ParticipantStatusChangedEvent {
  participantId: string
  pseudonym: string
  /** 'withdrawn': no contact at all from now on. 'active': back on the panel. */
  status: 'active' | 'withdrawn'
}

declare module '../../../platform/events/event-bus.ts' {
  interface DomainEventMap {
    'panel.participant_status_changed': ParticipantStatusChangedEvent
  }
}

export interface ChangeParticipantStatusInput {
  participantId: string
  status: 'active' | 'withdrawn'
}

/**
 * Only the panel manager ('panel:edit'), or the system (CLI), marks someone as having left or brings them back.
 *
 * Mark a panel member as having left the panel ('withdrawn': no contact at all from then on), or bring them back
 * ('active'). Their record stays as it is. An erased member cannot come back. Audited as 'panel.participant_withdrawn'
 * or 'panel.participant_reinstated'; the domain event 'panel.participant_status_changed' follows the commit.
 * Returns whether anything changed (choosing the status someone already has changes nothing and records nothing).
 */
export async function changeParticipantStatus(
  deps: AppDeps,
  actor: Actor,
  input: ChangeParticipantStatusInput,
  opts: { events?: EventBus } = {},
): Promise<{ pseudonym: string; status: 'active' | 'withdrawn'; changed: boolean }> {
  if (!mayEditParticipant(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot change whether someone is on the panel' })
  return withDomainEvents(opts.events ?? domainEvents, raise =>
    inTransaction(deps, actor, async uow => {
      const participant = await findParticipantById(uow.trx, input.participantId)
      if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
      if (participant.status === 'erased') {
        throw new AppError(AppErrorCode.INVALID_STATE, { message: `${participant.pseudonym} has been erased and cannot come back to the panel` })
      }
      if (participant.status === input.status) return { pseudonym: participant.pseudonym, status: input.status, changed: false }
      await updateParticipantStatus(uow.trx, participant.id, input.status, uow.now.toISOString())
      await uow.audit({
        action: input.status === 'withdrawn' ? 'panel.participant_withdrawn' : 'panel.participant_reinstated',
        subjectType: 'participant',
        subjectId: participant.id,
        summary: { pseudonym: participant.pseudonym, before: { status: participant.status }, after: { status: input.status } },
      })
      raise(PARTICIPANT_STATUS_CHANGED_EVENT, { participantId: participant.id, pseudonym: participant.pseudonym, status: input.status })
      return { pseudonym: participant.pseudonym, status: input.status, changed: true }
    }),
  )
}
