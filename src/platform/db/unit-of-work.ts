import { requestAuditSeal, writeAuditEvents, type AuditEventInput } from '../audit/audit.ts'
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

export interface TransactionOptions {
  /**
   * 'draft': the change is a draft the person can simply make again (a survey answer saved page by page), so the
   * commit need not wait for the disk (see relaxCommitDurability), nor the command for its audit events to be sealed
   * into the chain (they are, moments later, with everyone else's). Everything else, including sending the answers,
   * is committed durably and returns with its events sealed.
   */
  durability?: 'full' | 'draft'
}

/**
 * Run a command in ONE transaction: its changes and its audit events commit together or not at all. A command that
 * fails records nothing.
 *
 * The events are written, in the order the command recorded them, as pending events in that transaction, without
 * the audit chain's lock. After the commit they are sealed into the hash chain (`requestAuditSeal`: one seal at a
 * time takes the lock for a moment and seals every writer's pending events at once), so a command returns with its
 * events already in the chain. Holding the chain's lock until each command's commit made every audited write wait
 * for the one before it (bench/survey on PostgreSQL). If sealing fails after the commit, the change stands and its
 * events stay pending until the next seal (the `platform.audit_sealed` job, or the next command); docs/adr/0007.
 */
export async function inTransaction<T>(
  deps: Pick<AppDeps, 'db' | 'dialect' | 'clock'> & { logger?: Pick<AppDeps['logger'], 'error'> },
  actor: Actor,
  work: (uow: UnitOfWork) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  let written = 0
  const result = await deps.db.transaction().execute(async trx => {
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
    await writeAuditEvents(trx, { actor, clock: deps.clock, dialect: deps.dialect }, pending)
    written = pending.length
    return result
  })
  if (written > 0) {
    const seal = requestAuditSeal(deps).catch((err: unknown) => {
      // The change is committed and its events are safe, pending; the next seal takes them.
      deps.logger?.error({ err }, 'sealing audit events failed; they stay pending until the next seal')
      return 0
    })
    // A draft (a page of answers) does not wait for its events to be sealed: a seal moments later takes them with
    // everyone else's. Everything else returns with its events in the chain.
    if (options.durability !== 'draft') await seal
  }
  return result
}
