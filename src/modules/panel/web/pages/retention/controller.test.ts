import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { can } from '../../../../../platform/auth/permissions.ts'
import { ROLES } from '../../../../../platform/auth/roles.ts'
import { runJob } from '../../../../../platform/jobs/jobs.ts'
import { registerParticipant } from '../../../domain/register-participant.ts'
import { retentionJob } from '../../../domain/retention.ts'

describe('the retention settings page: /panel/settings/retention', () => {
  let t: TestApp
  let old: { id: string; pseudonym: string }
  let recent: { id: string; pseudonym: string }

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    // Joined long ago and never took part: past any period. Joined today: within it.
    old = await registerParticipant(t.deps, systemActor('test'), { fullName: 'Old Member', email: 'old.member@example.org', preferredChannel: 'email', joinedVia: 'post', joinedAt: '2001-01-01T00:00:00.000Z' })
    recent = await registerParticipant(t.deps, systemActor('test'), { fullName: 'New Member', email: 'new.member@example.org', preferredChannel: 'email', joinedVia: 'online' })
  })
  after(() => t.close())

  it('shows the period, who the next check would erase, and that it has not run yet', async () => {
    const agent = await t.signInAs('panel_manager')
    const res = await agent.get('/panel/settings/retention')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">How long we keep panel records<\/h1>/)
    assert.match(res.body, /name="inactiveMonths"[^>]*value="36"/)
    assert.match(res.body, /This is the standard setting/)
    assert.match(res.body, /<strong>1<\/strong> member has not taken part since/)
    assert.match(res.body, new RegExp(`<a class="govuk-link" href="/panel/participants/${old.id}">${old.pseudonym}</a>`))
    assert.ok(!res.body.includes(recent.pseudonym))
    assert.match(res.body, /Never \(joined 1 January 2001\)/)
    assert.match(res.body, /The check has not run yet/)
    assert.ok(!res.body.includes('Old Member'), 'no names')
    assert.match(res.body, /href="\/panel\/settings\/retention"/, 'offered in the navigation')
  })

  it('shows errors and keeps what was typed', async () => {
    const agent = await t.signInAs('panel_manager')
    const cases: [string | undefined, string][] = [
      [undefined, 'Enter the number of months'],
      ['  ', 'Enter the number of months'],
      ['three years', 'The number of months must be a whole number, like 36'],
      ['6', 'The number of months must be between 12 and 240'],
      ['1000', 'The number of months must be between 12 and 240'],
    ]
    for (const [value, message] of cases) {
      const res = await agent.post('/panel/settings/retention', value === undefined ? {} : { inactiveMonths: value })
      assert.equal(res.statusCode, 400, String(value))
      assert.match(res.body, /<title>Error: How long we keep panel records/)
      assert.match(res.body, new RegExp(`<a href="#inactiveMonths">${message}</a>`), String(value))
      if (value === 'three years') assert.match(res.body, /value="three years"/)
    }
    assert.equal((await agent.get('/panel/settings/retention')).body.includes('value="36"'), true, 'nothing was saved')
  })

  it('saves a new period, audited, and shows the recent checks with what they removed', async () => {
    const agent = await t.signInAs('panel_manager')
    const saved = await agent.post('/panel/settings/retention', { inactiveMonths: ' 48 ' })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, '/panel/settings/retention')
    const page = await agent.get('/panel/settings/retention')
    assert.match(page.body, /Panel records will now be erased after 48 months without taking part/)
    assert.match(page.body, /value="48"/)
    assert.match(page.body, /Last changed on/)
    const audit = await t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.retention_period_changed').execute()
    assert.equal(audit.length, 1)

    await runJob(t.deps, retentionJob, 'charter jobs run')
    const after = await agent.get('/panel/settings/retention')
    assert.match(after.body, /<table class="govuk-table" id="runs">/)
    assert.match(after.body, /Erased: 1 member/)
    assert.match(after.body, new RegExp(`Erased: 1 member[\\s\\S]*${old.pseudonym}`))
    assert.match(after.body, /Period: 48 months/)
    assert.match(after.body, /Nobody: every member has taken part, or joined, in the last 48 months/)
    assert.ok(!after.body.includes('Old Member'))
  })

  it('is for the panel manager and the admin only', async () => {
    const admin = await t.signInAs('admin')
    assert.equal((await admin.get('/panel/settings/retention')).statusCode, 200)
    for (const role of ROLES) {
      if (can(role, 'panel:configure')) continue
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/panel/settings/retention')).statusCode, 403, role)
      assert.equal((await agent.post('/panel/settings/retention', { inactiveMonths: '12' })).statusCode, 403, role)
    }
    assert.equal((await t.agent().get('/panel/settings/retention')).statusCode, 303)
  })
})
