import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { findParticipantById } from '../data/participant.repository.ts'
import { deleteDemographicsOn, touchParticipant } from '../data/participant-update.repository.ts'
import { panelCatalogue } from './catalogue.ts'
import {
  isConsentChannel,
  SPECIAL_CATEGORY_PURPOSE,
  specialCategoryDimensionKeys,
  writeConsentDecisions,
  type ConsentAnswer,
  type ConsentChange,
  type ConsentChannel,
} from './consent.ts'
import { isOwnRecord, mayChangeParticipantDetails } from './panel.policy.ts'

export interface ChangeConsentsResult {
  /** The decisions that were new (the same decision on the same wording again is not recorded twice). */
  changes: ConsentChange[]
  /** Dimensions whose answers were removed because special-category consent was withdrawn. */
  removedAnswers: string[]
}

/**
 * Give or withdraw consent, purpose by purpose, for one panel member: by the person themselves (recorded as
 * 'online') or by the panel manager on their behalf (`channel`: how the person told us, 'phone', 'post' or
 * 'partner'). One transaction; each change is a new record in the append-only history and an audit event.
 *
 * Withdrawing 'contact_research' stops contact at once: `isContactable` reads the latest record. Withdrawing
 * 'special_category' removes the member's answers on the special-category dimensions in the same transaction.
 */
export async function changeConsents(
  deps: AppDeps,
  actor: Actor,
  participantId: string,
  answers: readonly ConsentAnswer[],
  opts: { channel?: ConsentChannel } = {},
): Promise<ChangeConsentsResult> {
  return inTransaction(deps, actor, async uow => {
    const participant = await findParticipantById(uow.trx, participantId)
    if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
    if (!mayChangeParticipantDetails(actor, participant)) throw new AppError(AppErrorCode.FORBIDDEN, { message: "You cannot change this person's consents" })
    if (participant.status === 'erased') throw new AppError(AppErrorCode.INVALID_STATE, { message: "This person's details have been erased" })

    const own = isOwnRecord(actor, participant)
    const channel: ConsentChannel = own ? 'online' : (opts.channel ?? 'phone')
    if (!isConsentChannel(channel)) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'channel', message: 'Select how they told us' })

    const changes = await writeConsentDecisions(uow, participantId, answers, channel)
    let removedAnswers: string[] = []
    const special = changes.find(c => c.purpose === SPECIAL_CATEGORY_PURPOSE && !c.given)
    if (special) {
      removedAnswers = await deleteDemographicsOn(uow.trx, participantId, specialCategoryDimensionKeys(panelCatalogue()))
      if (removedAnswers.length > 0) {
        await uow.audit({
          action: 'panel.special_category_answers_removed',
          subjectType: 'participant',
          subjectId: participantId,
          summary: { dimensions: removedAnswers, reason: 'special-category consent withdrawn' },
        })
      }
    }
    if (changes.length > 0) await touchParticipant(uow.trx, participantId, uow.now.toISOString())
    return { changes, removedAnswers }
  })
}
