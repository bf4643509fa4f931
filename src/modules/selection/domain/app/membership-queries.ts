// Small questions other modules ask about the Core Group's membership (for example: may this person answer a survey
// for the Core Group?).
import type { AppDeps } from '../../../../platform/deps.ts'
import { findCurrentMembershipsOf } from '../../data/selection.repository.ts'

/** Whether the participant is a member of the Core Group now (joined and not left). */
export async function isCurrentCoreGroupMember(deps: Pick<AppDeps, 'db'>, participantId: string): Promise<boolean> {
  return (await findCurrentMembershipsOf(deps.db, participantId)).length > 0
}
