import { createHash } from 'node:crypto'
import type { Actor } from '../auth/actor.ts'
import type { Clock } from '../clock.ts'
import { advisoryLock, relaxCommitDurability, type Db, type Dialect, type Trx } from '../db/database.ts'
import { newId } from '../ids.ts'
import {
  deletePendingAuditEvents,
  findLastAuditEvent,
  insertAuditEvents,
  insertPendingAuditEvents,
  readAuditEventsFrom,
  readPendingAuditEvents,
  summarisePendingAuditEvents,
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
 * Write events with the change they record: call it with the SAME transaction, so the change and its events commit
 * or fail together. The events are written as pending, without the chain's lock, so concurrent writers never wait
 * for one another here; `sealAuditEvents` links them into the chain a moment later (docs/adr/0007).
 */
export async function writeAuditEvents(trx: Trx, ctx: AuditContext, events: readonly AuditEventInput[]): Promise<void> {
  if (events.length === 0) return
  const at = ctx.clock.now()
  await insertPendingAuditEvents(
    trx,
    events.map(event => ({
      id: newId(at.getTime()),
      occurred_at: at.toISOString(),
      actor_user_id: ctx.actor.userId,
      actor_role: ctx.actor.role,
      action: event.action,
      subject_type: event.subjectType ?? null,
      subject_id: event.subjectId ?? null,
      summary: JSON.stringify(event.summary ?? {}),
      request_id: ctx.actor.requestId ?? null,
    })),
  )
}

const SEAL_BATCH = 1000

/**
 * Move every committed pending event into the hash chain, in the order they were written, each linked to the one
 * before it. One sealer at a time: it takes the chain's lock (an advisory lock on PostgreSQL; SQLite has a single
 * writer), so the chain never forks, and the unique `seq` would turn any race into a failed seal, never a fork.
 * Sealing and removing the pending rows happen in one transaction: an event is pending or sealed, never both or
 * neither. Returns how many events it sealed.
 */
export async function sealAuditEvents(deps: { db: Db; dialect: Dialect }): Promise<number> {
  let sealed = 0
  for (;;) {
    const n = await deps.db.transaction().execute(async trx => {
      // A seal lost in a crash of the database server leaves its events pending, exactly as they were (the insert
      // into the chain and the removal from pending are one transaction), and the next seal takes them again: so it
      // need not wait for the disk.
      await relaxCommitDurability(trx, deps.dialect)
      await advisoryLock(trx, deps.dialect, AUDIT_LOCK_KEY)
      const pending = await readPendingAuditEvents(trx, SEAL_BATCH)
      if (pending.length === 0) return 0
      const last = await findLastAuditEvent(trx)
      let seq = last?.seq ?? 0
      let prev = last?.hash ?? GENESIS_HASH
      const rows = pending.map(p => {
        seq += 1
        const base = { seq, ...p, prev_hash: prev }
        const row: AuditEventRow = { ...base, hash: hashOf(base) }
        prev = row.hash
        return row
      })
      await insertAuditEvents(trx, rows)
      await deletePendingAuditEvents(
        trx,
        pending.map(p => p.id),
      )
      return pending.length
    })
    sealed += n
    if (n < SEAL_BATCH) return sealed
  }
}


export interface ChainVerification {
  ok: boolean
  checked: number
  /** The first broken link, if any. */
  brokenAt?: { seq: number; id: string; reason: string }
  /** Events written but not yet sealed into the chain, so not yet checked (see findPendingAuditEvents). */
  pending: { count: number; oldestAt: string | null }
}

/**
 * One seal at a time per database handle in this process, and never more than one waiting. A command that has just
 * committed asks for a seal that STARTS after its commit: if one is running, it waits for the next, which takes the
 * events of everyone who asked meanwhile. Without this, under load every finished command waited for the chain's
 * lock holding a database connection, and those connections were then missing for everything else (bench/survey).
 * Instances still take turns through the lock in `sealAuditEvents`.
 */
class SealQueue {
  private running: Promise<number> | null = null
  private queued: Promise<number> | null = null
  private readonly seal: () => Promise<number>
  constructor(seal: () => Promise<number>) {
    this.seal = seal
  }

  request(): Promise<number> {
    if (!this.running) return this.start()
    this.queued ??= this.running
      .catch(() => 0)
      .then(() => {
        this.queued = null
        return this.start()
      })
    return this.queued
  }

  private start(): Promise<number> {
    const run: Promise<number> = this.seal().finally(() => {
      if (this.running === run) this.running = null
    })
    this.running = run
    return run
  }
}

const sealQueues = new WeakMap<Db, SealQueue>()

/** Seal pending events, sharing a seal with others who asked at the same time (see SealQueue). */
export function requestAuditSeal(deps: { db: Db; dialect: Dialect }): Promise<number> {
  let queue = sealQueues.get(deps.db)
  if (!queue) {
    queue = new SealQueue(() => sealAuditEvents(deps))
    sealQueues.set(deps.db, queue)
  }
  return queue.request()
}

/** Pending events older than this mean the sealer is not running. */
export const STALE_PENDING_MS = 10 * 60_000

export function pendingIsStale(pending: ChainVerification['pending'], now: Date): boolean {
  return pending.oldestAt !== null && now.getTime() - new Date(pending.oldestAt).getTime() > STALE_PENDING_MS
}

/** Recompute the whole chain, in pages, and report the first broken link. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainVerification> {
  const pending = await summarisePendingAuditEvents(db)
  let expectedPrev = GENESIS_HASH
  let expectedSeq = 1
  let checked = 0
  for (;;) {
    const rows = await readAuditEventsFrom(db, expectedSeq, pageSize)
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, pending, brokenAt: { seq: expectedSeq, id: row.id, reason: `event ${expectedSeq} is missing (next found is ${row.seq})` } }
      }
      if (row.prev_hash !== expectedPrev) {
        return { ok: false, checked, pending, brokenAt: { seq: row.seq, id: row.id, reason: 'previous-hash does not match the event before it' } }
      }
      const { hash, ...rest } = row
      if (hashOf(rest) !== hash) {
        return { ok: false, checked, pending, brokenAt: { seq: row.seq, id: row.id, reason: 'contents do not match the stored hash (the event was altered)' } }
      }
      expectedPrev = hash
      expectedSeq += 1
      checked += 1
    }
    if (rows.length < pageSize) return { ok: true, checked, pending }
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
