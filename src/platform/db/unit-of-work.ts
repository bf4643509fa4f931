import { recordAuditEvent, type AuditEventInput } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import type { AppDeps } from '../deps.ts'
import { relaxCommitDurability, type Trx } from './database.ts'

export interface UnitOfWork {
  readonly trx: Trx
  readonly actor: Actor
  readonly now: Date
  /** Record an audit event in this same transaction. */
  audit(event: AuditEventInput): Promise<void>
}

/**
 * Run a command in ONE transaction: its changes and its audit events commit together or not at all.
 *
 * Audit events are appended to the hash chain at the END of the transaction, just before it commits, in the order
 * the command recorded them. The chain is a single line, so appending takes its lock (an advisory lock on
 * PostgreSQL) until the commit: taking it last keeps that time as short as possible, instead of holding it while
 * the rest of the command runs (under load, busy commands queued behind one another for the lock; bench/survey).
 * A command that fails records nothing.
 */
export interface TransactionOptions {
  /**
   * 'draft': the change is a draft the person can simply make again (a survey answer saved page by page), so the
   * commit need not wait for the disk (see relaxCommitDurability). Everything else, including sending the answers,
   * is committed durably.
   */
  durability?: 'full' | 'draft'
}

export async function inTransaction<T>(
  deps: Pick<AppDeps, 'db' | 'dialect' | 'clock'>,
  actor: Actor,
  work: (uow: UnitOfWork) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return deps.db.transaction().execute(async trx => {
    if (options.durability === 'draft') await relaxCommitDurability(trx, deps.dialect)
    const pending: AuditEventInput[] = []
    const uow: UnitOfWork = {
      trx,
      actor,
      now: deps.clock.now(),
      audit: async event => {
        pending.push(event)
      },
    }
    const result = await work(uow)
    const ctx = { actor, clock: deps.clock, dialect: deps.dialect }
    for (const event of pending) await recordAuditEvent(trx, ctx, event)
    return result
  })
}
