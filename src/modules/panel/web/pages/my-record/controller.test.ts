import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_PASSWORD, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { findDemographicsOf, findSupportNeedsOf } from '../../../data/participant.repository.ts'
import { setParticipantUser } from '../../../data/participant-update.repository.ts'
import { changeConsents } from '../../../domain/consent-change.ts'
import { isContactable } from '../../../domain/consent-queries.ts'
import { getParticipantIdentity } from '../../../domain/get-participant-identity.ts'
import { registerParticipant } from '../../../domain/register-participant.ts'

const SYSTEM = systemActor('test')

function summaryOf(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map(m => `${m[1]}: ${m[2]!.trim()}`)
}

describe("a panel member's own record (/my-record)", () => {
  let t: TestApp
  let serial = 0
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  /** A panel member with their own account, signed in. */
  async function memberSignedIn(opts: { special?: boolean } = {}): Promise<{ agent: Agent; participantId: string; email: string; name: string }> {
    serial += 1
    const email = `ignatius.own.${serial}@example.org`
    const name = `Ignatius Ownrecord ${serial}`
    const p = await registerParticipant(t.deps, SYSTEM, {
      fullName: name,
      email,
      phone: '07700 900777',
      address: { line1: `${serial} Juniper Close`, town: 'Westhaven', postcode: 'WH1 1AA' },
      preferredChannel: 'email',
      joinedVia: 'phone',
      demographics: { area: 'westhaven', age_band: '55_64', ...(opts.special ? { disability: 'limited_a_little' } : {}) },
      supportNeeds: [{ need: 'dietary', detail: 'Gluten-free' }],
    })
    await changeConsents(
      t.deps,
      SYSTEM,
      p.id,
      [
        { purpose: 'contact_research', given: true },
        { purpose: 'quotes', given: true },
        { purpose: 'special_category', given: opts.special === true },
        { purpose: 'recordings', given: false },
      ],
      { channel: 'phone' },
    )
    const user = await t.createUser('panel_member', { email, name })
    await setParticipantUser(t.deps.db, p.id, user.id, new Date().toISOString())
    const agent = t.agent()
    const res = await agent.post('/sign-in', { email, password: TEST_PASSWORD })
    assert.equal(res.statusCode, 303)
    return { agent, participantId: p.id, email, name }
  }

  it('shows the person their own details, answers, support needs, contact preferences and consents', async () => {
    const me = await memberSignedIn({ special: true })
    const res = await me.agent.get('/my-record')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Your panel record<\/h1>/)
    for (const s of [me.name, me.email, '07700 900777', `${serial} Juniper Close<br>Westhaven<br>WH1 1AA`, 'Westhaven', '55 to 64', 'Yes, limited a little', 'Dietary needs: Gluten-free', 'Email']) {
      assert.ok(res.body.includes(s), `the page shows ${s}`)
    }
    assert.match(res.body, /Contacting you about research<\/dt>\s*<dd class="govuk-summary-list__value">\s*Yes, since \d+ \w+ \d{4}/)
    assert.match(res.body, /Recording what you say<\/dt>\s*<dd class="govuk-summary-list__value">\s*No, since/)
    assert.match(res.body, /What you agreed to \(version 1\)/)
    assert.match(res.body, /We can contact you to invite you to take part in research/, 'the wording they agreed to')
    assert.match(res.body, /href="\/my-record\/erase">Remove me from the panel<\/a>/)
    const viewed = await t.deps.db.selectFrom('audit_event').select('summary').where('subject_id', '=', me.participantId).where('action', '=', 'panel.own_record_viewed').execute()
    assert.equal(viewed.length, 1, 'reading their own identity is audited too')
    assert.ok(!viewed[0]!.summary.includes('Ignatius'))
  })

  it('never shows anyone else: without a panel record of your own, you are told how to join and the change pages are not found', async () => {
    const other = await memberSignedIn()
    const me = await memberSignedIn()
    const mine = await me.agent.get('/my-record')
    assert.ok(mine.body.includes(me.name))
    assert.ok(!mine.body.includes(other.name) && !mine.body.includes(other.email))

    const noRecord = await t.signInAs('panel_member')
    const page = await noRecord.get('/my-record')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /not linked to a place on the Experience Panel/)
    assert.match(page.body, /href="\/join"/)
    assert.equal((await noRecord.post('/my-record/contact', {})).statusCode, 404)
    for (const path of ['/my-record/contact', '/my-record/answers', '/my-record/support', '/my-record/consents']) {
      assert.equal((await noRecord.get(path)).statusCode, 404, path)
      assert.equal((await noRecord.post(path, {})).statusCode, 404, `POST ${path}`)
    }
    const coreGroup = await t.signInAs('core_group_member')
    assert.match((await coreGroup.get('/my-record')).body, /not linked to a place/)
    for (const role of ['analyst', 'panel_manager'] as const) assert.equal((await (await t.signInAs(role)).get('/my-record')).statusCode, 403, role)
    const visitor = await t.agent().get('/my-record')
    assert.equal(visitor.headers.location, '/sign-in')
  })

  it('changes contact details and preferences, with GOV.UK errors that keep what was typed', async () => {
    const me = await memberSignedIn()
    const form = await me.agent.get('/my-record/contact')
    assert.match(form.body, new RegExp(`value="${me.email}"`))
    assert.match(form.body, /value="email" checked/)

    const bad = await me.agent.post('/my-record/contact', { fullName: me.name, email: '', phone: '0770', preferredChannel: 'email', preferredFormat: 'standard' })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(summaryOf(bad.body), ['#phone: Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'])
    assert.match(bad.body, /value="0770"/)

    const ok = await me.agent.post('/my-record/contact', {
      fullName: me.name,
      email: me.email,
      phone: '',
      addressLine1: '1 New Street',
      addressTown: 'Eastport',
      addressPostcode: 'EP1 1AA',
      preferredChannel: 'letter',
      preferredFormat: 'another_language',
      preferredLanguage: 'Gaelic',
    })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, '/my-record')
    const after = await me.agent.get('/my-record')
    assert.match(after.body, /Your contact details have been saved/)
    assert.match(after.body, /1 New Street<br>Eastport<br>EP1 1AA/)
    assert.match(after.body, /Another language: Gaelic/)
    const identity = await getParticipantIdentity(t.deps, { userId: null, role: 'panel_manager', displayName: 'm' }, me.participantId)
    assert.equal(identity.phone, null)
    assert.equal(identity.preferredChannel, 'letter')
  })

  it('changes answers (special-category questions only with that consent) and support needs', async () => {
    const me = await memberSignedIn()
    const page = await me.agent.get('/my-record/answers')
    assert.doesNotMatch(page.body, /name="answer-disability"/)
    assert.match(page.body, /You have not agreed to us keeping information about your health/)
    assert.match(page.body, /name="answer-area" type="radio" value="westhaven" checked/)

    const bad = await me.agent.post('/my-record/answers', { 'answer-area': 'westhaven', 'answer-benefits': ['carer', 'nonsense'] })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(summaryOf(bad.body), ['#answer-benefits: Select an answer from the list'])
    const sneaky = await me.agent.post('/my-record/answers', { 'answer-area': 'eastport', 'answer-disability': 'limited_a_lot' })
    assert.equal(sneaky.statusCode, 303, 'a question not on the page is ignored')
    const answers = (await findDemographicsOf(t.deps.db, [me.participantId])).map(d => `${d.dimension}=${d.value}`)
    assert.deepEqual(answers, ['area=eastport'], 'unticked questions become not answered, and nothing special-category was kept')

    const support = await me.agent.post('/my-record/support', { needs: ['other'], 'needDetail-other': '' })
    assert.equal(support.statusCode, 400)
    assert.deepEqual(summaryOf(support.body), ['#needDetail-other: Enter details of the support you need (something else)'])
    assert.equal((await me.agent.post('/my-record/support', { needs: ['other', 'quiet_room'], 'needDetail-other': 'Large-print papers' })).statusCode, 303)
    assert.deepEqual((await findSupportNeedsOf(t.deps.db, [me.participantId])).map(n => n.need), ['other', 'quiet_room'])
  })

  it('changes consents: withdrawing contact says what it means, and stops contact at once', async () => {
    const me = await memberSignedIn()
    const page = await me.agent.get('/my-record/consents')
    assert.match(page.body, /If you say no, we will stop contacting you about research straight away/)
    assert.match(page.body, /name="consent-contact_research" type="radio" value="yes" checked/)
    assert.match(page.body, /name="consent-recordings" type="radio" value="no" checked/)

    const bad = await me.agent.post('/my-record/consents', { 'consent-contact_research': 'no' })
    assert.equal(bad.statusCode, 400)
    assert.equal(summaryOf(bad.body).length, 3)
    assert.match(bad.body, /name="consent-contact_research" type="radio" value="no" checked/)

    assert.equal(await isContactable(t.deps, me.participantId), true)
    const res = await me.agent.post('/my-record/consents', {
      'consent-contact_research': 'no',
      'version-contact_research': '1',
      'consent-quotes': 'yes',
      'consent-special_category': 'no',
      'consent-recordings': 'no',
    })
    assert.equal(res.statusCode, 303)
    assert.equal(await isContactable(t.deps, me.participantId), false)
    const after = await me.agent.get('/my-record')
    assert.match(after.body, /We will not contact you about research any more/)
    assert.match(after.body, /Contacting you about research<\/dt>\s*<dd class="govuk-summary-list__value">\s*No, since/)
    const events = await t.deps.db.selectFrom('audit_event').select(['action', 'actor_role']).where('subject_id', '=', me.participantId).where('action', '=', 'panel.consent_withdrawn').execute()
    assert.deepEqual(events.map(e => [e.action, e.actor_role]), [['panel.consent_withdrawn', 'panel_member']])
  })
})
