import type { SessionStore } from '@fastify/session'
import type { Session } from 'fastify'
import type { Clock } from '../clock.ts'
import type { Db } from '../db/database.ts'
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
  constructor(db: Db, clock: Clock, idleMinutes: number) {
    this.db = db
    this.clock = clock
    this.idleMinutes = idleMinutes
  }

  set(sessionId: string, session: Session, callback: (err?: unknown) => void): void {
    const now = this.clock.now()
    // The idle timeout is enforced here, on the server's clock, whatever the browser does with its cookie.
    const expires = new Date(now.getTime() + this.idleMinutes * 60_000)
    upsertSession(this.db, {
      id: sessionId,
      user_id: session.userId ?? null,
      data: JSON.stringify(session),
      expires_at: expires.toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    }).then(() => callback(), callback)
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
