import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { newId } from '../../../../../platform/ids.ts'
import { registerParticipant } from '../../../domain/register-participant.ts'

const IDENTITY = ['Rosalind Featherstonehaugh', 'rosalind.f@example.org', '07700 900456', '12 Lantern Yard', 'GM1 2BB', 'Welsh']

describe('the panel manager and analyst view of a member: /panel/participants/:participantId', () => {
  let t: TestApp
  let member: { id: string; pseudonym: string }

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    member = await registerParticipant(t.deps, systemActor('test'), {
      fullName: IDENTITY[0]!,
      email: IDENTITY[1],
      phone: IDENTITY[2],
      address: { line1: IDENTITY[3]!, town: 'Glenmoor', postcode: IDENTITY[4]! },
      preferredChannel: 'letter',
      preferredFormat: 'another_language',
      preferredLanguage: IDENTITY[5],
      joinedVia: 'post',
      demographics: { area: 'glenmoor', age_band: '65_74' },
      supportNeeds: [{ need: 'bsl_interpreter' }],
      seldomHeardTags: ['deaf_bsl_user'],
    })
  })
  after(() => t.close())

  const identityEvents = async () =>
    (await t.deps.db.selectFrom('audit_event').select('action').where('subject_id', '=', member.id).where('action', '=', 'panel.identity_viewed').execute()).length

  it('shows an analyst the research record by pseudonym, with support needs and history, and no identity at all', async () => {
    const agent = await t.signInAs('analyst')
    const res = await agent.get(`/panel/participants/${member.id}`)
    assert.equal(res.statusCode, 200)
    assert.match(res.body, new RegExp(`<h1 class="govuk-heading-l">${member.pseudonym}</h1>`))
    assert.match(res.body, /<title>Panel member P-/)
    assert.match(res.body, /Glenmoor/)
    assert.match(res.body, /65 to 74/)
    assert.match(res.body, /Deaf BSL user/)
    assert.match(res.body, /id="support-needs"[\s\S]*BSL interpreter/)
    assert.match(res.body, /By post/)
    assert.match(res.body, /The system \(an import or demonstration data\)/)
    assert.match(res.body, /<table class="govuk-table" id="history">[\s\S]*Joined the panel/)
    assert.match(res.body, /id="consents"/)
    for (const s of IDENTITY) assert.ok(!res.body.includes(s), `the analyst's page shows ${s}`)
    assert.ok(!res.body.includes(`/panel/participants/${member.id}/contact"`), 'no link to contact details for an analyst')
    assert.ok(!res.body.includes(`/panel/participants/${member.id}/erase"`), 'no erase link for an analyst')
    assert.ok(!res.body.includes(`/panel/participants/${member.id}/status"`), 'no status link for an analyst')
  })

  it('leaves support needs out for the admin, who reads research data but does not arrange activities', async () => {
    const res = await (await t.signInAs('admin')).get(`/panel/participants/${member.id}`)
    assert.equal(res.statusCode, 200)
    assert.ok(!res.body.includes('id="support-needs"'))
    assert.ok(!res.body.includes('BSL interpreter'))
  })

  it("offers the panel manager the contact details, leaving and erasing; the contact page decrypts and audits each read", async () => {
    const agent = await t.signInAs('panel_manager')
    const page = await agent.get(`/panel/participants/${member.id}`)
    assert.equal(page.statusCode, 200)
    for (const href of ['contact', 'status', 'erase']) assert.match(page.body, new RegExp(`href="/panel/participants/${member.id}/${href}"`), href)
    for (const s of IDENTITY) assert.ok(!page.body.includes(s), 'the research page itself shows no identity, even to the panel manager')

    const before = await identityEvents()
    const contact = await agent.get(`/panel/participants/${member.id}/contact`)
    assert.equal(contact.statusCode, 200)
    assert.match(contact.body, /<h1 class="govuk-heading-l">Name and contact details<\/h1>/)
    for (const s of IDENTITY) assert.ok(contact.body.includes(s), `the contact page shows ${s}`)
    assert.match(contact.body, /Letter/)
    assert.match(contact.body, /Another language/)
    assert.equal(contact.headers['cache-control'], 'no-store')
    assert.equal(await identityEvents(), before + 1, 'the read is in the audit trail')
    const history = await agent.get(`/panel/participants/${member.id}`)
    assert.match(history.body, /Name and contact details seen/)
  })

  it('lets nobody else see contact details, by URL or otherwise', async () => {
    for (const role of ['analyst', 'admin', 'panel_member', 'scrutiny_body', 'seldom_heard_partner'] as const) {
      const res = await (await t.signInAs(role)).get(`/panel/participants/${member.id}/contact`)
      assert.equal(res.statusCode, 403, role)
      for (const s of IDENTITY) assert.ok(!res.body.includes(s), `${role} sees ${s}`)
    }
    const visitor = await t.agent().get(`/panel/participants/${member.id}/contact`)
    assert.equal(visitor.statusCode, 303)
  })

  it('refuses the detail page to roles without research access, and answers 404 for an unknown member', async () => {
    for (const role of ['panel_member', 'stakeholder', 'scrutiny_body'] as const) {
      const res = await (await t.signInAs(role)).get(`/panel/participants/${member.id}`)
      assert.equal(res.statusCode, 403, role)
      assert.ok(!res.body.includes(member.pseudonym))
    }
    const agent = await t.signInAs('panel_manager')
    for (const path of ['', '/contact', '/status', '/erase']) {
      const res = await agent.get(`/panel/participants/${newId()}${path}`)
      assert.equal(res.statusCode, 404, path)
      assert.match(res.body, /Page not found/)
    }
    assert.equal((await agent.get('/panel/participants/not-an-id')).statusCode, 404)
  })

  it('links each pseudonym on the list of members to its page', async () => {
    const res = await (await t.signInAs('analyst')).get('/panel?status=all')
    assert.match(res.body, new RegExp(`<a [^>]*href="/panel/participants/${member.id}"[^>]*>(<span[^>]*>)?${member.pseudonym}`))
  })
})
