// The SQL of "you said, we did" updates and who they were sent to.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { EngagementUpdateRecipientTable, EngagementUpdateTable, UpdateStatus, UpdateTables } from './updates.table.ts'

export type UpdateRow = Selectable<EngagementUpdateTable>
export type UpdateRecipientRow = Selectable<EngagementUpdateRecipientTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof UpdateTables]: UpdateTables[K] }
const t = (db: Db) => db.withTables<Tables>()

/** Ids are looked up in batches of this many (a bound on the size of one query's IN list). */
const BATCH = 500

export async function insertUpdate(db: Db, row: Insertable<EngagementUpdateTable>): Promise<void> {
  await t(db).insertInto('engagement_update').values(row).execute()
}

export async function updateUpdate(db: Db, id: string, changes: Updateable<EngagementUpdateTable>): Promise<void> {
  await t(db).updateTable('engagement_update').set(changes).where('id', '=', id).execute()
}

export function findUpdate(db: Db, id: string): Promise<UpdateRow | undefined> {
  return t(db).selectFrom('engagement_update').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Updates with any of these statuses, the most recently changed first. */
export function listUpdates(db: Db, statuses: readonly UpdateStatus[]): Promise<UpdateRow[]> {
  return t(db).selectFrom('engagement_update').selectAll().where('status', 'in', [...statuses]).orderBy('updated_at', 'desc').orderBy('id', 'desc').execute()
}

export async function insertRecipients(db: Db, rows: readonly Insertable<EngagementUpdateRecipientTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await t(db).insertInto('engagement_update_recipient').values(rows.slice(i, i + 100)).execute()
}

export async function updateRecipient(db: Db, id: string, changes: Updateable<EngagementUpdateRecipientTable>): Promise<void> {
  await t(db).updateTable('engagement_update_recipient').set(changes).where('id', '=', id).execute()
}

export function findRecipient(db: Db, id: string): Promise<UpdateRecipientRow | undefined> {
  return t(db).selectFrom('engagement_update_recipient').selectAll().where('id', '=', id).executeTakeFirst()
}

/** An update's recipients, by pseudonym. */
export function listRecipientsOf(db: Db, updateId: string): Promise<UpdateRecipientRow[]> {
  return t(db).selectFrom('engagement_update_recipient').selectAll().where('update_id', '=', updateId).orderBy('pseudonym').orderBy('id').execute()
}

/** How many updates (failed ones not counted) each of these participants was sent at or after `since`: they count as contacts. */
export async function countUpdatesSince(db: Db, participantIds: readonly string[], since: string): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  const unique = [...new Set(participantIds)]
  for (let i = 0; i < unique.length; i += BATCH) {
    const rows = await t(db)
      .selectFrom('engagement_update_recipient')
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
