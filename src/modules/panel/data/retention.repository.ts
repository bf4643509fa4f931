import type { Selectable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { PanelParticipantTable } from './participant.table.ts'

/** The organisation's retention setting (one row, id 'default'; no row: the default period). */
export interface PanelRetentionPolicyTable {
  id: string
  inactive_months: number
  updated_at: string
  /** The account that last changed it (null: the system). */
  updated_by_user_id: string | null
}

// A type alias, not an interface: withTables needs an index-signature-compatible type.
type RetentionTables = {
  panel_retention_policy: PanelRetentionPolicyTable
  panel_participant: PanelParticipantTable
}
export type RetentionPolicyRow = Selectable<PanelRetentionPolicyTable>

/** A member past the retention period: research fields only. */
export interface InactiveParticipantRow {
  id: string
  pseudonym: string
  status: PanelParticipantTable['status']
  joined_at: string
  last_participated_at: string | null
}

const t = (db: Db) => db.withTables<RetentionTables>()

export const RETENTION_POLICY_ID = 'default'

export function findRetentionPolicy(db: Db): Promise<RetentionPolicyRow | undefined> {
  return t(db).selectFrom('panel_retention_policy').selectAll().where('id', '=', RETENTION_POLICY_ID).executeTakeFirst()
}

export async function saveRetentionPolicy(db: Db, row: Omit<RetentionPolicyRow, 'id'>): Promise<void> {
  await t(db)
    .insertInto('panel_retention_policy')
    .values({ id: RETENTION_POLICY_ID, ...row })
    .onConflict(oc => oc.column('id').doUpdateSet({ inactive_months: row.inactive_months, updated_at: row.updated_at, updated_by_user_id: row.updated_by_user_id }))
    .execute()
}

/**
 * Members not yet erased whose last activity is before `cutoff` (an ISO timestamp): the last time they took part,
 * or when they joined if they never have. Longest inactive first.
 */
function inactive(db: Db, cutoff: string) {
  return t(db)
    .selectFrom('panel_participant')
    .where('status', '!=', 'erased')
    .where(eb =>
      eb.or([
        eb.and([eb('last_participated_at', 'is not', null), eb('last_participated_at', '<', cutoff)]),
        eb.and([eb('last_participated_at', 'is', null), eb('joined_at', '<', cutoff)]),
      ]),
    )
}

export function findInactiveParticipants(db: Db, cutoff: string, limit: number): Promise<InactiveParticipantRow[]> {
  return inactive(db, cutoff)
    .select(['id', 'pseudonym', 'status', 'joined_at', 'last_participated_at'])
    .orderBy(eb => eb.fn.coalesce('last_participated_at', 'joined_at'))
    .orderBy('pseudonym')
    .limit(limit)
    .execute()
}

export async function countInactiveParticipants(db: Db, cutoff: string): Promise<number> {
  const r = await inactive(db, cutoff)
    .select(eb => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
