// Test set-up for the decisions module: Core Group members without running a whole fair selection. The membership
// row is written as the selection module would write it on confirming a selection (tests only).
import { sql } from 'kysely'
import { systemActor } from '../../platform/auth/actor.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { newId } from '../../platform/ids.ts'
import { linkParticipantAccount, registerParticipant } from '../panel/index.ts'

const SYSTEM = systemActor('decisions tests')

/** A panel member made a current Core Group member; with their account linked when a user id is given. */
export async function coreGroupMember(deps: AppDeps, name: string, userId?: string): Promise<{ participantId: string; pseudonym: string }> {
  const p = await registerParticipant(deps, SYSTEM, { fullName: name, phone: '07700 900222', preferredChannel: 'phone', joinedVia: 'phone', demographics: { area: 'eastport' } })
  const now = new Date().toISOString()
  const runId = newId()
  await sql`insert into selection_run (id, kind, title, status, panel_size, algorithm, panels, settings_json, quotas_json, created_at, updated_at)
    values (${runId}, ${'initial'}, ${'Test Core Group'}, ${'confirmed'}, ${1}, ${'leximin'}, ${1}, ${'{}'}, ${'{}'}, ${now}, ${now})`.execute(deps.db)
  await sql`insert into selection_core_group_member (id, participant_id, pseudonym, run_id, joined_on, left_on, leave_reason, leave_detail, replaced_by_run_id, created_at, updated_at)
    values (${newId()}, ${p.id}, ${p.pseudonym}, ${runId}, ${'2026-09-01'}, ${null}, ${null}, ${null}, ${null}, ${now}, ${now})`.execute(deps.db)
  if (userId) await linkParticipantAccount(deps, SYSTEM, p.id, userId)
  return { participantId: p.id, pseudonym: p.pseudonym }
}
