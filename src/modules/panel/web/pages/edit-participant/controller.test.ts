import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { can } from '../../../../../platform/auth/permissions.ts'
import { ROLES } from '../../../../../platform/auth/roles.ts'
import { newId } from '../../../../../platform/ids.ts'
import { createEventBus } from '../../../../../platform/events/event-bus.ts'
import { eraseParticipant } from '../../../domain/erase-participant.ts'
import { getParticipantIdentity } from '../../../domain/get-participant-identity.ts'
import { getParticipantForEditing } from '../../../domain/queries/participant-detail.ts'
import { registerParticipant } from '../../../domain/register-participant.ts'

const FORMS = ['contact', 'answers', 'support', 'groups', 'invitations'] as const

describe("the panel manager's change pages: /panel/participants/:participantId/edit/*", () => {
  let t: TestApp
  let manager: Agent & { user: { id: string } }
  let member: { id: string; pseudonym: string }
  const url = (form: string, id = member.id) => `/panel/participants/${id}/edit/${form}`
  const managerActor = () => ({ userId: manager.user.id, role: 'panel_manager' as const, displayName: 'Test' })
  const current = () => getParticipantForEditing(t.deps, managerActor(), member.id)
  const auditCount = async (action: string) =>
    (await t.deps.db.selectFrom('audit_event').select('id').where('subject_id', '=', member.id).where('action', '=', action).execute()).length

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    manager = await t.signInAs('panel_manager')
    member = await registerParticipant(t.deps, systemActor('test'), {
      fullName: 'Temperance Oakhurst',
      email: 'temperance.oakhurst@example.org',
      phone: '07700 900654',
      preferredChannel: 'email',
      joinedVia: 'phone',
      demographics: { area: 'eastport', age_band: '45_54' },
      supportNeeds: [{ need: 'quiet_room' }],
      seldomHeardTags: ['remote_rural'],
    })
  })
  after(() => t.close())

  it('offers each change page on the member page, to the panel manager only', async () => {
    const page = await manager.get(`/panel/participants/${member.id}`)
    for (const form of FORMS) assert.match(page.body, new RegExp(`href="${url(form)}"`), form)
    const analystPage = await (await t.signInAs('analyst')).get(`/panel/participants/${member.id}`)
    for (const form of FORMS) assert.ok(!analystPage.body.includes(url(form)), form)
  })

  it('contact details: filled in (a recorded read), errors keep what was typed, then saves', async () => {
    const reads = await auditCount('panel.identity_viewed')
    const form = await manager.get(url('contact'))
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /value="Temperance Oakhurst"/)
    assert.match(form.body, /value="temperance.oakhurst@example.org"/)
    assert.equal(await auditCount('panel.identity_viewed'), reads + 1)

    const bad = await manager.post(url('contact'), { fullName: '', email: 'not-an-email', phone: '07700 900654', preferredChannel: 'email', preferredFormat: 'standard' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /<title>Error: /)
    assert.match(bad.body, /<a href="#fullName">Enter their full name<\/a>/)
    assert.match(bad.body, /<a href="#email">Enter an email address in the correct format, like name@example.com<\/a>/)
    assert.match(bad.body, /value="not-an-email"/, 'what was typed is kept')

    const ok = await manager.post(url('contact'), { fullName: 'Temperance Oakhurst', email: 'temperance.new@example.org', phone: '07700 900654', preferredChannel: 'phone', preferredFormat: 'large_print' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, `/panel/participants/${member.id}`)
    const identity = await getParticipantIdentity(t.deps, managerActor(), member.id)
    assert.equal(identity.email, 'temperance.new@example.org')
    assert.equal(identity.preferredChannel, 'phone')
    assert.equal(identity.preferredFormat, 'large_print')
    const page = await manager.get(`/panel/participants/${member.id}`)
    assert.match(page.body, new RegExp(`${member.pseudonym}: contact details saved`))
    assert.match(page.body, /Changed: email address, how to contact them, format/)
    assert.ok(!page.body.includes('temperance.new'), 'the history names the fields, never the values')
  })

  it('answers: a value not in the list is an error; then saves', async () => {
    const form = await manager.get(url('answers'))
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /They have not agreed to us keeping information about their health, disability and ethnic group/)
    assert.ok(!form.body.includes('name="answer-ethnicity"'), 'special-category questions are not asked without consent')
    const bad = await manager.post(url('answers'), { 'answer-area': 'atlantis', 'answer-age_band': '45_54' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /<a href="#answer-area">Select an answer from the list<\/a>/)
    const ok = await manager.post(url('answers'), { 'answer-area': 'the_isles', 'answer-benefits': ['carer', 'housing'] })
    assert.equal(ok.statusCode, 303)
    const p = await current()
    assert.deepEqual(p.demographics.area, ['the_isles'])
    assert.deepEqual([...(p.demographics.benefits ?? [])].sort(), ['carer', 'housing'])
    assert.equal(p.demographics.age_band, undefined, 'left empty: not answered')
  })

  it('support needs: "something else" needs details; then saves', async () => {
    const form = await manager.get(url('support'))
    assert.match(form.body, /value="quiet_room" checked/)
    const bad = await manager.post(url('support'), { needs: ['other'] })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /<a href="#needDetail-other">Enter details of the support they need \(something else\)<\/a>/)
    const ok = await manager.post(url('support'), { needs: ['travel', 'other'], 'needDetail-travel': 'Bus pass', 'needDetail-other': 'Large-print papers' })
    assert.equal(ok.statusCode, 303)
    assert.deepEqual((await current()).supportNeeds, [
      { need: 'other', detail: 'Large-print papers' },
      { need: 'travel', detail: 'Bus pass' },
    ])
  })

  it('seldom-heard groups: an unknown group is an error; then saves', async () => {
    const bad = await manager.post(url('groups'), { seldomHeardTags: ['martians'] })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /<a href="#seldomHeardTags">Select a group from the list<\/a>/)
    const ok = await manager.post(url('groups'), { seldomHeardTags: ['digitally_excluded', 'care_experienced'] })
    assert.equal(ok.statusCode, 303)
    assert.deepEqual([...(await current()).seldomHeardTags].sort(), ['care_experienced', 'digitally_excluded'])
    const none = await manager.post(url('groups'), {})
    assert.equal(none.statusCode, 303)
    assert.deepEqual((await current()).seldomHeardTags, [])
  })

  it('invitations a month: from 1 to 20; then saves; saving the same says nothing changed', async () => {
    const form = await manager.get(url('invitations'))
    assert.match(form.body, /name="maxInvitationsPerMonth"[^>]*value="2"/)
    for (const [value, message] of [
      ['0', 'Invitations a month must be 1 or more'],
      ['21', 'Invitations a month must be 20 or fewer'],
      ['lots', 'Enter how many invitations a month, as a whole number'],
    ]) {
      const bad = await manager.post(url('invitations'), { maxInvitationsPerMonth: value! })
      assert.equal(bad.statusCode, 400, value)
      assert.match(bad.body, new RegExp(`<a href="#maxInvitationsPerMonth">${message}</a>`))
      assert.match(bad.body, new RegExp(`value="${value}"`))
    }
    assert.equal((await manager.post(url('invitations'), { maxInvitationsPerMonth: '5' })).statusCode, 303)
    assert.equal((await current()).maxInvitationsPerMonth, 5)
    await manager.post(url('invitations'), { maxInvitationsPerMonth: '5' })
    assert.match((await manager.get(`/panel/participants/${member.id}`)).body, /nothing was changed/)
  })

  it('refuses every other role, answers 404 for an unknown member, and 409 for an erased one', async () => {
    for (const role of ROLES) {
      if (can(role, 'panel:edit')) continue
      const agent = await t.signInAs(role)
      for (const form of FORMS) {
        assert.equal((await agent.get(url(form))).statusCode, 403, `${role} ${form}`)
        assert.equal((await agent.post(url(form), { maxInvitationsPerMonth: '9' })).statusCode, 403, `${role} ${form}`)
      }
    }
    for (const form of FORMS) assert.equal((await manager.get(url(form, newId()))).statusCode, 404, form)

    const gone = await registerParticipant(t.deps, systemActor('test'), { fullName: 'Gone Person', phone: '07700 900111', preferredChannel: 'phone', joinedVia: 'phone' })
    await eraseParticipant(t.deps, managerActor(), { participantId: gone.id, deleteContributions: false }, { events: createEventBus() })
    for (const form of FORMS) {
      const res = await manager.get(url(form, gone.id))
      assert.equal(res.statusCode, 409, form)
      assert.match(res.body, /There is nothing left to change/)
      assert.equal((await manager.post(url(form, gone.id), { maxInvitationsPerMonth: '3' })).statusCode, 409, form)
    }
  })
})
