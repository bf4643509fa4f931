import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { addPrinciple } from '../../../domain/add-principle.ts'

describe('GET /charter/principles (public)', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('says when there are no principles yet', async () => {
    const res = await t.agent().get('/charter/principles')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /The principles have not been published yet/)
  })

  it('shows everyone, signed in or not, the principles in order as a GOV.UK page', async () => {
    await addPrinciple(t.deps, systemActor('test'), {
      title: 'Dignity comes first',
      body: 'We treat you with respect.\n\nWe <b>listen</b>.',
      sourceReference: 'Act, section 1(d)',
    })
    await addPrinciple(t.deps, systemActor('test'), { title: 'A human right', body: 'Social security is a human right.' })
    const res = await t.agent().get('/charter/principles')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<title>Our principles - /)
    assert.match(res.body, /<h1 class="govuk-heading-xl">Our principles<\/h1>/)
    assert.match(res.body, /<h2 class="govuk-heading-m">1\. Dignity comes first<\/h2>\s*<p class="govuk-body">We treat you with respect\.<\/p>/)
    assert.match(res.body, /<p class="govuk-body">We &lt;b&gt;listen&lt;\/b&gt;\.<\/p>/, 'text is escaped, never markup')
    assert.match(res.body, /Source: Act, section 1\(d\)/)
    assert.ok(res.body.indexOf('Dignity comes first') < res.body.indexOf('A human right'))
    assert.match(res.body, /href="\/charter\/principles"/, 'in the navigation for visitors')

    for (const role of ['panel_member', 'analyst', 'approver'] as const) {
      const signedIn = await (await t.signInAs(role)).get('/charter/principles')
      assert.equal(signedIn.statusCode, 200, role)
      assert.match(signedIn.body, /A human right/)
    }
  })
})
