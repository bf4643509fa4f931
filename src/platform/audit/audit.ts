import { createHash } from 'node:crypto'
import type { Actor } from '../auth/actor.ts'
import type { Clock } from '../clock.ts'
import { advisoryLock, type Db, type Dialect, type Trx } from '../db/database.ts'
import { newId } from '../ids.ts'
import {
  findLastAuditEvent,
  insertAuditEvent,
  readAuditEventsFrom,
  searchAuditEvents,
  listAuditActions,
  findAuditEventRowById,
  type AuditEventRow,
  type AuditFilter,
} from './audit.repository.ts'

export const GENESIS_HASH = '0'.repeat(64)
const AUDIT_LOCK_KEY = 727_001

export interface AuditEventInput {
  /** `<module>.<past_tense_verb>`, e.g. `accounts.user_invited`. */
  action: string
  subjectType?: string
  subjectId?: string
  /** Before/after summary. Never put identity data (names, contact details) here. */
  summary?: Record<string, unknown>
}

export interface AuditContext {
  actor: Actor
  clock: Clock
  dialect: Dialect
}

/** The fields that are hashed, in a fixed order. Changing this breaks every existing chain. */
function hashOf(row: Omit<AuditEventRow, 'hash'>): string {
  const material = JSON.stringify([
    row.seq,
    row.id,
    row.occurred_at,
    row.actor_user_id,
    row.actor_role,
    row.action,
    row.subject_type,
    row.subject_id,
    row.summary,
    row.request_id,
    row.prev_hash,
  ])
  return createHash('sha256').update(material).digest('hex')
}

/**
 * Append one event to the hash chain. Call it with the SAME transaction as the change it records,
 * so the change and its audit event commit or fail together.
 */
export async function recordAuditEvent(trx: Trx, ctx: AuditContext, event: AuditEventInput): Promise<AuditEventRow> {
  await advisoryLock(trx, ctx.dialect, AUDIT_LOCK_KEY)
  const last = await findLastAuditEvent(trx)
  const base = {
    seq: (last?.seq ?? 0) + 1,
    id: newId(ctx.clock.now().getTime()),
    occurred_at: ctx.clock.now().toISOString(),
    actor_user_id: ctx.actor.userId,
    actor_role: ctx.actor.role,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    summary: JSON.stringify(event.summary ?? {}),
    request_id: ctx.actor.requestId ?? null,
    prev_hash: last?.hash ?? GENESIS_HASH,
  }
  const row: AuditEventRow = { ...base, hash: hashOf(base) }
  await insertAuditEvent(trx, row)
  return row
}

export interface ChainVerification {
  ok: boolean
  checked: number
  /** The first broken link, if any. */
  brokenAt?: { seq: number; id: string; reason: string }
}

/** Recompute the whole chain, in pages, and report the first broken link. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainVerification> {
  let expectedPrev = GENESIS_HASH
  let expectedSeq = 1
  let checked = 0
  for (;;) {
    const rows = await readAuditEventsFrom(db, expectedSeq, pageSize)
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, brokenAt: { seq: expectedSeq, id: row.id, reason: `event ${expectedSeq} is missing (next found is ${row.seq})` } }
      }
      if (row.prev_hash !== expectedPrev) {
        return { ok: false, checked, brokenAt: { seq: row.seq, id: row.id, reason: 'previous-hash does not match the event before it' } }
      }
      const { hash, ...rest } = row
      if (hashOf(rest) !== hash) {
        return { ok: false, checked, brokenAt: { seq: row.seq, id: row.id, reason: 'contents do not match the stored hash (the event was altered)' } }
      }
      expectedPrev = hash
      expectedSeq += 1
      checked += 1
    }
    if (rows.length < pageSize) return { ok: true, checked }
  }
}

export interface AuditEventView {
  seq: number
  id: string
  occurredAt: string
  actorUserId: string | null
  actorRole: string
  action: string
  subjectType: string | null
  subjectId: string | null
  summary: Record<string, unknown>
  requestId: string | null
  hash: string
}

function toView(r: AuditEventRow): AuditEventView {
  let summary: Record<string, unknown>
  try {
    summary = JSON.parse(r.summary) as Record<string, unknown>
  } catch {
    summary = { unreadable: r.summary }
  }
  return {
    seq: r.seq,
    id: r.id,
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    summary,
    requestId: r.request_id,
    hash: r.hash,
  }
}

export async function findAuditEvents(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ events: AuditEventView[]; total: number }> {
  const { rows, total } = await searchAuditEvents(db, filter, page)
  return { events: rows.map(toView), total }
}

export async function findAuditEventById(db: Db, id: string): Promise<AuditEventView | undefined> {
  const row = await findAuditEventRowById(db, id)
  return row ? toView(row) : undefined
}

export { listAuditActions, type AuditFilter }
