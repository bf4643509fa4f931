import { recordAuditEvent, type AuditEventInput } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import type { AppDeps } from '../deps.ts'
import type { Trx } from './database.ts'

export interface UnitOfWork {
  readonly trx: Trx
  readonly actor: Actor
  readonly now: Date
  /** Record an audit event in this same transaction. */
  audit(event: AuditEventInput): Promise<void>
}

/**
 * Run a command in ONE transaction: its changes and its audit events commit together or not at all.
 */
export async function inTransaction<T>(
  deps: Pick<AppDeps, 'db' | 'dialect' | 'clock'>,
  actor: Actor,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  return deps.db.transaction().execute(async trx => {
    const uow: UnitOfWork = {
      trx,
      actor,
      now: deps.clock.now(),
      audit: async event => {
        await recordAuditEvent(trx, { actor, clock: deps.clock, dialect: deps.dialect }, event)
      },
    }
    return work(uow)
  })
}
