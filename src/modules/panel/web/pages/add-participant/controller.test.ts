import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { findDemographicsOf, findParticipantById, findSeldomHeardTagsOf, findSupportNeedsOf } from '../../../data/participant.repository.ts'
import { getConsentHistory } from '../../../domain/consent-queries.ts'
import { getParticipantIdentity } from '../../../domain/get-participant-identity.ts'

function summaryOf(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map(m => m[1]!)
}

let serial = 0
function form(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  serial += 1
  return {
    joinedVia: 'phone',
    'joinedOn-day': '',
    'joinedOn-month': '',
    'joinedOn-year': '',
    fullName: `Eudora Onbehalf ${serial}`,
    email: '',
    phone: `01632 960${String(100 + serial)}`,
    addressLine1: '12 Heather Lane',
    addressLine2: '',
    addressTown: 'Glenmoor',
    addressPostcode: 'GL2 3CD',
    preferredChannel: 'letter',
    preferredFormat: 'large_print',
    'answer-area': 'glenmoor',
    'answer-benefits': ['carer', 'winter_heating'],
    needs: ['accessible_venue', 'carer_companion'],
    'needDetail-accessible_venue': 'Step-free',
    seldomHeardTags: 'digitally_excluded',
    maxInvitationsPerMonth: '1',
    'consent-contact_research': 'yes',
    'version-contact_research': '1',
    'consent-quotes': 'yes',
    'version-quotes': '1',
    'consent-special_category': 'no',
    'version-special_category': '1',
    'consent-recordings': 'no',
    'version-recordings': '1',
    ...over,
  }
}

describe('adding someone to the panel on their behalf (/panel/participants/new)', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('shows the panel manager a form with every question of the journey and the consents', async () => {
    const manager = await t.signInAs('panel_manager')
    const res = await manager.get('/panel/participants/new')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Add someone to the panel<\/h1>/)
    for (const s of ['value="phone"', 'value="post"', 'value="partner"', 'name="answer-ethnicity"', 'name="needs"', 'name="seldomHeardTags"', 'name="maxInvitationsPerMonth"', 'name="consent-recordings"', 'name="joinedOn-day"']) {
      assert.ok(res.body.includes(s), `the form has ${s}`)
    }
    assert.doesNotMatch(res.body, /name="joinedVia" type="radio" value="online"/, 'online is for people who join by themselves')
    assert.match(res.body, /href="\/panel\/participants\/new"/, 'the navigation offers it')
  })

  it('re-shows the form with GOV.UK errors and everything that was typed', async () => {
    const manager = await t.signInAs('panel_manager')
    const res = await manager.post('/panel/participants/new', {
      fullName: 'Kept Name',
      phone: 'nonsense',
      'joinedOn-day': '31',
      'joinedOn-month': '2',
      'joinedOn-year': '2026',
      'answer-benefits': ['carer', 'housing'],
      'consent-quotes': 'yes',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<title>Error: Add someone to the panel/)
    assert.deepEqual(summaryOf(res.body), [
      '#joinedVia',
      '#joinedOn-day',
      '#phone',
      '#preferredChannel',
      '#consent-contact_research',
      '#consent-special_category',
      '#consent-recordings',
    ])
    assert.match(res.body, /value="Kept Name"/)
    assert.match(res.body, /value="nonsense"/)
    assert.match(res.body, /value="housing" checked/)
    assert.match(res.body, /name="consent-quotes" type="radio" value="yes" checked/)
  })

  it('registers them, entered by the manager, with the consents they gave by phone, and goes to their page', async () => {
    const manager = await t.signInAs('panel_manager')
    const input = form({ 'joinedOn-day': '3', 'joinedOn-month': '3', 'joinedOn-year': '2026' })
    const res = await manager.post('/panel/participants/new', input)
    assert.equal(res.statusCode, 303, summaryOf(res.body).join())
    const id = /^\/panel\/participants\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1]
    assert.ok(id, `redirects to the participant's page, not ${res.headers.location}`)

    const p = await findParticipantById(t.deps.db, id)
    assert.deepEqual([p?.joined_via, p?.entered_by_user_id, p?.entered_by_role, p?.joined_at, p?.max_invitations_per_month], [
      'phone',
      manager.user.id,
      'panel_manager',
      '2026-03-03T00:00:00.000Z',
      1,
    ])
    const identity = await getParticipantIdentity(t.deps, { userId: manager.user.id, role: 'panel_manager', displayName: 'm' }, id)
    assert.equal(identity.fullName, input.fullName)
    assert.equal(identity.address?.postcode, 'GL2 3CD')
    assert.deepEqual((await findDemographicsOf(t.deps.db, [id])).map(d => `${d.dimension}=${d.value}`), ['area=glenmoor', 'benefits=carer', 'benefits=winter_heating'])
    assert.deepEqual((await findSupportNeedsOf(t.deps.db, [id])).map(n => [n.need, n.detail]), [
      ['accessible_venue', 'Step-free'],
      ['carer_companion', null],
    ])
    assert.deepEqual((await findSeldomHeardTagsOf(t.deps.db, [id])).map(x => x.tag), ['digitally_excluded'])
    const consents = await getConsentHistory(t.deps, systemActor('test'), id)
    assert.deepEqual(consents.map(c => `${c.purpose}:${c.given}:${c.channel}:${c.recordedByUserId === manager.user.id}`), [
      'contact_research:true:phone:true',
      'quotes:true:phone:true',
      'special_category:false:phone:true',
      'recordings:false:phone:true',
    ])
  })

  it('refuses special-category answers without that consent, and an email already on the panel', async () => {
    const manager = await t.signInAs('panel_manager')
    const noConsent = await manager.post('/panel/participants/new', form({ 'answer-ethnicity': 'arab' }))
    assert.equal(noConsent.statusCode, 400)
    assert.deepEqual(summaryOf(noConsent.body), ['#answer-ethnicity'])
    const first = await manager.post('/panel/participants/new', form({ email: 'twice@example.org' }))
    assert.equal(first.statusCode, 303)
    const twice = await manager.post('/panel/participants/new', form({ email: 'twice@example.org' }))
    assert.equal(twice.statusCode, 400)
    assert.deepEqual(summaryOf(twice.body), ['#email'])
    assert.match(twice.body, /There is already a panel member with this email address/)
  })

  it('lets a partner add only people who joined through them, and does not show them the record afterwards', async () => {
    const partner = await t.signInAs('seldom_heard_partner')
    const page = await partner.get('/panel/participants/new')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /name="joinedVia" type="radio" value="partner" checked/)
    assert.doesNotMatch(page.body, /name="joinedVia" type="radio" value="phone"/)

    const refused = await partner.post('/panel/participants/new', form({ joinedVia: 'phone' }))
    assert.equal(refused.statusCode, 403, 'the object-level check refuses another route')

    const res = await partner.post('/panel/participants/new', form({ joinedVia: 'partner' }))
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/panel/participants/new')
    const next = await partner.get('/panel/participants/new')
    assert.match(next.body, /They are on the panel now. Their panel reference is P-[A-Z0-9]{6}/)
  })

  it('is not for other roles', async () => {
    for (const role of ['analyst', 'panel_member', 'admin'] as const) {
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/panel/participants/new')).statusCode, 403, role)
      assert.equal((await agent.post('/panel/participants/new', form())).statusCode, 403, role)
    }
  })
})
