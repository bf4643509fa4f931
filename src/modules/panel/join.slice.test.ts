import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../../../test/support/dialects.ts'
import { PUBLIC_ACTOR } from '../../platform/auth/actor.ts'
import { fixedClock } from '../../platform/clock.ts'
import type { AppDeps } from '../../platform/deps.ts'
import { runJob } from '../../platform/jobs/jobs.ts'
import { createLogger } from '../../platform/logger.ts'
import { JOIN_DRAFT_DAYS, loadJoinDraft, saveJoinPage } from './domain/join-draft.ts'
import { joinSlice } from './join.slice.ts'

describe('the scheduled job that removes expired joining drafts', () => {
  let database: TestDatabase
  let deps: AppDeps
  const clock = fixedClock('2026-11-23T09:00:00.000Z')
  before(async () => {
    database = await createTestDatabase()
    deps = { config: database.config, db: database.db, dialect: database.dialect, clock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
  })
  after(() => database.close())

  it('removes drafts not saved for the whole period and reports how many', async () => {
    const job = joinSlice.jobs?.find(j => j.name === 'panel.join_drafts_pruned')
    assert.ok(job, 'the slice declares the job')
    const old1 = await saveJoinPage(deps, PUBLIC_ACTOR, undefined, 'name', { fullName: 'Old One' })
    const old2 = await saveJoinPage(deps, PUBLIC_ACTOR, undefined, 'name', { fullName: 'Old Two' })
    clock.advance((JOIN_DRAFT_DAYS - 1) * 86_400_000)
    const recent = await saveJoinPage(deps, PUBLIC_ACTOR, undefined, 'name', { fullName: 'Still Here' })
    assert.deepEqual((await runJob(deps, job, 'test'))?.report, { removed: 0 })
    clock.advance(2 * 86_400_000)
    const run = await runJob(deps, job, 'test')
    assert.equal(run?.status, 'succeeded')
    assert.deepEqual(run?.report, { removed: 2 })
    assert.equal(await loadJoinDraft(deps, old1), null)
    assert.equal(await loadJoinDraft(deps, old2), null)
    assert.equal((await loadJoinDraft(deps, recent))?.pages.name?.fullName, 'Still Here')
  })
})
