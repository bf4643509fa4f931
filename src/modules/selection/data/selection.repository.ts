import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { RunStatus, SelectionCoreGroupMemberTable, SelectionRunTable, SelectionTables } from './selection.table.ts'

export type RunRow = Selectable<SelectionRunTable>
export type MemberRow = Selectable<SelectionCoreGroupMemberTable>
/** A run without its large JSON columns, for lists. */
export type RunSummaryRow = Omit<RunRow, 'instance_json' | 'pool_json' | 'record_json'>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof SelectionTables]: SelectionTables[K] }
const t = (db: Db) => db.withTables<Tables>()

const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'title',
  'status',
  'panel_size',
  'algorithm',
  'panels',
  'settings_json',
  'quotas_json',
  'parent_run_id',
  'leaving_json',
  'pool_size',
  'input_hash',
  'progress_json',
  'heartbeat_at',
  'started_at',
  'finished_at',
  'error',
  'relaxation_json',
  'method',
  'minimum_probability',
  'at_minimum',
  'excluded_count',
  'lottery_hash',
  'seed',
  'draw_index',
  'witnesses',
  'alternates_json',
  'discard_reason',
  'drawn_at',
  'drawn_by_user_id',
  'confirmed_at',
  'confirmed_by_user_id',
  'starts_on',
  'created_by_user_id',
  'created_at',
  'updated_at',
] as const

// ---- runs ----

export async function insertRun(db: Db, row: Insertable<SelectionRunTable>): Promise<void> {
  await t(db).insertInto('selection_run').values(row).execute()
}

export function findRun(db: Db, id: string): Promise<RunRow | undefined> {
  return t(db).selectFrom('selection_run').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findRunSummary(db: Db, id: string): Promise<RunSummaryRow | undefined> {
  return t(db).selectFrom('selection_run').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export function listRunSummaries(db: Db, limit: number): Promise<RunSummaryRow[]> {
  return t(db).selectFrom('selection_run').select(SUMMARY_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

export async function updateRun(db: Db, id: string, changes: Updateable<SelectionRunTable>): Promise<void> {
  await t(db).updateTable('selection_run').set(changes).where('id', '=', id).execute()
}

/**
 * Change a run only if it is still in one of `from` (a compare-and-set, so two people pressing the same button,
 * or a computation finishing after someone discarded the run, cannot both win). True if it changed.
 */
export async function updateRunIfStatus(db: Db, id: string, from: readonly RunStatus[], changes: Updateable<SelectionRunTable>): Promise<boolean> {
  const result = await t(db).updateTable('selection_run').set(changes).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Runs marked as computing whose heartbeat is older than `before` (their computation has died). */
export function findStaleComputations(db: Db, before: string): Promise<Pick<RunRow, 'id' | 'heartbeat_at'>[]> {
  return t(db)
    .selectFrom('selection_run')
    .select(['id', 'heartbeat_at'])
    .where('status', '=', 'computing')
    .where(eb => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', before)]))
    .execute()
}

// ---- Core Group membership ----

export async function insertMembers(db: Db, rows: Insertable<SelectionCoreGroupMemberTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await t(db).insertInto('selection_core_group_member').values(rows.slice(i, i + 200)).execute()
}

export function findMember(db: Db, id: string): Promise<MemberRow | undefined> {
  return t(db).selectFrom('selection_core_group_member').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Every membership, current first, then by joining date and pseudonym. */
export function listMembers(db: Db): Promise<MemberRow[]> {
  return t(db).selectFrom('selection_core_group_member').selectAll().orderBy('joined_on').orderBy('pseudonym').execute()
}

export function findCurrentMembers(db: Db): Promise<MemberRow[]> {
  return t(db).selectFrom('selection_core_group_member').selectAll().where('left_on', 'is', null).orderBy('pseudonym').execute()
}

export function findCurrentMembershipsOf(db: Db, participantId: string): Promise<MemberRow[]> {
  return t(db).selectFrom('selection_core_group_member').selectAll().where('participant_id', '=', participantId).where('left_on', 'is', null).execute()
}

export async function countCurrentMembers(db: Db): Promise<number> {
  const row = await t(db).selectFrom('selection_core_group_member').select(eb => eb.fn.countAll<number | string>().as('n')).where('left_on', 'is', null).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function updateMember(db: Db, id: string, changes: Updateable<SelectionCoreGroupMemberTable>): Promise<void> {
  await t(db).updateTable('selection_core_group_member').set(changes).where('id', '=', id).execute()
}

export async function markReplaced(db: Db, memberIds: readonly string[], runId: string, now: string): Promise<void> {
  if (memberIds.length === 0) return
  await t(db).updateTable('selection_core_group_member').set({ replaced_by_run_id: runId, updated_at: now }).where('id', 'in', [...memberIds]).execute()
}
