import type { Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { DemographicRow, ParticipantRow, SeldomHeardTagRow, SupportNeedRow } from './participant.repository.ts'
import type { PanelTables } from './participant.table.ts'

/**
 * Changes to an existing participant (contact details, answers, needs, tags, contact limit, the link to their own
 * account). Inserts at registration and the research queries are in participant.repository.ts.
 */

type Tables = { [K in keyof PanelTables]: PanelTables[K] }

function panel(db: Db) {
  return db.withTables<Tables>()
}

/** The participant whose own account this is (not erased), if any. */
export function findParticipantByUserId(db: Db, userId: string): Promise<ParticipantRow | undefined> {
  return panel(db).selectFrom('panel_participant').selectAll().where('user_id', '=', userId).where('status', '!=', 'erased').executeTakeFirst()
}

/** Link a participant to their own account. */
export async function setParticipantUser(db: Db, participantId: string, userId: string, at: string): Promise<void> {
  await panel(db).updateTable('panel_participant').set({ user_id: userId, updated_at: at }).where('id', '=', participantId).execute()
}

export async function updateParticipantRow(
  db: Db,
  participantId: string,
  changes: Pick<Updateable<PanelTables['panel_participant']>, 'max_invitations_per_month' | 'updated_at'>,
): Promise<void> {
  await panel(db).updateTable('panel_participant').set(changes).where('id', '=', participantId).execute()
}

export async function updateIdentityRow(
  db: Db,
  participantId: string,
  changes: Omit<Updateable<PanelTables['panel_identity']>, 'participant_id' | 'created_at'>,
): Promise<void> {
  await panel(db).updateTable('panel_identity').set(changes).where('participant_id', '=', participantId).execute()
}

/** Replace every answer of the participant on these dimensions with `rows` (which must be on these dimensions). */
export async function replaceDemographics(db: Db, participantId: string, dimensions: readonly string[], rows: readonly DemographicRow[]): Promise<void> {
  if (dimensions.length > 0) {
    await panel(db).deleteFrom('panel_demographic').where('participant_id', '=', participantId).where('dimension', 'in', [...dimensions]).execute()
  }
  if (rows.length > 0) await panel(db).insertInto('panel_demographic').values([...rows]).execute()
}

/** Remove the participant's answers on these dimensions; returns the dimensions that had answers. */
export async function deleteDemographicsOn(db: Db, participantId: string, dimensions: readonly string[]): Promise<string[]> {
  if (dimensions.length === 0) return []
  const had = await panel(db)
    .selectFrom('panel_demographic')
    .select('dimension')
    .distinct()
    .where('participant_id', '=', participantId)
    .where('dimension', 'in', [...dimensions])
    .orderBy('dimension')
    .execute()
  if (had.length > 0) {
    await panel(db).deleteFrom('panel_demographic').where('participant_id', '=', participantId).where('dimension', 'in', [...dimensions]).execute()
  }
  return had.map(h => h.dimension)
}

export async function replaceSupportNeeds(db: Db, participantId: string, rows: readonly SupportNeedRow[]): Promise<void> {
  await panel(db).deleteFrom('panel_support_need').where('participant_id', '=', participantId).execute()
  if (rows.length > 0) await panel(db).insertInto('panel_support_need').values([...rows]).execute()
}

export async function replaceSeldomHeardTags(db: Db, participantId: string, rows: readonly SeldomHeardTagRow[]): Promise<void> {
  await panel(db).deleteFrom('panel_seldom_heard_tag').where('participant_id', '=', participantId).execute()
  if (rows.length > 0) await panel(db).insertInto('panel_seldom_heard_tag').values([...rows]).execute()
}

export async function touchParticipant(db: Db, participantId: string, at: string): Promise<void> {
  await panel(db).updateTable('panel_participant').set({ updated_at: at }).where('id', '=', participantId).execute()
}
