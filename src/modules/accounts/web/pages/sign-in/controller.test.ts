import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../../../../test/support/test-app.ts'

describe('sign in with email and password', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { LOCKOUT_THRESHOLD: '3', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  it('shows the sign-in form with a CSRF token', async () => {
    const res = await t.agent().get('/sign-in')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Sign in<\/h1>/)
    assert.match(res.body, /name="_csrf" value="[^"]+"/)
  })

  it('signs in, gives a new session id, and shows who is signed in', async () => {
    const user = await t.createUser('analyst')
    const agent = t.agent()
    const before = await agent.get('/sign-in')
    const anonymousSession = before.cookies.find(c => c.name === 'charter_session')?.value
    const res = await agent.post('/sign-in', { email: user.email.toUpperCase(), password: TEST_PASSWORD })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/')
    const newSession = res.cookies.find(c => c.name === 'charter_session')?.value
    assert.ok(newSession)
    assert.notEqual(newSession, anonymousSession, 'session id must change at sign-in')
    const home = await agent.get('/')
    assert.match(home.body, new RegExp(`Signed in as ${user.displayName}`))
    const events = await t.deps.db.selectFrom('audit_event').selectAll().where('subject_id', '=', user.id).where('action', '=', 'accounts.signed_in').execute()
    assert.equal(events.length, 1)
  })

  it('re-renders with GOV.UK errors and keeps the email when fields are missing or wrong', async () => {
    const agent = t.agent()
    const res = await agent.post('/sign-in', { email: 'not-an-email', password: '' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<title>Error: Sign in/)
    assert.match(res.body, /There is a problem/)
    assert.match(res.body, /href="#email">Enter an email address in the correct format/)
    assert.match(res.body, /href="#password">Enter your password/)
    assert.match(res.body, /value="not-an-email"/)
  })

  it('says the same thing for an unknown email, a wrong password and a locked account', async () => {
    const user = await t.createUser('policy_official')
    const agent = t.agent()
    const unknown = await agent.post('/sign-in', { email: 'nobody@test.example', password: 'whatever-it-is' })
    const wrong = await agent.post('/sign-in', { email: user.email, password: 'wrong-password-1' })
    const messageOf = (body: string) => /href="#email">([^<]+)</.exec(body)?.[1]
    assert.equal(unknown.statusCode, 400)
    assert.equal(messageOf(unknown.body), messageOf(wrong.body))
    await agent.post('/sign-in', { email: user.email, password: 'wrong-password-2' })
    await agent.post('/sign-in', { email: user.email, password: 'wrong-password-3' }) // third failure locks
    const locked = await agent.post('/sign-in', { email: user.email, password: TEST_PASSWORD })
    assert.equal(locked.statusCode, 400, 'the right password does not work while locked')
    assert.equal(messageOf(locked.body), messageOf(unknown.body))
    const lockEvents = await t.deps.db.selectFrom('audit_event').select('action').where('subject_id', '=', user.id).execute()
    assert.deepEqual(lockEvents.map(e => e.action), ['accounts.user_created', 'accounts.sign_in_failed', 'accounts.sign_in_failed', 'accounts.locked'])
  })

  it('refuses a form post without a CSRF token', async () => {
    const res = await t.agent().post('/sign-in', { email: 'a@b.example', password: 'x' }, { csrf: false })
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /Your form could not be sent/)
  })

  it('signs out: the session ends and the account pages need signing in again', async () => {
    const agent = await t.signInAs('advisor')
    assert.equal((await agent.get('/account')).statusCode, 200)
    const out = await agent.post('/sign-out')
    assert.equal(out.statusCode, 303)
    assert.equal(out.headers.location, '/signed-out')
    const again = await agent.get('/account')
    assert.equal(again.statusCode, 303)
    assert.equal(again.headers.location, '/sign-in')
  })
})
