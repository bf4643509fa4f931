// Small questions other modules ask about the Core Group's membership (for example: may this person answer a survey
// for the Core Group?).
import type { AppDeps } from '../../../../platform/deps.ts'
import { findCurrentMembers, findCurrentMembershipsOf } from '../../data/selection.repository.ts'

/** Whether the participant is a member of the Core Group now (joined and not left). */
export async function isCurrentCoreGroupMember(deps: Pick<AppDeps, 'db'>, participantId: string): Promise<boolean> {
  return (await findCurrentMembershipsOf(deps.db, participantId)).length > 0
}

/** The current Core Group members (joined and not left), once each, by pseudonym: for the decisions module's voters. */
export async function listCurrentCoreGroupMembers(deps: Pick<AppDeps, 'db'>): Promise<{ participantId: string; pseudonym: string }[]> {
  const seen = new Set<string>()
  const out: { participantId: string; pseudonym: string }[] = []
  for (const m of await findCurrentMembers(deps.db)) {
    if (seen.has(m.participant_id)) continue
    seen.add(m.participant_id)
    out.push({ participantId: m.participant_id, pseudonym: m.pseudonym })
  }
  return out
}
