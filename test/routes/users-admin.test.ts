import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.ts'

describe('user management by an administrator', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  it('lists staff accounts, filters them, and keeps panel members out of the list', async () => {
    const admin = await t.signInAs('admin')
    await t.createUser('analyst', { name: 'Fiona Findable' })
    await t.createUser('panel_member', { name: 'Panel Person Hidden' })
    const list = await admin.get('/users')
    assert.equal(list.statusCode, 200)
    assert.match(list.body, /Fiona Findable/)
    assert.doesNotMatch(list.body, /Panel Person Hidden/)
    const filtered = await admin.get('/users?q=fiona&role=analyst&status=active')
    assert.match(filtered.body, /Fiona Findable/)
    const none = await admin.get('/users?role=approver')
    assert.doesNotMatch(none.body, /Fiona Findable/)
  })

  it('changes a role: the person is signed out and gets the new permissions when they sign in again', async () => {
    const admin = await t.signInAs('admin')
    const person = await t.signInAs('analyst')
    assert.equal((await person.get('/audit')).statusCode, 403)
    const res = await admin.post(`/users/${person.user.id}/role`, { role: 'scrutiny_body' })
    assert.equal(res.statusCode, 303)
    const page = await admin.get(`/users/${person.user.id}`)
    assert.match(page.body, /is now: Scrutiny body/)
    assert.equal((await person.get('/account')).statusCode, 303, 'their session ended')
    const again = t.agent()
    await again.post('/sign-in', { email: person.user.email, password: TEST_PASSWORD })
    assert.equal((await again.get('/audit')).statusCode, 200)
    const events = await t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', 'accounts.role_changed').where('subject_id', '=', person.user.id).execute()
    assert.equal(events.length, 1)
    assert.deepEqual(JSON.parse(events[0]!.summary), { before: { role: 'analyst' }, after: { role: 'scrutiny_body' } })
  })

  it('refuses panel roles, unknown roles, and removing the last administrator, with form errors', async () => {
    const adminRow = await t.deps.db.selectFrom('app_user').select('id').where('role', '=', 'admin').execute()
    const onlyAdmin = await t.createUser('admin')
    const admin = await t.signInAs('admin')
    const target = await t.createUser('approver')
    const panel = await admin.post(`/users/${target.id}/role`, { role: 'core_group_member' })
    assert.equal(panel.statusCode, 400)
    assert.match(panel.body, /Panel roles are given through the panel/)
    const unknown = await admin.post(`/users/${target.id}/role`, { role: 'emperor' })
    assert.equal(unknown.statusCode, 400)
    assert.match(unknown.body, /Select a role/)
    // Disable every other admin, then try to demote the last one.
    for (const row of [...adminRow, { id: onlyAdmin.id }]) await admin.post(`/users/${row.id}/status`, { status: 'disabled' })
    const last = await admin.post(`/users/${admin.user.id}/role`, { role: 'analyst' })
    assert.equal(last.statusCode, 400)
    assert.match(last.body, /You cannot remove the last active administrator/)
  })

  it('disables an account: its sessions end and it cannot sign in; enabling restores it', async () => {
    const admin = await t.signInAs('admin')
    const person = await t.signInAs('complaints_handler')
    assert.equal((await admin.post(`/users/${person.user.id}/status`, { status: 'disabled' })).statusCode, 303)
    assert.equal((await person.get('/account')).statusCode, 303)
    const attempt = await t.agent().post('/sign-in', { email: person.user.email, password: TEST_PASSWORD })
    assert.equal(attempt.statusCode, 400)
    assert.equal((await admin.post(`/users/${person.user.id}/status`, { status: 'active' })).statusCode, 303)
    const back = await t.agent().post('/sign-in', { email: person.user.email, password: TEST_PASSWORD })
    assert.equal(back.statusCode, 303)
    const own = await admin.post(`/users/${admin.user.id}/status`, { status: 'disabled' })
    assert.equal(own.statusCode, 400)
    assert.match(own.body, /You cannot disable your own account/)
  })

  it('shows 404 for an unknown user', async () => {
    const admin = await t.signInAs('admin')
    const res = await admin.get('/users/00000000-0000-7000-8000-000000000000')
    assert.equal(res.statusCode, 404)
    assert.match(res.body, /Page not found/)
  })
})

describe('your own password', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  it('needs the current password, a long enough new one, typed twice', async () => {
    const me = await t.signInAs('policy_official')
    const mismatch = await me.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password', confirmPassword: 'different-one-here' })
    assert.equal(mismatch.statusCode, 400)
    assert.match(mismatch.body, /The passwords do not match/)
    const wrong = await me.post('/account/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-long-password', confirmPassword: 'a-new-long-password' })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /Your current password is not correct/)
    const common = await me.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'password123', confirmPassword: 'password123' })
    assert.match(common.body, /Choose a password that is harder to guess/)
    const ok = await me.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password', confirmPassword: 'a-new-long-password' })
    assert.equal(ok.statusCode, 303)
    assert.match((await me.get('/account')).body, /Your password has been saved/)
    const signIn = await t.agent().post('/sign-in', { email: me.user.email, password: 'a-new-long-password' })
    assert.equal(signIn.statusCode, 303)
  })
})
