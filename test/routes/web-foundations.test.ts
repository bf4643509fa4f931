import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fixedClock } from '../../src/platform/clock.ts'
import { buildApp } from '../../src/app.ts'
import { Agent, createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.ts'

describe('web foundations', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { ORGANISATION_NAME: 'Testshire Council', BRAND_COLOUR: '#5a1f6b', SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' } })
  })
  after(() => t.close())

  it('GET /health answers JSON with the dialect when the database answers', async () => {
    const res = await t.agent().get('/health')
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { status: 'ok', database: t.deps.dialect })
  })

  it('sends a strict nonce-based CSP and the other security headers on every page', async () => {
    const res = await t.agent().get('/')
    const csp = String(res.headers['content-security-policy'])
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /script-src 'self' 'nonce-[a-f0-9]+'/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.match(csp, /object-src 'none'/)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
    const nonce = /'nonce-([a-f0-9]+)'/.exec(csp)![1]
    assert.match(res.body, new RegExp(`<script nonce="${nonce}">`), 'the inline script carries the nonce')
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['referrer-policy'], 'same-origin')
    assert.ok(res.headers['x-request-id'])
  })

  it('uses our own theme: organisation name and colour from configuration, no GOV.UK crown or logotype', async () => {
    const res = await t.agent().get('/')
    assert.match(res.body, /Testshire Council/)
    assert.match(res.body, /--charter-brand-colour: #5a1f6b/)
    assert.doesNotMatch(res.body, /govuk-logo|govuk-header__logotype|GOV\.UK - The best place/)
    assert.match(res.body, /class="govuk-skip-link"/)
    assert.match(res.body, /govuk-phase-banner/)
    assert.doesNotMatch(res.body, /cookie-banner/, 'no cookie banner: only essential cookies are used')
    const css = await t.agent().get('/assets/app.css')
    assert.equal(css.statusCode, 200)
    assert.doesNotMatch(css.body, /GDS Transport/)
  })

  it('has an accessibility statement, cookies, privacy and contact pages', async () => {
    for (const [url, heading] of [
      ['/accessibility', 'Accessibility statement'],
      ['/cookies', 'Cookies'],
      ['/privacy', 'Privacy notice'],
      ['/contact', 'Contact us'],
    ] as const) {
      const res = await t.agent().get(url)
      assert.equal(res.statusCode, 200, url)
      assert.match(res.body, new RegExp(`<h1 class="govuk-heading-l">${heading}`), url)
    }
  })

  it('shows GOV.UK 404 and 403 pages, and JSON to API clients', async () => {
    const missing = await t.agent().get('/no/such/page')
    assert.equal(missing.statusCode, 404)
    assert.match(missing.body, /<title>Page not found/)
    const json = await t.agent().get('/no/such/page', { accept: 'application/json' })
    assert.equal(json.statusCode, 404)
    assert.equal(json.json().status, 404)
    const analyst = await t.signInAs('analyst')
    const forbidden = await analyst.get('/users')
    assert.equal(forbidden.statusCode, 403)
    assert.match(forbidden.body, /You do not have permission to see this page/)
  })

  it('sends the signed-out visitor to sign in, then back to the page they wanted', async () => {
    const user = await t.createUser('admin')
    const agent = t.agent()
    const res = await agent.get('/audit?action=accounts')
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/sign-in')
    const signIn = await agent.post('/sign-in', { email: user.email, password: TEST_PASSWORD })
    assert.equal(signIn.headers.location, '/audit?action=accounts')
  })

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const res = await t.agent().get('/sign-in')
    const cookie = res.cookies.find(c => c.name === 'charter_session')
    assert.ok(cookie)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
  })

  it('rate-limits sign-in attempts from one address', async () => {
    const agent = t.agent()
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await agent.post('/sign-in', { email: 'x@test.example', password: 'wrong-password' })).statusCode)
    assert.ok(statuses.includes(429), `expected a 429 among ${statuses.join(',')}`)
    const limited = await agent.post('/sign-in', { email: 'x@test.example', password: 'wrong-password' })
    assert.equal(limited.statusCode, 429)
    assert.match(limited.body, /Too many attempts/)
  })
})

describe('sessions expire', () => {
  const clock = fixedClock('2026-11-23T09:00:00Z')
  let t: TestApp
  before(async () => {
    t = await createTestApp({ clock, env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  it('after the idle timeout with no activity', async () => {
    const me = await t.signInAs('analyst')
    clock.advance(20 * 60_000)
    assert.equal((await me.get('/account')).statusCode, 200, 'still signed in after 20 minutes')
    clock.advance(31 * 60_000)
    assert.equal((await me.get('/account')).statusCode, 303, 'signed out after 31 idle minutes')
  })

  it('after the absolute timeout even when active', async () => {
    const me = await t.signInAs('analyst')
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * 60_000)
      assert.equal((await me.get('/account')).statusCode, 200, `active after ${(i + 1) * 25} minutes`)
    }
    clock.advance(25 * 60_000)
    assert.equal((await me.get('/account')).statusCode, 303, 'signed out after 2 hours in all (125 minutes)')
  })

  it('writes the stored session at most once a minute while the person is active, not on every page', async () => {
    const me = await t.signInAs('analyst')
    const stamps = async () => (await t.database.db.selectFrom('session').select(['id', 'updated_at', 'expires_at']).where('user_id', 'is not', null).execute()).map(r => `${r.id}:${r.updated_at}:${r.expires_at}`).sort()
    clock.advance(61_000)
    assert.equal((await me.get('/account')).statusCode, 200)
    const first = await stamps()
    clock.advance(20_000)
    assert.equal((await me.get('/account')).statusCode, 200)
    assert.deepEqual(await stamps(), first, 'a page 20 seconds later leaves the stored session alone')
    clock.advance(45_000)
    assert.equal((await me.get('/account')).statusCode, 200)
    assert.notDeepEqual(await stamps(), first, 'over a minute later the idle expiry moves on')
  })
})

describe('health when the database does not answer', () => {
  it('answers 503', async () => {
    const t = await createTestApp()
    await t.database.close()
    const res = await t.app.inject({ method: 'GET', url: '/health' })
    assert.equal(res.statusCode, 503)
    assert.equal(res.json().status, 'unavailable')
    await t.app.close()
    await t.smtp.close()
  })
})

describe('several app instances on one database', () => {
  it('share one sign-in rate limit (the counters are in the database)', async () => {
    const t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' } })
    const second = await buildApp(t.deps)
    const a = t.agent()
    const b = new Agent(second)
    const form = { email: 'x@test.example', password: 'wrong-password' }
    const statuses = [
      (await a.post('/sign-in', form)).statusCode,
      (await b.post('/sign-in', form)).statusCode,
      (await a.post('/sign-in', form)).statusCode,
      (await b.post('/sign-in', form)).statusCode,
    ]
    assert.deepEqual(statuses, [400, 400, 400, 429])
    await second.close()
    await t.close()
  })
})
