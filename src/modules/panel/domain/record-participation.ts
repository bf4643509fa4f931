// The panel's participation history: when each member last took part in an activity. Other modules (engagement's
// attendance) tell the panel through this command after their own change has committed (modules share no
// transactions); it is idempotent, so telling it twice, or late, does no harm. The representation page's attrition
// flags count from it.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { advanceLastParticipatedAt, setLastParticipatedAt } from '../data/participation.repository.ts'
import { findParticipantById } from '../data/participant.repository.ts'
import { mayEditParticipant } from './panel.policy.ts'

/** Those who record attendance, the panel manager, and the system. */
function mayRecordParticipation(actor: Actor): boolean {
  return mayEditParticipant(actor) || (actor.role !== 'system' && can(actor.role, 'engagement:record_attendance'))
}

/**
 * Record that a panel member took part at `at` (an ISO date-time): their last_participated_at becomes the later of
 * what is stored and `at`. Audited as 'panel.participation_recorded' only when it changed. Returns whether it did.
 * An erased member is left alone (false); an unknown id is NOT_FOUND.
 */
export async function recordParticipation(deps: AppDeps, actor: Actor, participantId: string, at: string): Promise<{ changed: boolean }> {
  if (!mayRecordParticipation(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot record that someone took part' })
  const when = new Date(at)
  if (Number.isNaN(when.getTime())) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'at', message: 'Give the date and time they took part' })
  const iso = when.toISOString()
  return inTransaction(deps, actor, async uow => {
    const participant = await findParticipantById(uow.trx, participantId)
    if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
    if (participant.status === 'erased') return { changed: false }
    const changed = await advanceLastParticipatedAt(uow.trx, participantId, iso, uow.now.toISOString())
    if (changed) {
      await uow.audit({
        action: 'panel.participation_recorded',
        subjectType: 'participant',
        subjectId: participantId,
        summary: { pseudonym: participant.pseudonym, before: participant.last_participated_at, after: iso },
      })
    }
    return { changed }
  })
}

/**
 * Correct a panel member's "last took part" to `latest` (an ISO date-time), or to never (null): for when a record of
 * taking part was removed or changed, so the date the attrition flags count from is moved back to the latest time
 * they really took part. The caller works out `latest` from its own records. Audited as 'panel.participation_recorded'
 * (with `corrected: true`) only when it changed. An erased member is left alone; an unknown id is NOT_FOUND.
 */
export async function correctParticipation(deps: AppDeps, actor: Actor, participantId: string, latest: string | null): Promise<{ changed: boolean }> {
  if (!mayRecordParticipation(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot record that someone took part' })
  let iso: string | null = null
  if (latest !== null) {
    const when = new Date(latest)
    if (Number.isNaN(when.getTime())) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'at', message: 'Give the date and time they last took part' })
    iso = when.toISOString()
  }
  return inTransaction(deps, actor, async uow => {
    const participant = await findParticipantById(uow.trx, participantId)
    if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
    if (participant.status === 'erased') return { changed: false }
    const changed = await setLastParticipatedAt(uow.trx, participantId, iso, uow.now.toISOString())
    if (changed) {
      await uow.audit({
        action: 'panel.participation_recorded',
        subjectType: 'participant',
        subjectId: participantId,
        summary: { pseudonym: participant.pseudonym, before: participant.last_participated_at, after: iso, corrected: true },
      })
    }
    return { changed }
  })
}
