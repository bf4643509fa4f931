import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { ActivityKind, ActivityStatus, ActivityTables, EngagementActivityTable, EngagementRoundTable, EngagementSessionTable } from './activity.table.ts'

export type RoundRow = Selectable<EngagementRoundTable>
export type ActivityRow = Selectable<EngagementActivityTable>
export type SessionRow = Selectable<EngagementSessionTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof ActivityTables]: ActivityTables[K] }
const t = (db: Db) => db.withTables<Tables>()

// ---- rounds ----

export async function insertRound(db: Db, row: Insertable<EngagementRoundTable>): Promise<void> {
  await t(db).insertInto('engagement_round').values(row).execute()
}

export function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return t(db).selectFrom('engagement_round').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Rounds, latest first (by start date, then when set up). */
export function listRounds(db: Db): Promise<RoundRow[]> {
  return t(db).selectFrom('engagement_round').selectAll().orderBy('starts_on', 'desc').orderBy('created_at', 'desc').execute()
}

export async function updateRound(db: Db, id: string, changes: Updateable<EngagementRoundTable>): Promise<void> {
  await t(db).updateTable('engagement_round').set(changes).where('id', '=', id).execute()
}

// ---- activities ----

export async function insertActivity(db: Db, row: Insertable<EngagementActivityTable>): Promise<void> {
  await t(db).insertInto('engagement_activity').values(row).execute()
}

export function findActivity(db: Db, id: string): Promise<ActivityRow | undefined> {
  return t(db).selectFrom('engagement_activity').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface ActivityFilter {
  roundId?: string
  kind?: ActivityKind
  status?: ActivityStatus
}

export function listActivities(db: Db, filter: ActivityFilter = {}): Promise<ActivityRow[]> {
  let q = t(db).selectFrom('engagement_activity').selectAll()
  if (filter.roundId) q = q.where('round_id', '=', filter.roundId)
  if (filter.kind) q = q.where('kind', '=', filter.kind)
  if (filter.status) q = q.where('status', '=', filter.status)
  return q.orderBy('opens_on', 'desc').orderBy('created_at', 'desc').execute()
}

export async function updateActivity(db: Db, id: string, changes: Updateable<EngagementActivityTable>): Promise<void> {
  await t(db).updateTable('engagement_activity').set(changes).where('id', '=', id).execute()
}

// ---- sessions ----

export async function insertSession(db: Db, row: Insertable<EngagementSessionTable>): Promise<void> {
  await t(db).insertInto('engagement_session').values(row).execute()
}

export function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return t(db).selectFrom('engagement_session').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listSessions(db: Db, activityIds: readonly string[]): Promise<SessionRow[]> {
  if (activityIds.length === 0) return Promise.resolve([])
  return t(db).selectFrom('engagement_session').selectAll().where('activity_id', 'in', [...activityIds]).orderBy('starts_at').orderBy('id').execute()
}

export async function updateSession(db: Db, id: string, changes: Updateable<EngagementSessionTable>): Promise<void> {
  await t(db).updateTable('engagement_session').set(changes).where('id', '=', id).execute()
}
