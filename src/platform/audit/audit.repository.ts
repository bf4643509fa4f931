import { sql, type Selectable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { AuditEventPendingTable, AuditEventTable } from './audit-event.table.ts'

export type AuditEventRow = Selectable<AuditEventTable>
export type PendingAuditEventRow = Omit<Selectable<AuditEventPendingTable>, 'pending_seq'>

export async function findLastAuditEvent(db: Db): Promise<AuditEventRow | undefined> {
  return db.selectFrom('audit_event').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst()
}

/** Chunks small enough for either database's limit on bound parameters (12 columns a row). */
const INSERT_CHUNK = 500

export async function insertAuditEvents(db: Db, rows: readonly AuditEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('audit_event').values(rows.slice(i, i + INSERT_CHUNK)).execute()
}

export async function insertPendingAuditEvents(db: Db, rows: readonly PendingAuditEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('audit_event_pending').values(rows.slice(i, i + INSERT_CHUNK)).execute()
}

/** The oldest events waiting to be sealed, in the order they were written. */
export async function readPendingAuditEvents(db: Db, limit: number): Promise<PendingAuditEventRow[]> {
  return db
    .selectFrom('audit_event_pending')
    .select(['id', 'occurred_at', 'actor_user_id', 'actor_role', 'action', 'subject_type', 'subject_id', 'summary', 'request_id'])
    .orderBy('pending_seq', 'asc')
    .limit(limit)
    .execute()
}

export async function deletePendingAuditEvents(db: Db, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) await db.deleteFrom('audit_event_pending').where('id', 'in', ids.slice(i, i + INSERT_CHUNK)).execute()
}

export async function summarisePendingAuditEvents(db: Db): Promise<{ count: number; oldestAt: string | null }> {
  const row = await db
    .selectFrom('audit_event_pending')
    .select(eb => [eb.fn.countAll<number>().as('n'), eb.fn.min('occurred_at').as('oldest')])
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldestAt: (row.oldest as string | null) ?? null }
}

/** Read the chain in order, a page at a time, from a sequence number onwards. */
export async function readAuditEventsFrom(db: Db, fromSeq: number, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_event').selectAll().where('seq', '>=', fromSeq).orderBy('seq', 'asc').limit(limit).execute()
}

export interface AuditFilter {
  action?: string
  actorUserId?: string
  actorRole?: string
  subjectType?: string
  subjectId?: string
  from?: string
  to?: string
}

function applyFilter(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_event')
  // Actions that start with the text given. LIKE's wildcards are escaped, not removed: action names contain "_".
  if (f.action) q = q.where(sql<boolean>`action like ${`${f.action.replace(/[\\%_]/g, c => `\\${c}`)}%`} escape '\\'`)
  if (f.actorUserId) q = q.where('actor_user_id', '=', f.actorUserId)
  if (f.actorRole) q = q.where('actor_role', '=', f.actorRole)
  if (f.subjectType) q = q.where('subject_type', '=', f.subjectType)
  if (f.subjectId) q = q.where('subject_id', '=', f.subjectId)
  if (f.from) q = q.where('occurred_at', '>=', f.from)
  if (f.to) q = q.where('occurred_at', '<', f.to)
  return q
}

export async function searchAuditEvents(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditEventRow[]; total: number }> {
  const rows = await applyFilter(db, filter).selectAll().orderBy('seq', 'desc').limit(page.limit).offset(page.offset).execute()
  const count = await applyFilter(db, filter).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return { rows, total: Number(count.n) }
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_event').select('action').distinct().orderBy('action').execute()
  return rows.map(r => r.action)
}

export function findAuditEventRowById(db: Db, id: string): Promise<AuditEventRow | undefined> {
  return db.selectFrom('audit_event').selectAll().where('id', '=', id).executeTakeFirst()
}
