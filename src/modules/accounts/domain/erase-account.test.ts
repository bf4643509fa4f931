import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { eraseAccount, erasedEmail, ERASED_ACCOUNT_NAME } from './erase-account.ts'
import { createActiveUser } from './manage-users.ts'

for (const dialect of TEST_DIALECTS) {
  describe(`eraseAccount (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const SYSTEM = systemActor('test')
    const user = (id: string) => database.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    it('disables the account for good, replaces its email and name, ends its sessions and cancels its links', async () => {
      const u = await createActiveUser(deps, SYSTEM, { email: 'Marigold.Pennywhistle@example.org', displayName: 'Marigold Pennywhistle', role: 'panel_member', password: 'correct-horse-battery' })
      const now = new Date().toISOString()
      await database.db.insertInto('session').values({ id: `s-${u.id}`, user_id: u.id, data: '{}', expires_at: '2999-01-01T00:00:00.000Z', created_at: now, updated_at: now }).execute()
      await database.db.insertInto('sign_in_token').values({ id: newId(), user_id: u.id, purpose: 'sign_in_link', token_hash: 'a'.repeat(64), expires_at: '2999-01-01T00:00:00.000Z', used_at: null, created_at: now }).execute()

      assert.equal(await inTransaction(deps, SYSTEM, uow => eraseAccount(uow, { userId: u.id })), true)
      const row = await user(u.id)
      assert.equal(row.email, erasedEmail(u.id))
      assert.match(row.email, /@erased\.invalid$/)
      assert.equal(row.display_name, ERASED_ACCOUNT_NAME)
      assert.equal(row.status, 'disabled')
      assert.equal(row.password_hash, null)
      assert.equal(row.role, 'panel_member')
      assert.deepEqual(await database.db.selectFrom('session').select('id').where('user_id', '=', u.id).execute(), [])
      const tokens = await database.db.selectFrom('sign_in_token').select('used_at').where('user_id', '=', u.id).execute()
      assert.ok(tokens.every(t => t.used_at !== null), 'unused sign-in links no longer work')

      const events = await database.db.selectFrom('audit_event').selectAll().where('subject_id', '=', u.id).where('action', '=', 'accounts.account_erased').execute()
      assert.equal(events.length, 1)
      assert.deepEqual(JSON.parse(events[0]!.summary), { before: { status: 'active', role: 'panel_member' }, after: { status: 'disabled' } })
      assert.ok(!JSON.stringify(events).includes('Marigold') && !JSON.stringify(events).includes('Pennywhistle'))
      // The old address is free again (someone can join afresh with it).
      await createActiveUser(deps, SYSTEM, { email: 'marigold.pennywhistle@example.org', displayName: 'Marigold again', role: 'panel_member' })
    })

    it('does nothing for an account that does not exist', async () => {
      assert.equal(await inTransaction(deps, SYSTEM, uow => eraseAccount(uow, { userId: newId() })), false)
    })

    it('refuses to erase the last active administrator, and rolls back with the caller', async () => {
      const admin = await createActiveUser(deps, SYSTEM, { email: 'only.admin@example.org', displayName: 'Only Admin', role: 'admin' })
      await assert.rejects(
        inTransaction(deps, SYSTEM, uow => eraseAccount(uow, { userId: admin.id })),
        (err: unknown) => err instanceof AppError && err.code === 'CONFLICT',
      )
      assert.equal((await user(admin.id)).status, 'active')
      const second = await createActiveUser(deps, SYSTEM, { email: 'second.admin@example.org', displayName: 'Second Admin', role: 'admin' })
      assert.equal(await inTransaction(deps, SYSTEM, uow => eraseAccount(uow, { userId: admin.id })), true)
      assert.equal((await user(admin.id)).status, 'disabled')
      assert.equal((await user(second.id)).status, 'active')
    })
  })
}
