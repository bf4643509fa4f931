import { sealAuditEvents } from '../audit/audit.ts'
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

/**
 * Every command seals its own audit events as it finishes (unit-of-work.ts). This catches any it could not: the
 * database was briefly unavailable after the commit, or the process stopped in between (docs/adr/0007).
 */
export const sealAuditEventsJob: JobDefinition = {
  name: 'platform.audit_sealed',
  description: 'Seal audit events still waiting into the hash-chained audit trail',
  everyMinutes: 5,
  async run(deps) {
    const sealed = await sealAuditEvents(deps)
    return { sealed }
  },
}
