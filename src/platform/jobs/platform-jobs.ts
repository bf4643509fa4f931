import { deleteExpiredSessions } from '../auth/user.repository.ts'
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
