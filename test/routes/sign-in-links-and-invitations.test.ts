import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fixedClock } from '../../src/platform/clock.ts'
import { linkIn } from '../support/smtp.ts'
import { createTestApp, type TestApp } from '../support/test-app.ts'

const clock = fixedClock('2026-11-23T10:00:00Z')

describe('sign-in links sent by email', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ clock, env: { SIGN_IN_LINK_MINUTES: '20', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  it('emails a one-time link over SMTP; opening it shows a button; pressing it signs in once', async () => {
    const user = await t.createUser('panel_member', { password: null })
    const agent = t.agent()
    const res = await agent.post('/sign-in/email-link', { email: user.email })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/sign-in/check-email')
    const mail = await t.smtp.waitFor(m => m.to.includes(user.email))
    assert.match(mail.subject, /sign-in link/)
    const link = new URL(linkIn(mail.text))
    assert.equal(link.origin, 'http://localhost:3000')

    const page = await agent.get(link.pathname)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Select the button to finish signing in/)
    assert.equal((await agent.get('/account')).statusCode, 303, 'opening the link alone does not sign in')

    const signedIn = await agent.post(link.pathname)
    assert.equal(signedIn.statusCode, 303)
    const account = await agent.get('/account')
    assert.equal(account.statusCode, 200)
    assert.match(account.body, /you sign in with an emailed link/)

    const again = await t.agent().post(link.pathname)
    assert.equal(again.statusCode, 410, 'a link works once')
    assert.match(again.body, /This sign-in link has stopped working/)
  })

  it('shows the same page and sends nothing for an address with no account', async () => {
    const before = t.smtp.messages.length
    const res = await t.agent().post('/sign-in/email-link', { email: 'nobody-here@test.example' })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/sign-in/check-email')
    await new Promise(r => setTimeout(r, 200))
    assert.equal(t.smtp.messages.length, before)
  })

  it('refuses an expired link and a link replaced by a newer one', async () => {
    const user = await t.createUser('core_group_member', { password: null })
    const agent = t.agent()
    await agent.post('/sign-in/email-link', { email: user.email })
    const first = new URL(linkIn((await t.smtp.waitFor(m => m.to.includes(user.email))).text)).pathname
    await agent.post('/sign-in/email-link', { email: user.email })
    for (let i = 0; i < 50 && t.smtp.messages.filter(m => m.to.includes(user.email)).length < 2; i++) await new Promise(r => setTimeout(r, 20))
    const mails = t.smtp.messages.filter(m => m.to.includes(user.email))
    assert.equal(mails.length, 2)
    const second = new URL(linkIn(mails[1]!.text)).pathname
    assert.equal((await agent.get(first)).statusCode, 410, 'the older link stopped working')
    clock.advance(21 * 60_000)
    const expired = await agent.get(second)
    assert.equal(expired.statusCode, 410)
    assert.match(expired.body, /It was too old/)
    assert.equal((await agent.post(second)).statusCode, 410)
  })

  it('asks for a valid email address, keeping what was typed', async () => {
    const res = await t.agent().post('/sign-in/email-link', { email: 'someone at example' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /Enter an email address in the correct format/)
    assert.match(res.body, /value="someone at example"/)
  })
})

describe('invitations', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  it('an admin invites; the person gets the email, accepts without a password and is signed in', async () => {
    const admin = await t.signInAs('admin')
    const bad = await admin.post('/users/invite', { displayName: '', email: 'bad', role: '' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#displayName">Enter their full name/)
    assert.match(bad.body, /href="#role">Select a role/)
    assert.match(bad.body, /value="bad"/)

    const res = await admin.post('/users/invite', { displayName: 'Rhona Ombudsman', email: 'Rhona@Ombudsman.example', role: 'advisor' })
    assert.equal(res.statusCode, 303)
    const mail = await t.smtp.waitFor(m => m.to.includes('rhona@ombudsman.example'))
    assert.match(mail.text, /Dear Rhona Ombudsman/)
    assert.match(mail.text, /as: Advisor/)
    const path = new URL(linkIn(mail.text)).pathname

    const person = t.agent()
    const page = await person.get(path)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Accept your invitation/)
    const weak = await person.post(path, { displayName: 'Rhona M', password: 'short', confirmPassword: 'short' })
    assert.equal(weak.statusCode, 400)
    assert.match(weak.body, /Password must be 10 characters or more/)
    assert.match(weak.body, /value="Rhona M"/)
    const ok = await person.post(path, { displayName: 'Rhona M', password: '', confirmPassword: '' })
    assert.equal(ok.statusCode, 303)
    const account = await person.get('/account')
    assert.match(account.body, /Rhona M/)
    assert.match(account.body, /Advisor/)
    assert.equal((await t.agent().get(path)).statusCode, 410, 'an invitation works once')

    const dup = await admin.post('/users/invite', { displayName: 'Again', email: 'rhona@ombudsman.example', role: 'advisor' })
    assert.equal(dup.statusCode, 400)
    assert.match(dup.body, /There is already an account with this email address/)

    const actions = await t.deps.db.selectFrom('audit_event').select('action').where('action', 'in', ['accounts.user_invited', 'accounts.invitation_accepted']).execute()
    assert.deepEqual(actions.map(a => a.action).sort(), ['accounts.invitation_accepted', 'accounts.user_invited'])
  })
})
