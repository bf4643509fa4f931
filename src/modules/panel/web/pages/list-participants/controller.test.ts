import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { registerParticipants } from '../../../domain/register-participant.ts'
import type { RegisterParticipantInput } from '../../../domain/registration.schema.ts'
import type { ParticipantResearchDto } from '../../../domain/participant.ts'

const AREAS = ['northshire_city', 'eastport', 'glenmoor', 'westhaven', 'the_isles'] as const

function person(i: number): RegisterParticipantInput {
  return {
    fullName: `Ottoline Fairweather-${i}`,
    email: `ottoline.fairweather.${i}@example.org`,
    phone: `07700 900${String(i).padStart(3, '0')}`,
    preferredChannel: 'email',
    joinedVia: 'online',
    demographics: { area: AREAS[i % 5]!, age_band: i % 2 === 0 ? '45_54' : '16_24' },
    seldomHeardTags: AREAS[i % 5] === 'the_isles' ? ['remote_rural'] : [],
  }
}

const rowsOf = (html: string) => [...html.matchAll(/<span class="govuk-!-font-weight-bold">(P-[A-Z0-9]{6})<\/span>/g)].map(m => m[1])

describe('GET /panel (the research list of panel members)', () => {
  let t: TestApp
  let registered: ParticipantResearchDto[]
  before(async () => {
    t = await createTestApp()
    registered = await registerParticipants(t.deps, systemActor('test'), Array.from({ length: 60 }, (_, i) => person(i)))
  })
  after(() => t.close())

  it('shows an analyst the panel by pseudonym, with area, age band and seldom-heard groups, and no names or contact details', async () => {
    const agent = await t.signInAs('analyst')
    const res = await agent.get('/panel')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Panel members<\/h1>/)
    assert.match(res.body, /<caption class="govuk-table__caption govuk-table__caption--m">Panel members<\/caption>/)
    assert.match(res.body, /<th scope="col" class="govuk-table__header">Pseudonym<\/th>/)
    const first50 = [...registered.map(p => p.pseudonym)].sort().slice(0, 50)
    assert.deepEqual(rowsOf(res.body), first50)
    assert.match(res.body, /Glenmoor/)
    assert.match(res.body, /45 to 54/)
    assert.match(res.body, /Remote rural/)
    for (const s of ['Ottoline', 'Fairweather', 'example.org', '07700']) assert.ok(!res.body.includes(s), `the page shows ${s}`)
    // The count summary
    assert.match(res.body, /<strong>60<\/strong> active panel members/)
    assert.match(res.body, /Panel members by area/)
    assert.match(res.body, /<th scope="row" class="govuk-table__header">The Isles<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">12<\/td>/)
    // The navigation offers the page
    assert.match(res.body, /href="\/panel"/)
  })

  it('pages 50 at a time', async () => {
    const agent = await t.signInAs('analyst')
    const page2 = await agent.get('/panel?page=2')
    assert.equal(page2.statusCode, 200)
    assert.deepEqual(rowsOf(page2.body), [...registered.map(p => p.pseudonym)].sort().slice(50))
    assert.match(page2.body, /Showing 51 to 60 of 60/)
    assert.match(page2.body, /govuk-pagination/)
  })

  it('filters by a dimension answer or a seldom-heard group, and counts by another dimension', async () => {
    const agent = await t.signInAs('analyst')
    const glenmoor = await agent.get('/panel?show=dimension:area:glenmoor&by=age_band')
    assert.equal(glenmoor.statusCode, 200)
    const expected = registered.filter(p => p.demographics.area?.[0] === 'glenmoor').map(p => p.pseudonym).sort()
    assert.deepEqual(rowsOf(glenmoor.body), expected)
    assert.match(glenmoor.body, /<strong>12<\/strong> active panel members \(Area: Glenmoor\)/)
    assert.match(glenmoor.body, /Panel members by age band/)
    assert.match(glenmoor.body, /<option value="dimension:area:glenmoor" selected>/)

    const rural = await agent.get('/panel?show=tag:remote_rural')
    assert.equal(rowsOf(rural.body).length, 12)

    const nonsense = await agent.get('/panel?show=dimension:area:atlantis&status=nonsense&by=shoe_size&page=-3')
    assert.equal(nonsense.statusCode, 200)
    assert.equal(rowsOf(nonsense.body).length, 50, 'an unknown filter is ignored')
  })

  it('is open to the panel manager and the admin too', async () => {
    for (const role of ['panel_manager', 'admin'] as const) {
      const res = await (await t.signInAs(role)).get('/panel')
      assert.equal(res.statusCode, 200, role)
    }
  })

  it('refuses panel members and other roles without research access (403), and sends visitors to sign in', async () => {
    for (const role of ['panel_member', 'core_group_member', 'stakeholder', 'scrutiny_body', 'policy_official'] as const) {
      const agent = await t.signInAs(role)
      const res = await agent.get('/panel')
      assert.equal(res.statusCode, 403, role)
      assert.ok(!res.body.includes('P-'), 'no pseudonyms on the refusal page')
      assert.ok(!(await agent.get('/')).body.includes('href="/panel"'), `${role} is not offered the panel in the navigation`)
    }
    const visitor = await t.agent().get('/panel')
    assert.equal(visitor.statusCode, 303)
    assert.equal(visitor.headers.location, '/sign-in')
  })
})
