import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { ActivityTables } from './activity.table.ts'
import type { AccommodationStatus, ArrangementTables, AttendanceStatus, EngagementAccommodationTable, EngagementAttendanceTable, EngagementExpenseTable, ExpenseStatus } from './arrangements.table.ts'

export type AttendanceRow = Selectable<EngagementAttendanceTable>
export type AccommodationRow = Selectable<EngagementAccommodationTable>
export type ExpenseRow = Selectable<EngagementExpenseTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof (ArrangementTables & ActivityTables)]: (ArrangementTables & ActivityTables)[K] }
const t = (db: Db) => db.withTables<Tables>()

// ---- attendance ----

export async function insertAttendance(db: Db, row: Insertable<EngagementAttendanceTable>): Promise<void> {
  await t(db).insertInto('engagement_attendance').values(row).execute()
}

export function findAttendance(db: Db, id: string): Promise<AttendanceRow | undefined> {
  return t(db).selectFrom('engagement_attendance').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The session's records for these participants. */
export function findAttendanceOf(db: Db, sessionId: string, participantIds: readonly string[]): Promise<AttendanceRow[]> {
  if (participantIds.length === 0) return Promise.resolve([])
  return t(db).selectFrom('engagement_attendance').selectAll().where('session_id', '=', sessionId).where('participant_id', 'in', [...participantIds]).execute()
}

export function listAttendance(db: Db, sessionId: string): Promise<AttendanceRow[]> {
  return t(db).selectFrom('engagement_attendance').selectAll().where('session_id', '=', sessionId).orderBy('created_at').orderBy('id').execute()
}

export async function updateAttendance(db: Db, id: string, changes: Updateable<EngagementAttendanceTable>): Promise<void> {
  await t(db).updateTable('engagement_attendance').set(changes).where('id', '=', id).execute()
}

export async function deleteAttendance(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('engagement_attendance').where('id', '=', id).execute()
}

/** When the session of this participant's latest record with one of `statuses` started, or null if none. */
export async function latestAttendanceStart(db: Db, participantId: string, statuses: readonly AttendanceStatus[]): Promise<string | null> {
  const r = await t(db)
    .selectFrom('engagement_attendance as a')
    .innerJoin('engagement_session as s', 's.id', 'a.session_id')
    .select(eb => eb.fn.max('s.starts_at').as('latest'))
    .where('a.participant_id', '=', participantId)
    .where('a.status', 'in', [...statuses])
    .executeTakeFirst()
  return r?.latest ?? null
}

// ---- accommodations ----

export async function insertAccommodation(db: Db, row: Insertable<EngagementAccommodationTable>): Promise<void> {
  await t(db).insertInto('engagement_accommodation').values(row).execute()
}

export function findAccommodation(db: Db, id: string): Promise<AccommodationRow | undefined> {
  return t(db).selectFrom('engagement_accommodation').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listAccommodations(db: Db, sessionId: string): Promise<AccommodationRow[]> {
  return t(db).selectFrom('engagement_accommodation').selectAll().where('session_id', '=', sessionId).orderBy('created_at').orderBy('id').execute()
}

export async function updateAccommodation(db: Db, id: string, changes: Updateable<EngagementAccommodationTable>): Promise<void> {
  await t(db).updateTable('engagement_accommodation').set(changes).where('id', '=', id).execute()
}

export async function deleteAccommodation(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('engagement_accommodation').where('id', '=', id).execute()
}

export type OpenAccommodationRow = AccommodationRow & { starts_at: string; ends_at: string; location: string | null; mode: string; activity_id: string; activity_title: string }

/** Accommodations with one of these statuses for sessions that go ahead and end at or after `from`, soonest first. */
export function listAccommodationsToArrange(db: Db, from: string, statuses: readonly AccommodationStatus[]): Promise<OpenAccommodationRow[]> {
  return t(db)
    .selectFrom('engagement_accommodation as a')
    .innerJoin('engagement_session as s', 's.id', 'a.session_id')
    .innerJoin('engagement_activity as act', 'act.id', 's.activity_id')
    .selectAll('a')
    .select(['s.starts_at', 's.ends_at', 's.location', 's.mode', 's.activity_id', 'act.title as activity_title'])
    .where('a.status', 'in', [...statuses])
    .where('s.status', '=', 'scheduled')
    .where('s.ends_at', '>=', from)
    .orderBy('s.starts_at')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute()
}

// ---- expenses ----

export async function insertExpense(db: Db, row: Insertable<EngagementExpenseTable>): Promise<void> {
  await t(db).insertInto('engagement_expense').values(row).execute()
}

export function findExpense(db: Db, id: string): Promise<ExpenseRow | undefined> {
  return t(db).selectFrom('engagement_expense').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listExpenses(db: Db, sessionId: string): Promise<ExpenseRow[]> {
  return t(db).selectFrom('engagement_expense').selectAll().where('session_id', '=', sessionId).orderBy('created_at').orderBy('id').execute()
}

export function listExpensesByStatus(db: Db, status: ExpenseStatus): Promise<ExpenseRow[]> {
  return t(db).selectFrom('engagement_expense').selectAll().where('status', '=', status).orderBy('created_at').orderBy('id').execute()
}

export function listExpensesInBatch(db: Db, batchId: string): Promise<ExpenseRow[]> {
  return t(db).selectFrom('engagement_expense').selectAll().where('payment_batch_id', '=', batchId).orderBy('created_at').orderBy('id').execute()
}

export async function updateExpense(db: Db, id: string, changes: Updateable<EngagementExpenseTable>): Promise<void> {
  await t(db).updateTable('engagement_expense').set(changes).where('id', '=', id).execute()
}

/** Only if it still has the status expected (so two people deciding at once cannot both win). Returns whether it did. */
export async function updateExpenseIfStatus(db: Db, id: string, expected: ExpenseStatus, changes: Updateable<EngagementExpenseTable>): Promise<boolean> {
  const r = await t(db).updateTable('engagement_expense').set(changes).where('id', '=', id).where('status', '=', expected).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Mark every approved claim among `ids` paid in this batch; returns how many. */
export async function markExpensesPaid(db: Db, ids: readonly string[], batchId: string, now: string): Promise<number> {
  if (ids.length === 0) return 0
  const r = await t(db)
    .updateTable('engagement_expense')
    .set({ status: 'paid', payment_batch_id: batchId, paid_at: now, updated_at: now })
    .where('id', 'in', [...ids])
    .where('status', '=', 'approved')
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
