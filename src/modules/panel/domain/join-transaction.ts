import type { Trx } from '../../../platform/db/database.ts'
import type { AppDeps } from '../../../platform/deps.ts'

/**
 * Run commands that each open their own transaction (registerParticipant, createActiveUser, our own) as ONE
 * transaction, so that joining the panel (the record, the consents, the account, the link between them) happens
 * completely or not at all.
 *
 * The work gets dependencies whose database is the open transaction, and whose `transaction().execute(fn)` runs `fn`
 * in that same transaction instead of opening another: Kysely cannot nest transactions, and on SQLite a second one
 * would wait for the first for ever. Nothing else changes: queries, audit events and their hash chain all go through
 * the one transaction, which commits when `work` returns and rolls back if it throws.
 */
export async function inOneTransaction<T>(deps: AppDeps, work: (txDeps: AppDeps) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(trx => work({ ...deps, db: sharing(trx) }))
}

function sharing(trx: Trx): Trx {
  const reuse = { execute: <R>(fn: (t: Trx) => Promise<R>) => fn(trx) }
  return new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => reuse
      const value = Reflect.get(target, prop, target) as unknown
      // Kysely's classes keep their state in private fields: call their methods on the real object.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
