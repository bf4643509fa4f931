import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { findParticipantByUserId, setParticipantUser } from '../data/participant-update.repository.ts'
import { findParticipantById } from '../data/participant.repository.ts'
import { mayEditParticipant } from './panel.policy.ts'

/**
 * Link a panel member's record to their own account, so they can see their record and take part online (joining
 * online does this itself). For the panel manager (or the system), audited; refused if either side is already linked
 * elsewhere.
 */
export async function linkParticipantAccount(deps: AppDeps, actor: Actor, participantId: string, userId: string): Promise<void> {
  if (!mayEditParticipant(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot link a panel member to an account' })
  await inTransaction(deps, actor, async uow => {
    const participant = await findParticipantById(uow.trx, participantId)
    if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
    if (participant.status === 'erased') throw new AppError(AppErrorCode.INVALID_STATE, { message: `${participant.pseudonym} has been erased` })
    if (participant.user_id === userId) return
    if (participant.user_id) throw new AppError(AppErrorCode.INVALID_STATE, { message: `${participant.pseudonym} already has an account` })
    const other = await findParticipantByUserId(uow.trx, userId)
    if (other) throw new AppError(AppErrorCode.INVALID_STATE, { message: `That account already belongs to ${other.pseudonym}` })
    await setParticipantUser(uow.trx, participantId, userId, uow.now.toISOString())
    await uow.audit({ action: 'panel.account_linked', subjectType: 'panel_participant', subjectId: participantId, summary: { pseudonym: participant.pseudonym, userId } })
  })
}
