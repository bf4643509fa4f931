import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../test/support/dialects.ts'
import { fixedClock } from '../clock.ts'
import { newId } from '../ids.ts'
import { DatabaseSessionStore } from './session-store.ts'
import {
  countUsersByRole,
  deleteExpiredSessions,
  findSession,
  findUserByEmail,
  insertSignInToken,
  insertUser,
  listUsers,
  markSignInTokenUsed,
  updateUser,
} from './user.repository.ts'

const NOW = '2026-11-23T09:00:00.000Z'

function user(email: string, role: string, name: string) {
  return {
    id: newId(),
    email,
    display_name: name,
    role,
    password_hash: null,
    status: 'active' as const,
    failed_sign_in_count: 0,
    locked_until: null,
    last_sign_in_at: null,
    created_at: NOW,
    updated_at: NOW,
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: user repository`, () => {
    let d: TestDatabase
    before(async () => {
      d = await createTestDatabase(dialect)
      await insertUser(d.db, user('Zoe@Example.org', 'analyst', 'Zoe Analyst'))
      await insertUser(d.db, user('yusuf@example.org', 'analyst', 'Yusuf Analyst'))
      await insertUser(d.db, user('pat@example.org', 'panel_member', 'Pat Panel'))
      await insertUser(d.db, user('ann@example.org', 'admin', 'Ann Admin'))
    })
    after(() => d.close())

    it('stores emails in lower case and finds them whatever the case', async () => {
      const u = await findUserByEmail(d.db, ' ZOE@example.ORG ')
      assert.equal(u?.email, 'zoe@example.org')
    })

    it('refuses a second account with the same email', async () => {
      await assert.rejects(insertUser(d.db, user('zoe@example.org', 'admin', 'Copy')))
    })

    it('lists with filters, search, exclusions and paging, counting the total', async () => {
      const all = await listUsers(d.db, {}, { limit: 2, offset: 0 })
      assert.equal(all.total, 4)
      assert.equal(all.rows.length, 2)
      assert.deepEqual(all.rows.map(r => r.display_name), ['Ann Admin', 'Pat Panel'])
      const analysts = await listUsers(d.db, { role: 'analyst', query: 'YUS' }, { limit: 10, offset: 0 })
      assert.deepEqual(analysts.rows.map(r => r.email), ['yusuf@example.org'])
      const staff = await listUsers(d.db, { excludeRoles: ['panel_member'] }, { limit: 10, offset: 0 })
      assert.equal(staff.total, 3)
      assert.deepEqual(await countUsersByRole(d.db), { admin: 1, analyst: 2, panel_member: 1 })
    })

    it('uses a one-time token exactly once', async () => {
      const u = await findUserByEmail(d.db, 'ann@example.org')
      const id = newId()
      await insertSignInToken(d.db, { id, user_id: u!.id, purpose: 'sign_in_link', token_hash: 'a'.repeat(64), expires_at: NOW, used_at: null, created_at: NOW })
      assert.equal(await markSignInTokenUsed(d.db, id, NOW), true)
      assert.equal(await markSignInTokenUsed(d.db, id, NOW), false)
    })

    it('keeps sessions in the database, expiring on the server clock', async () => {
      const clock = fixedClock(NOW)
      const store = new DatabaseSessionStore(d.db, clock, 30)
      const u = await findUserByEmail(d.db, 'ann@example.org')
      const session = { userId: u!.id, signedInAt: NOW } as never
      await new Promise<void>((res, rej) => store.set('sid-1', session, e => (e ? rej(e) : res())))
      const row = await findSession(d.db, 'sid-1')
      assert.equal(row?.user_id, u!.id)
      assert.equal(row?.expires_at, '2026-11-23T09:30:00.000Z')
      const got = await new Promise((res, rej) => store.get('sid-1', (e, s) => (e ? rej(e) : res(s))))
      assert.deepEqual(got, { userId: u!.id, signedInAt: NOW })
      clock.advance(31 * 60_000)
      const gone = await new Promise((res, rej) => store.get('sid-1', (e, s) => (e ? rej(e) : res(s))))
      assert.equal(gone, null)
      assert.equal(await findSession(d.db, 'sid-1'), undefined)
      await new Promise<void>((res, rej) => store.set('sid-2', session, e => (e ? rej(e) : res())))
      assert.equal(await deleteExpiredSessions(d.db, '2030-01-01T00:00:00.000Z'), 1)
    })

    it('updates a user', async () => {
      const u = await findUserByEmail(d.db, 'pat@example.org')
      await updateUser(d.db, u!.id, { status: 'disabled', updated_at: NOW })
      assert.equal((await findUserByEmail(d.db, 'pat@example.org'))?.status, 'disabled')
    })
  })
}
