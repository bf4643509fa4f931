import type { Selectable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { JobLeaseTable, JobRunTable } from './jobs.table.ts'

// A type alias, not an interface: withTables needs an index-signature-compatible type.
type JobTables = {
  job_lease: JobLeaseTable
  job_run: JobRunTable
}
export type JobRunRow = Selectable<JobRunTable>
export type JobLeaseRow = Selectable<JobLeaseTable>

const t = (db: Db) => db.withTables<JobTables>()

/**
 * Take the lease on a job if nobody holds it (or their lease ran out). Works the same on SQLite and PostgreSQL:
 * the conditional UPDATE is atomic, so of several app instances exactly one wins.
 */
export async function tryAcquireLease(db: Db, name: string, holder: string, now: string, until: string): Promise<boolean> {
  await t(db).insertInto('job_lease').values({ name, locked_until: null, locked_by: null, last_started_at: null, last_finished_at: null, last_status: null }).onConflict(oc => oc.column('name').doNothing()).execute()
  const r = await t(db)
    .updateTable('job_lease')
    .set({ locked_until: until, locked_by: holder, last_started_at: now })
    .where('name', '=', name)
    .where(eb => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function releaseLease(db: Db, name: string, holder: string, finishedAt: string, status: string): Promise<void> {
  await t(db)
    .updateTable('job_lease')
    .set({ locked_until: null, locked_by: null, last_finished_at: finishedAt, last_status: status })
    .where('name', '=', name)
    .where('locked_by', '=', holder)
    .execute()
}

export function findLease(db: Db, name: string): Promise<JobLeaseRow | undefined> {
  return t(db).selectFrom('job_lease').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function insertJobRun(db: Db, row: JobRunRow): Promise<void> {
  await t(db).insertInto('job_run').values(row).execute()
}

export async function finishJobRun(db: Db, id: string, changes: Pick<JobRunRow, 'finished_at' | 'status' | 'report' | 'error'>): Promise<void> {
  await t(db).updateTable('job_run').set(changes).where('id', '=', id).execute()
}

export function listJobRuns(db: Db, name: string | undefined, limit: number): Promise<JobRunRow[]> {
  let q = t(db).selectFrom('job_run').selectAll()
  if (name) q = q.where('name', '=', name)
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}
