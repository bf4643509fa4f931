import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { createActiveUser } from '../../accounts/index.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { createLogger } from '../../../platform/logger.ts'
import { findOwnParticipantId } from './own-record.ts'
import { linkParticipantAccount } from './link-account.ts'
import { registerParticipant } from './register-participant.ts'

const SYSTEM = systemActor('test')
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code

for (const dialect of TEST_DIALECTS) {
  describe(`linking a panel member to their account (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    it('links once, audited, for the panel manager only; never two records to one account', async () => {
      const a = await registerParticipant(deps, SYSTEM, { fullName: 'Ada Example', phone: '07700 900123', preferredChannel: 'phone', joinedVia: 'phone' })
      const b = await registerParticipant(deps, SYSTEM, { fullName: 'Bo Example', phone: '07700 900124', preferredChannel: 'phone', joinedVia: 'phone' })
      const user = await createActiveUser(deps, SYSTEM, { email: 'ada@example.org', displayName: 'Ada', role: 'panel_member', password: 'correct-horse-battery' })
      const analyst: Actor = { userId: null, role: 'analyst', displayName: 'Analyst' }
      await assert.rejects(linkParticipantAccount(deps, analyst, a.id, user.id), hasCode('FORBIDDEN'))
      const manager: Actor = { userId: null, role: 'panel_manager', displayName: 'Panel manager' }
      await linkParticipantAccount(deps, manager, a.id, user.id)
      await linkParticipantAccount(deps, manager, a.id, user.id)
      const me: Actor = { userId: user.id, role: 'panel_member', displayName: 'Ada' }
      assert.equal(await findOwnParticipantId(deps, me), a.id)
      await assert.rejects(linkParticipantAccount(deps, manager, b.id, user.id), hasCode('INVALID_STATE'))
      const events = await database.db.selectFrom('audit_event').select(['action', 'subject_id']).where('action', '=', 'panel.account_linked').execute()
      assert.deepEqual(events.map(e => ({ ...e })), [{ action: 'panel.account_linked', subject_id: a.id }])
    })
  })
}
