import { deleteExpiredSessions } from '../auth/user.repository.ts'
import { deleteCountersBefore } from '../http/rate-limit.repository.ts'
import type { JobDefinition } from './jobs.ts'

/** Expired sessions are already ignored when read; this keeps the table small. */
export const pruneSessionsJob: JobDefinition = {
  name: 'platform.sessions_pruned',
  description: 'Remove expired sessions from the database',
  everyMinutes: 15,
  async run(deps) {
    const removed = await deleteExpiredSessions(deps.db, deps.clock.now().toISOString())
    return { removed }
  },
}

/** Rate-limit windows are at most minutes long; counters a day old are only clutter. */
export const pruneRateLimitsJob: JobDefinition = {
  name: 'platform.rate_limits_pruned',
  description: 'Remove old rate-limit counters',
  everyMinutes: 60,
  async run(deps) {
    const removed = await deleteCountersBefore(deps.db, new Date(deps.clock.now().getTime() - 86_400_000).toISOString())
    return { removed }
  },
}
