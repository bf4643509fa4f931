import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { EngagementInvitationTable, InvitationTables } from './invitations.table.ts'

export type InvitationRow = Selectable<EngagementInvitationTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof InvitationTables]: InvitationTables[K] }
const t = (db: Db) => db.withTables<Tables>()

/** Ids are looked up in batches of this many (a bound on the size of one query's IN list). */
const BATCH = 500

export async function insertInvitations(db: Db, rows: readonly Insertable<EngagementInvitationTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await t(db).insertInto('engagement_invitation').values(rows.slice(i, i + 100)).execute()
}

export function findInvitation(db: Db, id: string): Promise<InvitationRow | undefined> {
  return t(db).selectFrom('engagement_invitation').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findInvitationByTokenHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  return t(db).selectFrom('engagement_invitation').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

/** An activity's invitations, by pseudonym then when sent. */
export function listInvitationsOf(db: Db, activityId: string): Promise<InvitationRow[]> {
  return t(db).selectFrom('engagement_invitation').selectAll().where('activity_id', '=', activityId).orderBy('pseudonym').orderBy('created_at').orderBy('id').execute()
}

/** How many invitations (failed ones not counted) each of these participants was sent at or after `since`. */
export async function countInvitationsSince(db: Db, participantIds: readonly string[], since: string): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  const unique = [...new Set(participantIds)]
  for (let i = 0; i < unique.length; i += BATCH) {
    const rows = await t(db)
      .selectFrom('engagement_invitation')
      .select(['participant_id', eb => eb.fn.countAll<string | number>().as('n')])
      .where('participant_id', 'in', unique.slice(i, i + BATCH))
      .where('created_at', '>=', since)
      .where('status', '!=', 'failed')
      .groupBy('participant_id')
      .execute()
    for (const r of rows) out.set(r.participant_id, Number(r.n))
  }
  return out
}

/** The participants already invited (not failed) to this activity: to the session given, or to the whole activity. */
export async function findInvitedParticipantIds(db: Db, activityId: string, sessionId: string | null): Promise<Set<string>> {
  let q = t(db).selectFrom('engagement_invitation').select('participant_id').where('activity_id', '=', activityId).where('status', '!=', 'failed')
  q = sessionId === null ? q.where('session_id', 'is', null) : q.where('session_id', '=', sessionId)
  return new Set((await q.execute()).map(r => r.participant_id))
}

export async function updateInvitation(db: Db, id: string, changes: Updateable<EngagementInvitationTable>): Promise<void> {
  await t(db).updateTable('engagement_invitation').set(changes).where('id', '=', id).execute()
}
