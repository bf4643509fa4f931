import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { Clock } from '../clock.ts'
import type { Db } from '../db/database.ts'
import { countHit, readHits } from './rate-limit.repository.ts'

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void

interface StoreParams {
  routeInfo?: { method?: string | string[]; url?: string }
}

type ChildParams = Parameters<FastifyRateLimitStore['child']>[0]

/**
 * A @fastify/rate-limit store whose counters live in the database, so a limit holds across every app instance
 * behind a load balancer (an in-memory store would give each instance its own allowance).
 */
export function databaseRateLimitStore(db: Db, clock: Clock): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly prefix: string
    constructor(_options?: unknown, prefix = 'global') {
      this.prefix = prefix
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      const now = clock.now()
      const cutoff = new Date(now.getTime() - timeWindow).toISOString()
      countHit(db, `${this.prefix}|${key}`, now.toISOString(), cutoff).then(
        ({ hits, windowStart }) => cb(null, { current: hits, ttl: Math.max(0, new Date(windowStart).getTime() + timeWindow - now.getTime()) }),
        (err: Error) => cb(err),
      )
    }

    read(key: string, cb: Callback, timeWindow: number): void {
      const now = clock.now().getTime()
      readHits(db, `${this.prefix}|${key}`).then(row => {
        const start = row ? new Date(row.window_start).getTime() : now
        const live = row && start + timeWindow > now
        cb(null, { current: live ? row.hits : 0, ttl: live ? start + timeWindow - now : timeWindow })
      }, cb)
    }

    child(params: ChildParams): DatabaseRateLimitStore {
      const route = (params as StoreParams).routeInfo
      const method = [route?.method ?? ''].flat().join(',')
      return new DatabaseRateLimitStore(undefined, `${method} ${route?.url ?? ''}`.trim() || 'route')
    }
  }
  return DatabaseRateLimitStore
}
