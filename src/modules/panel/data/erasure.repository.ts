import type { Db } from '../../../platform/db/database.ts'
import type { ParticipantRow } from './participant.repository.ts'
import type { PanelTables } from './participant.table.ts'

/**
 * Leaving the panel and erasure: the writes that change a member's status and remove their data.
 * (Reads of research data are in participant.repository.ts.)
 */

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof PanelTables]: PanelTables[K] }

function panel(db: Db) {
  return db.withTables<Tables>()
}

/** The participant whose own account this is (panel_participant.user_id), if any. */
export function findParticipantByUserId(db: Db, userId: string): Promise<ParticipantRow | undefined> {
  return panel(db).selectFrom('panel_participant').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

/** Whether the participant still has an identity row (name and contact details). */
export async function identityExists(db: Db, participantId: string): Promise<boolean> {
  const r = await panel(db).selectFrom('panel_identity').select('participant_id').where('participant_id', '=', participantId).executeTakeFirst()
  return r !== undefined
}

/** Active or withdrawn (left the panel). Never 'erased': erasure is `markErased`, with its deletions. */
export async function updateParticipantStatus(db: Db, participantId: string, status: 'active' | 'withdrawn', now: string): Promise<void> {
  await panel(db).updateTable('panel_participant').set({ status, updated_at: now }).where('id', '=', participantId).where('status', '!=', 'erased').execute()
}

/** The removals erasure makes, each returning how many rows went. */
export async function deleteIdentity(db: Db, participantId: string): Promise<number> {
  const r = await panel(db).deleteFrom('panel_identity').where('participant_id', '=', participantId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function deleteSupportNeeds(db: Db, participantId: string): Promise<number> {
  const r = await panel(db).deleteFrom('panel_support_need').where('participant_id', '=', participantId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function deleteDemographics(db: Db, participantId: string): Promise<number> {
  const r = await panel(db).deleteFrom('panel_demographic').where('participant_id', '=', participantId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function deleteSeldomHeardTags(db: Db, participantId: string): Promise<number> {
  const r = await panel(db).deleteFrom('panel_seldom_heard_tag').where('participant_id', '=', participantId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/**
 * What remains of an erased member: the pseudonym, when and how they joined, their status. The link to their account
 * goes. Returns false if they were already erased (another request got there first).
 */
export async function markErased(db: Db, participantId: string, now: string): Promise<boolean> {
  const r = await panel(db)
    .updateTable('panel_participant')
    .set({ status: 'erased', user_id: null, updated_at: now })
    .where('id', '=', participantId)
    .where('status', '!=', 'erased')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
