import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { createEventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { changeParticipantStatus, type ParticipantStatusChangedEvent } from './change-participant-status.ts'
import { eraseParticipant } from './erase-participant.ts'
import { registerParticipant } from './register-participant.ts'

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const manager: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Test panel manager' }

for (const dialect of TEST_DIALECTS) {
  describe(`changeParticipantStatus (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let serial = 0
    const register = () => {
      serial += 1
      return registerParticipant(deps, systemActor('test'), { fullName: `Leaving Person ${serial}`, phone: `07700 900${String(800 + serial)}`, preferredChannel: 'phone', joinedVia: 'phone' })
    }
    const statusOf = async (id: string) =>
      (await database.db.withTables<{ panel_participant: { id: string; status: string } }>().selectFrom('panel_participant').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
    const audit = (id: string) => database.db.selectFrom('audit_event').select(['action', 'summary', 'actor_role']).where('subject_id', '=', id).where('action', 'like', 'panel.participant_%').orderBy('seq').execute()

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    it('records that a member has left, and brings them back, audited, with a domain event after each commit', async () => {
      const p = await register()
      const bus = createEventBus()
      const events: ParticipantStatusChangedEvent[] = []
      bus.subscribe('panel.participant_status_changed', e => {
        events.push(e)
      })
      assert.deepEqual(await changeParticipantStatus(deps, manager, { participantId: p.id, status: 'withdrawn' }, { events: bus }), { pseudonym: p.pseudonym, status: 'withdrawn', changed: true })
      assert.equal(await statusOf(p.id), 'withdrawn')
      assert.deepEqual(await changeParticipantStatus(deps, manager, { participantId: p.id, status: 'withdrawn' }, { events: bus }), { pseudonym: p.pseudonym, status: 'withdrawn', changed: false })
      assert.deepEqual(await changeParticipantStatus(deps, manager, { participantId: p.id, status: 'active' }, { events: bus }), { pseudonym: p.pseudonym, status: 'active', changed: true })
      assert.equal(await statusOf(p.id), 'active')

      const events2 = await audit(p.id)
      assert.deepEqual(
        events2.map(e => [e.action, e.actor_role, JSON.parse(e.summary)]),
        [
          ['panel.participant_registered', 'system', { after: { pseudonym: p.pseudonym, status: 'active', joinedVia: 'phone' } }],
          ['panel.participant_withdrawn', 'panel_manager', { pseudonym: p.pseudonym, before: { status: 'active' }, after: { status: 'withdrawn' } }],
          ['panel.participant_reinstated', 'panel_manager', { pseudonym: p.pseudonym, before: { status: 'withdrawn' }, after: { status: 'active' } }],
        ],
      )
      assert.deepEqual(events, [
        { participantId: p.id, pseudonym: p.pseudonym, status: 'withdrawn' },
        { participantId: p.id, pseudonym: p.pseudonym, status: 'active' },
      ])
    })

    it('is for the panel manager only (and the system)', async () => {
      const p = await register()
      for (const role of ['analyst', 'admin', 'panel_member', 'seldom_heard_partner', 'public'] as const) {
        await assert.rejects(changeParticipantStatus(deps, { userId: newId(), role, displayName: role }, { participantId: p.id, status: 'withdrawn' }), hasCode('FORBIDDEN'), role)
      }
      assert.equal(await statusOf(p.id), 'active')
      await changeParticipantStatus(deps, systemActor('cli'), { participantId: p.id, status: 'withdrawn' }, { events: createEventBus() })
      assert.equal(await statusOf(p.id), 'withdrawn')
    })

    it('cannot bring back an erased member, and knows no unknown one', async () => {
      const p = await register()
      await eraseParticipant(deps, manager, { participantId: p.id, deleteContributions: false }, { events: createEventBus() })
      await assert.rejects(changeParticipantStatus(deps, manager, { participantId: p.id, status: 'active' }), (err: unknown) => {
        assert.ok(err instanceof AppError && err.code === 'INVALID_STATE')
        assert.equal(err.message, `${p.pseudonym} has been erased and cannot come back to the panel`)
        return true
      })
      assert.equal(await statusOf(p.id), 'erased')
      await assert.rejects(changeParticipantStatus(deps, manager, { participantId: newId(), status: 'withdrawn' }), hasCode('NOT_FOUND'))
    })
  })
}
