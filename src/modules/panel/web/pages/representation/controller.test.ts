import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { fixedClock } from '../../../../../platform/clock.ts'
import { registerParticipants } from '../../../domain/register-participant.ts'
import type { RegisterParticipantInput } from '../../../domain/registration.schema.ts'
import { setRepresentationTargets } from '../../../domain/set-representation-targets.ts'

/** 40 people: 30 in Eastport, 7 in Glenmoor, 3 in the Isles; 12 remote rural, 4 care-experienced. */
function person(i: number): RegisterParticipantInput {
  const area = i < 30 ? 'eastport' : i < 37 ? 'glenmoor' : 'the_isles'
  return {
    fullName: `Marisol Quennell-${i}`,
    email: `marisol.${i}@example.org`,
    preferredChannel: 'email',
    joinedVia: 'online',
    demographics: { area, gender: i % 2 === 0 ? 'woman' : 'man' },
    seldomHeardTags: i < 12 ? ['remote_rural'] : i < 16 ? ['care_experienced'] : [],
  }
}

/** The text of a table row whose header is `label`, cells separated by "|". */
function row(html: string, tableId: string, label: string): string {
  const table = html.match(new RegExp(`<table class="govuk-table" id="${tableId}">([\\s\\S]*?)</table>`))?.[1] ?? ''
  for (const tr of table.match(/<tr class="govuk-table__row">[\s\S]*?<\/tr>/g) ?? []) {
    const cells = [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(m => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())
    if (cells[0] === label) return cells.join(' | ')
  }
  return `(no row ${label} in ${tableId})`
}

describe('GET /panel/representation (the panel at a glance)', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-11-23T10:00:00.000Z'), env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    const registered = await registerParticipants(t.deps, systemActor('test'), Array.from({ length: 40 }, (_, i) => person(i)))
    const panel = t.deps.db.withTables<{ panel_participant: { id: string; last_participated_at: string | null } }>()
    for (const [i, p] of registered.entries()) {
      const at = i < 20 ? '2026-10-01T00:00:00.000Z' : i < 35 ? '2025-01-01T00:00:00.000Z' : null
      if (at) await panel.updateTable('panel_participant').set({ last_participated_at: at }).where('id', '=', p.id).execute()
    }
    await setRepresentationTargets(t.deps, systemActor('test'), { targets: { area: { eastport: 50, glenmoor: 30, the_isles: 12.5 } }, tolerance: 5, attritionMonths: 12 })
  })
  after(() => t.close())

  it('shows an analyst each dimension as a table and an accessible bar chart, with gaps in words', async () => {
    const res = await (await t.signInAs('analyst')).get('/panel/representation')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<title>Panel representation - /)
    assert.match(res.body, /There are <strong>40<\/strong> active panel members/)
    assert.equal(row(res.body, 'table-area', 'Eastport'), 'Eastport | 30 | 75.0% | 50% | 25.0 points above | Over-represented')
    assert.equal(row(res.body, 'table-area', 'Glenmoor'), 'Glenmoor | 7 | 17.5% | 30% | 12.5 points below | Under-represented')
    assert.equal(row(res.body, 'table-area', 'The Isles'), 'The Isles | 3 | 7.5% | 12.5% | 5.0 points below | Within 5 points of target')
    assert.equal(row(res.body, 'table-area', 'Westhaven'), 'Westhaven | 0 | 0.0% | No target | No target | No target set')
    assert.match(res.body, /<strong class="govuk-tag govuk-tag--red">Under-represented<\/strong>/)
    assert.match(res.body, /Preferred not to say: 0 \(0.0% of active members\)/)
    // The chart: an image named by its title and described by the table, drawn without style attributes.
    assert.match(res.body, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img" focusable="false" width="100%" viewBox="0 0 760 \d+" aria-labelledby="chart-area-title" aria-describedby="table-area" font-family="[^"]+">\s*<title id="chart-area-title">Bar chart of area: each answer’s share of the panel against its target<\/title>/)
    assert.match(res.body, /75.0% \(target 50%\)<\/text>/)
    assert.ok(!/ style="/.test(res.body), 'no inline style attributes (strict CSP)')
    // Every dimension of the catalogue has its section, table and chart.
    for (const key of ['area', 'age_band', 'gender', 'disability', 'long_term_condition', 'caring', 'ethnicity', 'benefits', 'rurality']) {
      assert.match(res.body, new RegExp(`<table class="govuk-table" id="table-${key}">`), key)
      assert.match(res.body, new RegExp(`aria-describedby="table-${key}"`), key)
    }
    assert.match(row(res.body, 'table-gender', 'Woman'), /^Woman \| 20 \| 50.0% \| No target/)
    assert.match(res.body, /Did not answer: 40 \(100.0% of active members\)/, 'nobody answered the age question')
    // The summary of gaps, seldom-heard groups and attrition.
    assert.equal(row(res.body, 'gaps-table', 'Area: Glenmoor'), 'Area: Glenmoor | 17.5% | 30% | Under-represented 12.5 points below')
    assert.equal(row(res.body, 'seldom-heard-table', 'Remote rural'), 'Remote rural | 12 | 30.0%')
    assert.equal(row(res.body, 'attrition', 'Took part in the last 12 months'), 'Took part in the last 12 months | 20 | 50.0%')
    assert.equal(row(res.body, 'attrition', 'Took part, but not in the last 12 months'), 'Took part, but not in the last 12 months | 15 | 37.5%')
    assert.equal(row(res.body, 'attrition', 'Never taken part since joining'), 'Never taken part since joining | 5 | 12.5%')
    // Research roles can go from a group to its members.
    assert.match(res.body, /<a class="govuk-link" href="\/panel\?d_area=glenmoor">Glenmoor<\/a>/)
    assert.match(res.body, /href="\/panel\?activity=never"/)
    assert.ok(!res.body.includes('Change targets and settings'), 'analysts do not set targets')
    assert.ok(!res.body.includes('Marisol'), 'no identity')
  })

  it('hides small numbers from the scrutiny body, and anything that would give them away', async () => {
    const res = await (await t.signInAs('scrutiny_body')).get('/panel/representation')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /numbers from 1 to 9 are not shown, and nor are some other numbers that would let you work them out/)
    // Glenmoor 7 and the Isles 3 are small: 10 together, so Eastport can stay.
    assert.equal(row(res.body, 'table-area', 'Eastport'), 'Eastport | 30 | 75.0% | 50% | 25.0 points above | Over-represented')
    assert.equal(row(res.body, 'table-area', 'Glenmoor'), 'Glenmoor | Not shown | Not shown | 30% | Not shown | Not shown')
    assert.equal(row(res.body, 'table-area', 'The Isles'), 'The Isles | Not shown | Not shown | 12.5% | Not shown | Not shown')
    assert.equal(row(res.body, 'seldom-heard-table', 'Care-experienced'), 'Care-experienced | Not shown | Not shown')
    assert.equal(row(res.body, 'attrition', 'Never taken part since joining'), 'Never taken part since joining | Not shown | Not shown')
    assert.equal(row(res.body, 'attrition', 'Took part, but not in the last 12 months'), 'Took part, but not in the last 12 months | Not shown | Not shown')
    assert.match(res.body, /Not shown<\/text>/, 'the chart says so too')
    assert.ok(!res.body.includes('href="/panel?'), 'no links to the research list')
    assert.ok(!/>\s*[1-9]\s*</.test(res.body.slice(res.body.indexOf('<main'))), 'no count from 1 to 9 anywhere in the page')
  })

  it('offers the panel manager and the admin the targets', async () => {
    for (const role of ['panel_manager', 'admin'] as const) {
      const res = await (await t.signInAs(role)).get('/panel/representation')
      assert.equal(res.statusCode, 200, role)
      assert.match(res.body, /<a href="\/panel\/representation\/targets" role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button">\s*Change targets and settings/)
      assert.match(res.body, /href="\/panel\/representation"/, 'in the navigation')
    }
  })

  it('refuses everyone else (403), and sends visitors to sign in', async () => {
    for (const role of ['panel_member', 'stakeholder', 'policy_official', 'seldom_heard_partner'] as const) {
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/panel/representation')).statusCode, 403, role)
      assert.ok(!(await agent.get('/')).body.includes('href="/panel/representation"'), `${role} is not offered it`)
    }
    const visitor = await t.agent().get('/panel/representation')
    assert.equal(visitor.statusCode, 303)
    assert.equal(visitor.headers.location, '/sign-in')
  })
})
