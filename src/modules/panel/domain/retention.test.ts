import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { fixedClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { createEventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import { recentJobRuns, runJob } from '../../../platform/jobs/jobs.ts'
import { createLogger } from '../../../platform/logger.ts'
import { eraseParticipant, type ParticipantErasedEvent } from './erase-participant.ts'
import { registerParticipant } from './register-participant.ts'
import {
  changeRetentionPeriod,
  DEFAULT_RETENTION_MONTHS,
  getRetentionSettings,
  previewRetention,
  retentionCutoff,
  retentionJob,
  runRetention,
} from './retention.ts'

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const SYSTEM = systemActor('test')
const manager: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Test panel manager' }

describe('retentionCutoff', () => {
  it('goes back whole calendar months, keeping the time of day', () => {
    assert.equal(retentionCutoff(new Date('2030-06-15T12:34:56.789Z'), 36).toISOString(), '2027-06-15T12:34:56.789Z')
    assert.equal(retentionCutoff(new Date('2030-01-10T00:00:00.000Z'), 1).toISOString(), '2029-12-10T00:00:00.000Z')
    assert.equal(retentionCutoff(new Date('2030-03-01T08:00:00.000Z'), 12).toISOString(), '2029-03-01T08:00:00.000Z')
  })

  it('uses the last day of a shorter month', () => {
    assert.equal(retentionCutoff(new Date('2030-05-31T10:00:00.000Z'), 3).toISOString(), '2030-02-28T10:00:00.000Z')
    assert.equal(retentionCutoff(new Date('2028-05-31T10:00:00.000Z'), 3).toISOString(), '2028-02-29T10:00:00.000Z', 'a leap year')
    assert.equal(retentionCutoff(new Date('2030-03-31T10:00:00.000Z'), 13).toISOString(), '2029-02-28T10:00:00.000Z')
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`retention (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    // Fixed: "now" is 15 June 2030, so with 36 months anyone inactive since before 15 June 2027 is past the period.
    const clock = fixedClock('2030-06-15T12:00:00.000Z')
    let serial = 0
    const members: Record<string, { id: string; pseudonym: string }> = {}

    async function member(name: string, joinedAt: string, lastParticipatedAt: string | null, status: 'active' | 'withdrawn' = 'active') {
      serial += 1
      const p = await registerParticipant(deps, SYSTEM, {
        fullName: `Retention Person ${serial}`,
        email: `retention.${serial}@example.org`,
        preferredChannel: 'email',
        joinedVia: 'post',
        joinedAt,
        demographics: { area: 'westhaven' },
        supportNeeds: [{ need: 'quiet_room' }],
      })
      await database.db
        .withTables<{ panel_participant: { id: string; last_participated_at: string | null; status: string } }>()
        .updateTable('panel_participant')
        .set({ last_participated_at: lastParticipatedAt, status })
        .where('id', '=', p.id)
        .execute()
      members[name] = p
      return p
    }

    const statusOf = async (name: string) =>
      (await database.db.withTables<{ panel_participant: { id: string; status: string } }>().selectFrom('panel_participant').select('status').where('id', '=', members[name]!.id).executeTakeFirstOrThrow()).status
    const identityRows = async (name: string) =>
      (await database.db.withTables<{ panel_identity: { participant_id: string } }>().selectFrom('panel_identity').select('participant_id').where('participant_id', '=', members[name]!.id).execute()).length
    const answerRows = async (name: string) =>
      (await database.db.withTables<{ panel_demographic: { participant_id: string } }>().selectFrom('panel_demographic').select('participant_id').where('participant_id', '=', members[name]!.id).execute()).length

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      await member('neverTookPart', '2025-01-01T09:00:00.000Z', null)
      await member('tookPartLately', '2025-01-01T09:00:00.000Z', '2029-01-01T09:00:00.000Z')
      await member('joinedLately', '2028-01-01T09:00:00.000Z', null)
      await member('leftLongAgo', '2025-03-01T09:00:00.000Z', '2026-01-01T09:00:00.000Z', 'withdrawn')
      await member('alreadyErased', '2024-01-01T09:00:00.000Z', null)
      await eraseParticipant(deps, manager, { participantId: members.alreadyErased!.id, deleteContributions: false }, { events: createEventBus() })
    })
    after(() => database.close())

    it('uses 36 months until someone sets the period', async () => {
      assert.deepEqual(await getRetentionSettings(deps), { inactiveMonths: DEFAULT_RETENTION_MONTHS, isDefault: true, updatedAt: null })
      assert.equal(DEFAULT_RETENTION_MONTHS, 36)
    })

    it('previews who the next run would erase, longest inactive first, leaving out the erased', async () => {
      const preview = await previewRetention(deps, manager, { limit: 50 })
      assert.equal(preview.inactiveMonths, 36)
      assert.equal(preview.cutoff, '2027-06-15T12:00:00.000Z')
      assert.equal(preview.total, 2)
      assert.deepEqual(
        preview.members.map(m => [m.pseudonym, m.status, m.lastActivityAt, m.neverTookPart]),
        [
          [members.neverTookPart!.pseudonym, 'active', '2025-01-01T09:00:00.000Z', true],
          [members.leftLongAgo!.pseudonym, 'withdrawn', '2026-01-01T09:00:00.000Z', false],
        ],
      )
      assert.equal((await previewRetention(deps, manager, { limit: 1 })).members.length, 1)
      assert.equal((await previewRetention(deps, manager, { limit: 1 })).total, 2)
      await assert.rejects(previewRetention(deps, { userId: newId(), role: 'stakeholder', displayName: 'x' }, { limit: 5 }), hasCode('FORBIDDEN'))
    })

    it('validates and audits a change of period, for roles that configure the panel only', async () => {
      await assert.rejects(changeRetentionPeriod(deps, manager, { inactiveMonths: 11 }), (err: unknown) => {
        assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED')
        assert.deepEqual(err.fieldErrors, [{ field: 'inactiveMonths', message: 'The number of months must be between 12 and 240' }])
        return true
      })
      await assert.rejects(changeRetentionPeriod(deps, manager, { inactiveMonths: 241 }), hasCode('VALIDATION_FAILED'))
      await assert.rejects(changeRetentionPeriod(deps, manager, { inactiveMonths: 24.5 }), hasCode('VALIDATION_FAILED'))
      await assert.rejects(changeRetentionPeriod(deps, { userId: newId(), role: 'analyst', displayName: 'x' }, { inactiveMonths: 24 }), hasCode('FORBIDDEN'))
      await assert.rejects(changeRetentionPeriod(deps, SYSTEM, { inactiveMonths: 24 }), hasCode('FORBIDDEN'))

      const admin: Actor = { userId: newId(), role: 'admin', displayName: 'Test admin' }
      const saved = await changeRetentionPeriod(deps, admin, { inactiveMonths: 48 })
      assert.equal(saved.inactiveMonths, 48)
      assert.deepEqual(await getRetentionSettings(deps), { inactiveMonths: 48, isDefault: false, updatedAt: clock.now().toISOString() })
      await changeRetentionPeriod(deps, manager, { inactiveMonths: 36 })
      const events = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.retention_period_changed').orderBy('seq').execute()
      assert.deepEqual(
        events.map(e => [e.actor_role, JSON.parse(e.summary)]),
        [
          ['admin', { before: { inactiveMonths: 36 }, after: { inactiveMonths: 48 } }],
          ['panel_manager', { before: { inactiveMonths: 48 }, after: { inactiveMonths: 36 } }],
        ],
      )
    })

    it('erases the members past the period, keeping what they said, and reports them by pseudonym', async () => {
      const bus = createEventBus()
      const events: ParticipantErasedEvent[] = []
      bus.subscribe('panel.participant_erased', e => {
        events.push(e)
      })
      const report = await runRetention(deps, { events: bus })
      assert.deepEqual(report, {
        inactiveMonths: 36,
        cutoff: '2027-06-15T12:00:00.000Z',
        erased: 2,
        pseudonyms: [members.neverTookPart!.pseudonym, members.leftLongAgo!.pseudonym],
        followUpFailed: [],
        failed: [],
        remaining: 0,
      })
      for (const name of ['neverTookPart', 'leftLongAgo']) {
        assert.equal(await statusOf(name), 'erased', name)
        assert.equal(await identityRows(name), 0, name)
        assert.equal(await answerRows(name), 1, `${name}: answers kept, pseudonymised`)
      }
      for (const name of ['tookPartLately', 'joinedLately']) {
        assert.equal(await statusOf(name), 'active', name)
        assert.equal(await identityRows(name), 1, name)
      }
      assert.deepEqual(events.map(e => e.deleteContributions), [false, false])
      const erasures = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.participant_erased').where('actor_role', '=', 'system').execute()
      assert.equal(erasures.length, 2)
      for (const e of erasures) assert.equal((JSON.parse(e.summary) as { requestedBy: string }).requestedBy, 'retention')
      const applied = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.retention_applied').execute()
      assert.equal(applied.length, 1)
      assert.deepEqual(JSON.parse(applied[0]!.summary), { inactiveMonths: 36, cutoff: '2027-06-15T12:00:00.000Z', erased: 2, failed: 0, remaining: 0 })
      const all = JSON.stringify(await database.db.selectFrom('audit_event').selectAll().execute())
      assert.ok(!all.includes('Retention Person') && !all.includes('@example.org'), 'no identity in the audit trail')
    })

    it('runs as the scheduled job panel.retention, whose run report is kept; a run with nothing to do erases nobody', async () => {
      assert.equal(retentionJob.name, 'panel.retention')
      const quiet = await runJob(deps, retentionJob, 'test')
      assert.equal(quiet?.status, 'succeeded')
      assert.equal(quiet?.report.erased, 0)
      assert.deepEqual(quiet?.report.pseudonyms, [])
      assert.equal((await database.db.selectFrom('audit_event').select('id').where('action', '=', 'panel.retention_applied').execute()).length, 1, 'no audit event for a run that did nothing')

      // A year on, with a 12-month period, the two remaining members are past it too.
      clock.set('2031-06-15T12:00:00.000Z')
      await changeRetentionPeriod(deps, manager, { inactiveMonths: 12 })
      const run = await runJob(deps, retentionJob, 'test')
      assert.equal(run?.status, 'succeeded')
      assert.equal(run?.report.erased, 2)
      // Longest inactive first: joined January 2028 and never took part, then last took part January 2029.
      assert.deepEqual(run?.report.pseudonyms, [members.joinedLately!.pseudonym, members.tookPartLately!.pseudonym])
      const runs = await recentJobRuns(deps, 'panel.retention')
      assert.equal(runs.length, 2)
      assert.equal(runs[0]!.report.erased, 2)
    })

    it('erases at most a batch per run and says how many remain', async () => {
      clock.set('2040-01-01T00:00:00.000Z')
      for (let i = 0; i < 3; i++) await member(`batch${i}`, '2035-01-01T00:00:00.000Z', null)
      const first = await runRetention(deps, { events: createEventBus(), batchSize: 2 })
      assert.equal(first.erased, 2)
      assert.equal(first.remaining, 1)
      const second = await runRetention(deps, { events: createEventBus(), batchSize: 2 })
      assert.equal(second.erased, 1)
      assert.equal(second.remaining, 0)
    })
  })
}
