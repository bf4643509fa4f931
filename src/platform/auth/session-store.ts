import type { SessionStore } from '@fastify/session'
import type { Session } from 'fastify'
import type { Clock } from '../clock.ts'
import { relaxCommitDurability, type Db, type Dialect } from '../db/database.ts'
import { deleteSession, findSession, upsertSession } from './user.repository.ts'

declare module 'fastify' {
  interface Session {
    userId?: string
    signedInAt?: string
    /** Where to go after signing in. */
    returnTo?: string
  }
}

/**
 * Sessions live in the database (both dialects), so any app instance can serve any request.
 * Expired rows are ignored on read and removed by the scheduled job `platform.sessions_pruned`.
 */
export class DatabaseSessionStore implements SessionStore {
  private readonly db: Db
  private readonly clock: Clock
  private readonly idleMinutes: number
  private readonly dialect: Dialect | undefined
  /** `dialect` 'postgres': session writes commit without waiting for the disk (see `set`). */
  constructor(db: Db, clock: Clock, idleMinutes: number, dialect?: Dialect) {
    this.db = db
    this.clock = clock
    this.idleMinutes = idleMinutes
    this.dialect = dialect
  }

  set(sessionId: string, session: Session, callback: (err?: unknown) => void): void {
    const now = this.clock.now()
    // The idle timeout is enforced here, on the server's clock, whatever the browser does with its cookie.
    const expires = new Date(now.getTime() + this.idleMinutes * 60_000)
    const row = {
      id: sessionId,
      user_id: session.userId ?? null,
      data: JSON.stringify(session),
      expires_at: expires.toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    }
    // A session row lost in a crash of the database server costs a sign-in, or an idle expiry a minute early: its
    // commit need not wait for the disk. Every member's first page writes one, so under load those waits added up
    // (bench/survey on PostgreSQL: the first request's p95 was 400 ms).
    const write =
      this.dialect === 'postgres'
        ? this.db.transaction().execute(async trx => {
            await relaxCommitDurability(trx, 'postgres')
            await upsertSession(trx, row)
          })
        : upsertSession(this.db, row)
    write.then(() => callback(), callback)
  }

  get(sessionId: string, callback: (err: unknown, result?: Session | null) => void): void {
    findSession(this.db, sessionId).then(row => {
      if (!row) return callback(null, null)
      if (row.expires_at < this.clock.now().toISOString()) {
        deleteSession(this.db, sessionId).then(() => callback(null, null), callback)
        return
      }
      callback(null, JSON.parse(row.data) as Session)
    }, callback)
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    deleteSession(this.db, sessionId).then(() => callback(), callback)
  }
}
