import { sql, type Selectable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { AuditEventTable } from './audit-event.table.ts'

export type AuditEventRow = Selectable<AuditEventTable>

export async function findLastAuditEvent(db: Db): Promise<AuditEventRow | undefined> {
  return db.selectFrom('audit_event').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst()
}

export async function insertAuditEvent(db: Db, row: AuditEventRow): Promise<void> {
  await db.insertInto('audit_event').values(row).execute()
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
