import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { fixedClock } from '../../../../../platform/clock.ts'
import { registerParticipants } from '../../../domain/register-participant.ts'
import type { RegisterParticipantInput } from '../../../domain/registration.schema.ts'
import type { ParticipantResearchDto } from '../../../domain/participant.ts'

const AREAS = ['northshire_city', 'eastport', 'glenmoor', 'westhaven', 'the_isles'] as const
const JOINED = ['online', 'phone', 'post'] as const

function person(i: number): RegisterParticipantInput {
  return {
    fullName: `Ottoline Fairweather-${i}`,
    email: `ottoline.fairweather.${i}@example.org`,
    phone: `07700 900${String(i).padStart(3, '0')}`,
    preferredChannel: 'email',
    joinedVia: JOINED[i % 3]!,
    demographics: { area: AREAS[i % 5]!, age_band: i % 2 === 0 ? '45_54' : '16_24' },
    seldomHeardTags: AREAS[i % 5] === 'the_isles' ? ['remote_rural'] : i % 7 === 0 ? ['care_experienced'] : [],
  }
}

const rowsOf = (html: string) => [...html.matchAll(/<a class="govuk-link govuk-!-font-weight-bold" href="\/panel\/participants\/[0-9a-f-]{36}">(P-[A-Z0-9]{6})<\/a>/g)].map(m => m[1])
const sorted = (ps: readonly ParticipantResearchDto[]) => ps.map(p => p.pseudonym).sort()

describe('GET /panel (the research list of panel members)', () => {
  let t: TestApp
  let registered: ParticipantResearchDto[]
  const clock = fixedClock('2026-11-23T10:00:00.000Z')
  before(async () => {
    t = await createTestApp({ clock, env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    registered = await registerParticipants(t.deps, systemActor('test'), Array.from({ length: 60 }, (_, i) => person(i)))
    // Took part: every 4th member two months ago, every 4th (offset 1) two years ago; the rest never.
    const panel = t.deps.db.withTables<{ panel_participant: { id: string; last_participated_at: string | null } }>()
    for (const [i, p] of registered.entries()) {
      const at = i % 4 === 0 ? '2026-09-23T10:00:00.000Z' : i % 4 === 1 ? '2024-11-23T10:00:00.000Z' : null
      if (at) await panel.updateTable('panel_participant').set({ last_participated_at: at }).where('id', '=', p.id).execute()
    }
  })
  after(() => t.close())

  it('shows an analyst the panel by pseudonym, linked to each record, with no names or contact details', async () => {
    const agent = await t.signInAs('analyst')
    const res = await agent.get('/panel')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Panel members<\/h1>/)
    assert.match(res.body, /<caption class="govuk-table__caption govuk-table__caption--m">Panel members<\/caption>/)
    assert.match(res.body, /<th scope="col" class="govuk-table__header">Pseudonym<\/th>/)
    assert.deepEqual(rowsOf(res.body), sorted(registered).slice(0, 50))
    const first = registered.find(p => p.pseudonym === sorted(registered)[0])!
    assert.ok(res.body.includes(`href="/panel/participants/${first.id}"`), 'each pseudonym links to the record')
    assert.match(res.body, /Glenmoor/)
    assert.match(res.body, /45 to 54/)
    assert.match(res.body, /Remote rural/)
    for (const s of ['Ottoline', 'Fairweather', 'example.org', '07700']) assert.ok(!res.body.includes(s), `the page shows ${s}`)
    assert.match(res.body, /<strong>60<\/strong> active panel members/)
    assert.match(res.body, /Panel members by area/)
    assert.match(res.body, /<th scope="row" class="govuk-table__header">The Isles<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">12<\/td>/)
    assert.match(res.body, /href="\/panel"/)
    assert.match(res.body, /<form method="get" action="\/panel" class="charter-filter-form" role="search" aria-label="Filter panel members"/)
  })

  it('flags attrition on each row in words: lapsed, or never taken part', async () => {
    const res = await (await t.signInAs('analyst')).get('/panel')
    const lapsed = (res.body.match(/<strong class="govuk-tag govuk-tag--orange">Lapsed<\/strong>/g) ?? []).length
    const never = (res.body.match(/<strong class="govuk-tag govuk-tag--grey">Never taken part<\/strong>/g) ?? []).length
    const firstFifty = new Set(sorted(registered).slice(0, 50))
    const indexes = registered.flatMap((p, i) => (firstFifty.has(p.pseudonym) ? [i] : []))
    assert.equal(lapsed, indexes.filter(i => i % 4 === 1).length)
    assert.equal(never, indexes.filter(i => i % 4 >= 2).length)
    assert.match(res.body, /Last took part 23 September 2026/)
  })

  it('pages 50 at a time, keeping every filter in the page links', async () => {
    const agent = await t.signInAs('analyst')
    const page2 = await agent.get('/panel?page=2')
    assert.equal(page2.statusCode, 200)
    assert.deepEqual(rowsOf(page2.body), sorted(registered).slice(50))
    assert.match(page2.body, /Showing 51 to 60 of 60/)
    assert.match(page2.body, /govuk-pagination/)

    const wide = await agent.get('/panel?d_age_band=45_54&d_age_band=16_24&joined=online&joined=phone&joined=post&status=all&by=age_band')
    assert.match(wide.body, /<strong>60<\/strong> panel members/)
    const next = wide.body.match(/govuk-pagination__next[\s\S]*?href="([^"]*)"/)?.[1]
    assert.equal(next, '/panel?status=all&amp;joined=online&amp;joined=phone&amp;joined=post&amp;d_age_band=45_54&amp;d_age_band=16_24&amp;by=age_band&amp;page=2', 'the next page keeps the filters')
    const second = await agent.get(next!.replace(/&amp;/g, '&'))
    assert.deepEqual(rowsOf(second.body), sorted(registered).slice(50))
  })

  it('filters on several answers of a dimension and on several dimensions, and counts by another dimension', async () => {
    const agent = await t.signInAs('analyst')
    const res = await agent.get('/panel?d_area=glenmoor&d_area=the_isles&d_age_band=45_54&by=age_band')
    assert.equal(res.statusCode, 200)
    const expected = registered.filter(p => ['glenmoor', 'the_isles'].includes(p.demographics.area![0]!) && p.demographics.age_band![0] === '45_54')
    assert.deepEqual(rowsOf(res.body), sorted(expected))
    assert.match(res.body, new RegExp(`<strong>${expected.length}</strong> active panel members`))
    assert.match(res.body, /<li>Area: Glenmoor or The Isles<\/li>/)
    assert.match(res.body, /<li>Age band: 45 to 54<\/li>/)
    assert.match(res.body, /Panel members by age band/)
    assert.match(res.body, /<input class="govuk-checkboxes__input" id="d_area-3" name="d_area" type="checkbox" value="glenmoor" checked>/)
    assert.match(res.body, /<details class="govuk-details" open>\s*<summary class="govuk-details__summary">\s*<span class="govuk-details__summary-text">\s*Area \(2 selected\)/)
  })

  it('filters on seldom-heard groups, how people joined, activity history and pseudonym', async () => {
    const agent = await t.signInAs('analyst')
    const groups = await agent.get('/panel?tag=remote_rural&tag=care_experienced')
    assert.deepEqual(rowsOf(groups.body), sorted(registered.filter(p => p.seldomHeardTags.length > 0)))
    assert.match(groups.body, /<li>Seldom-heard group: Remote rural or Care-experienced<\/li>/)

    const byPhone = await agent.get('/panel?joined=phone')
    assert.deepEqual(rowsOf(byPhone.body), sorted(registered.filter(p => p.joinedVia === 'phone')))

    const never = await agent.get('/panel?activity=never')
    assert.deepEqual(rowsOf(never.body), sorted(registered.filter((_, i) => i % 4 >= 2)))
    const recent = await agent.get('/panel?activity=recent&months=3')
    assert.deepEqual(rowsOf(recent.body), sorted(registered.filter((_, i) => i % 4 === 0)))
    assert.match(recent.body, /<li>Took part in the last 3 months<\/li>/)
    const notRecent = await agent.get('/panel?activity=lapsed&months=1')
    assert.deepEqual(rowsOf(notRecent.body), sorted(registered.filter((_, i) => i % 4 <= 1)))
    const lapsed = await agent.get('/panel?activity=lapsed')
    assert.deepEqual(rowsOf(lapsed.body), sorted(registered.filter((_, i) => i % 4 === 1)), 'the default: 12 months')

    const one = registered[7]!.pseudonym
    const exact = await agent.get(`/panel?pseudonym=${encodeURIComponent(one.toLowerCase())}`)
    assert.deepEqual(rowsOf(exact.body), [one])
    const start = await agent.get(`/panel?pseudonym=${one.slice(2, 3)}`)
    assert.deepEqual(rowsOf(start.body), sorted(registered).filter(p => p.startsWith(one.slice(0, 3))).slice(0, 50))
  })

  it('shows what to fix when a typed filter is wrong (400), keeping what was typed', async () => {
    const agent = await t.signInAs('analyst')
    const res = await agent.get('/panel?pseudonym=Q%3D1&activity=recent&months=0&d_area=eastport')
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<title>Error: Panel members/)
    assert.match(res.body, /<a href="#pseudonym">Enter a pseudonym, like P-7K3M9Q, or the start of one<\/a>/)
    assert.match(res.body, /<a href="#months">Enter a number of months from 1 to 120<\/a>/)
    assert.match(res.body, /id="pseudonym" name="pseudonym" type="text" spellcheck="false" value="Q=1"/)
    assert.match(res.body, /id="months" name="months" type="text" spellcheck="false" value="0"/)
    assert.match(res.body, /Correct the filters to see panel members/)
    assert.deepEqual(rowsOf(res.body), [])
  })

  it('ignores values no form offers', async () => {
    const res = await (await t.signInAs('analyst')).get('/panel?d_area=atlantis&d_shoe_size=9&tag=left_handed&joined=pigeon&activity=sometimes&status=nonsense&by=shoe_size&page=-3')
    assert.equal(res.statusCode, 200)
    assert.equal(rowsOf(res.body).length, 50)
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
      // Tokens in attributes (CSRF, CSP nonce) are random base64url and may contain "P-": look at the rest.
      const visible = res.body.replace(/\s(value|nonce|content)="[^"]*"/g, '')
      assert.ok(!/\bP-[0-9A-Z]{6}\b/.test(visible), 'no pseudonyms on the refusal page')
      assert.ok(!(await agent.get('/')).body.includes('href="/panel"'), `${role} is not offered the panel in the navigation`)
    }
    const visitor = await t.agent().get('/panel')
    assert.equal(visitor.statusCode, 303)
    assert.equal(visitor.headers.location, '/sign-in')
  })
})
