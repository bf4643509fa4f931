import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import { DecryptionError } from '../../../platform/crypto/field-cipher.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { getParticipantIdentity } from './get-participant-identity.ts'
import { registerParticipant } from './register-participant.ts'

function depsOf(database: TestDatabase): AppDeps {
  return {
    config: database.config,
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    mailer: { send: async () => {}, close: () => {} },
    logger: createLogger('silent'),
  }
}

/** For assert.rejects: the error is an AppError with this code. */
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code

const staff = (role: Actor['role']): Actor => ({ userId: newId(), role, displayName: `Test ${role}` })

for (const dialect of TEST_DIALECTS) {
  describe(`getParticipantIdentity (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let ada: { id: string; pseudonym: string }
    let bo: { id: string; pseudonym: string }

    const events = (subjectId: string, action: string) =>
      database.db.selectFrom('audit_event').selectAll().where('subject_id', '=', subjectId).where('action', '=', action).execute()

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
      ada = await registerParticipant(deps, systemActor('test'), {
        fullName: 'Ada Example',
        email: 'ada.example@example.org',
        phone: '+44 7700 900123',
        address: { line1: 'Flat 2', line2: '14 Mill Lane', town: 'Westhaven', postcode: 'wh3 2ab' },
        preferredChannel: 'letter',
        preferredFormat: 'another_language',
        preferredLanguage: 'Polish',
        joinedVia: 'post',
      })
      bo = await registerParticipant(deps, systemActor('test'), { fullName: 'Bo Example', phone: '07700 900124', preferredChannel: 'phone', joinedVia: 'phone' })
    })
    after(() => database.close())

    it('decrypts name and contact details for the panel manager, and audits the read', async () => {
      const manager = staff('panel_manager')
      const identity = await getParticipantIdentity(deps, manager, ada.id)
      assert.deepEqual(identity, {
        participantId: ada.id,
        pseudonym: ada.pseudonym,
        fullName: 'Ada Example',
        email: 'ada.example@example.org',
        phone: '+44 7700 900123',
        address: { line1: 'Flat 2', line2: '14 Mill Lane', town: 'Westhaven', postcode: 'WH3 2AB' },
        preferredChannel: 'letter',
        preferredFormat: 'another_language',
        preferredLanguage: 'Polish',
      })
      const viewed = await events(ada.id, 'panel.identity_viewed')
      assert.equal(viewed.length, 1)
      assert.equal(viewed[0]!.actor_user_id, manager.userId)
      assert.equal(viewed[0]!.actor_role, 'panel_manager')
      assert.deepEqual(JSON.parse(viewed[0]!.summary), { pseudonym: ada.pseudonym })
      assert.ok(!JSON.stringify(viewed[0]).includes('Ada'))

      // Every read is a new event.
      const again = await getParticipantIdentity(deps, manager, bo.id)
      assert.equal(again.email, null)
      assert.equal(again.address, null)
      assert.equal((await events(bo.id, 'panel.identity_viewed')).length, 1)
    })

    it('refuses everyone else, including admins and the system, and records the refusal', async () => {
      for (const actor of [staff('analyst'), staff('admin'), staff('scrutiny_body'), staff('panel_member'), systemActor('a script')]) {
        await assert.rejects(getParticipantIdentity(deps, actor, bo.id), hasCode('FORBIDDEN'), actor.role)
      }
      const refused = await events(bo.id, 'panel.identity_view_refused')
      assert.deepEqual(refused.map(e => JSON.parse(e.summary).role), ['analyst', 'admin', 'scrutiny_body', 'panel_member', 'system'])
      assert.equal((await events(bo.id, 'panel.identity_viewed')).length, 1, 'only the panel manager read counted as a view')
    })

    it('says so for someone not on the panel', async () => {
      await assert.rejects(getParticipantIdentity(deps, staff('panel_manager'), newId()), hasCode('NOT_FOUND'))
    })

    it('detects a ciphertext moved from another person, and reveals nothing', async () => {
      const panel = database.db.withTables<{ panel_identity: { participant_id: string; full_name_enc: string } }>()
      const adaRow = await panel.selectFrom('panel_identity').select('full_name_enc').where('participant_id', '=', ada.id).executeTakeFirstOrThrow()
      await panel.updateTable('panel_identity').set({ full_name_enc: adaRow.full_name_enc }).where('participant_id', '=', bo.id).execute()
      const before = (await events(bo.id, 'panel.identity_viewed')).length
      await assert.rejects(getParticipantIdentity(deps, staff('panel_manager'), bo.id), DecryptionError)
      assert.equal((await events(bo.id, 'panel.identity_viewed')).length, before)
    })
  })
}
