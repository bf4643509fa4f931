import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../test/support/dialects.ts'
import { fixedClock } from '../clock.ts'
import type { AppDeps } from '../deps.ts'
import { createLogger } from '../logger.ts'
import { isDue, recentJobRuns, runJob, type JobDefinition } from './jobs.ts'
import { tryAcquireLease } from './jobs.repository.ts'

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: scheduled jobs`, () => {
    let d: TestDatabase
    let deps: AppDeps
    const clock = fixedClock('2026-11-23T09:00:00Z')
    before(async () => {
      d = await createTestDatabase(dialect)
      deps = { config: d.config, db: d.db, dialect: d.dialect, clock, logger: createLogger('silent'), mailer: { send: async () => {}, close: () => {} } }
    })
    after(() => d.close())

    it('runs a job, records its report, and knows when it is next due', async () => {
      let calls = 0
      const job: JobDefinition = { name: 'test.counted', description: 'counts', everyMinutes: 60, run: async () => ({ removed: ++calls }) }
      assert.equal(await isDue(deps, job), true)
      const run = await runJob(deps, job, 'test')
      assert.equal(run?.status, 'succeeded')
      assert.deepEqual(run?.report, { removed: 1 })
      assert.equal(await isDue(deps, job), false)
      clock.advance(61 * 60_000)
      assert.equal(await isDue(deps, job), true)
      const runs = await recentJobRuns(deps, 'test.counted')
      assert.equal(runs.length, 1)
      assert.equal(runs[0]!.triggeredBy, 'test')
    })

    it('records a failed run with its error, and frees the lease for the next run', async () => {
      const job: JobDefinition = { name: 'test.failing', description: 'fails', everyMinutes: 1, run: async () => { throw new Error('disk full') } }
      const run = await runJob(deps, job, 'test')
      assert.equal(run?.status, 'failed')
      assert.equal(run?.error, 'disk full')
      assert.notEqual(await runJob(deps, job, 'test'), null)
    })

    it('lets only one instance hold a job at a time, until its lease runs out', async () => {
      const now = clock.now().toISOString()
      const until = new Date(clock.now().getTime() + 10 * 60_000).toISOString()
      assert.equal(await tryAcquireLease(d.db, 'test.exclusive', 'instance-a', now, until), true)
      assert.equal(await tryAcquireLease(d.db, 'test.exclusive', 'instance-b', now, until), false)
      const later = new Date(clock.now().getTime() + 11 * 60_000).toISOString()
      assert.equal(await tryAcquireLease(d.db, 'test.exclusive', 'instance-b', later, later), true)
      const job: JobDefinition = { name: 'test.exclusive', description: 'held', everyMinutes: 1, run: async () => ({}) }
      assert.equal(await runJob(deps, job, 'test'), null, 'held by another instance')
    })
  })
}
