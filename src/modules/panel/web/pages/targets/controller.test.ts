import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { panelCatalogue } from '../../../domain/catalogue.ts'
import { getRepresentationSettings } from '../../../domain/queries/representation.ts'
import { targetFieldId, targetOptions } from '../../../domain/set-representation-targets.ts'
import { targetsSchema } from './schema.ts'

const SYSTEM = { userId: null, role: 'system', displayName: 'test' } as const

/** The error summary's links, as [href, text]. */
const summaryOf = (html: string) =>
  [...(html.match(/<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? '').matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(m => [m[1], m[2]])

describe('the targets form schema', () => {
  const schema = targetsSchema(panelCatalogue())

  it('reads numbers as people type them: spaces, a "%", empty boxes for no target', () => {
    const parsed = schema.parse({ 'target--area--eastport': ' 12.5 % ', 'target--area--glenmoor': '', 'target--gender--woman': '51', tolerance: '2.5', attritionMonths: '18' })
    assert.equal(parsed.targets.area!.eastport, 12.5)
    assert.equal(parsed.targets.area!.glenmoor, null)
    assert.equal(parsed.targets.gender!.woman, 51)
    assert.equal(parsed.targets.area!.the_isles, null, 'a box not sent: no target')
    assert.deepEqual([parsed.tolerance, parsed.attritionMonths], [2.5, 18])
  })

  it('finds every problem at once, in page order', () => {
    const r = schema.safeParse({ 'target--area--eastport': 'about ten', 'target--age_band--16_24': '60', 'target--age_band--25_34': '45', 'target--gender--woman': '12.25', tolerance: '', attritionMonths: 'a year' })
    assert.equal(r.success, false)
    assert.deepEqual(
      r.error!.issues.map(i => [i.path.join('.'), i.message]),
      [
        ['tolerance', 'Enter a number of percentage points from 0 to 50, with no more than 1 decimal place'],
        ['attritionMonths', 'Enter a whole number of months from 1 to 120'],
        ['target--area--eastport', 'Enter the target for Eastport (Area) as a number, like 12 or 12.5'],
        ['target--age_band--16_24', 'The targets for age band add up to 105%. They must add up to 100% or less'],
        ['target--gender--woman', 'The target for Woman (Gender) must have no more than 1 decimal place'],
      ],
    )
  })
})

describe('GET and POST /panel/representation/targets', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  it('shows a box for each value of each dimension, and the settings, filled from what is stored', async () => {
    const agent = await t.signInAs('panel_manager')
    const res = await agent.get('/panel/representation/targets')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Population targets<\/h1>/)
    for (const d of panelCatalogue().dimensions) {
      assert.match(res.body, new RegExp(`<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\\s*${d.label}\\s*</legend>`), d.key)
      for (const o of targetOptions(d)) assert.ok(res.body.includes(`id="${targetFieldId(d.key, o.code)}" name="${targetFieldId(d.key, o.code)}"`), `${d.key} ${o.code}`)
    }
    assert.ok(!res.body.includes('target--area--prefer_not_to_say'), 'no target for "prefer not to say"')
    assert.match(res.body, /id="tolerance" name="tolerance" type="text" spellcheck="false" value="5"/)
    assert.match(res.body, /id="attritionMonths" name="attritionMonths" type="text" spellcheck="false" value="12"/)
    assert.match(res.body, /People can give more than one answer here, so these targets can add up to more than 100%/)
  })

  it('shows every problem with its field, keeps what was typed (400), and saves nothing', async () => {
    const agent = await t.signInAs('panel_manager')
    await agent.get('/panel/representation/targets')
    const res = await agent.post('/panel/representation/targets', {
      'target--area--northshire_city': '70',
      'target--area--eastport': '40',
      'target--ethnicity--arab': 'lots',
      tolerance: '5',
      attritionMonths: '0',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<title>Error: Population targets/)
    assert.deepEqual(summaryOf(res.body), [
      ['#attritionMonths', 'Enter a whole number of months from 1 to 120'],
      ['#target--area--northshire_city', 'The targets for area add up to 110%. They must add up to 100% or less'],
      ['#target--ethnicity--arab', 'Enter the target for Arab (Ethnic group) as a number, like 12 or 12.5'],
    ])
    assert.match(res.body, /<p id="target--ethnicity--arab-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Enter the target for Arab/)
    assert.match(res.body, /id="target--ethnicity--arab" name="target--ethnicity--arab" type="text" spellcheck="false" value="lots"/)
    assert.match(res.body, /id="target--area--eastport" name="target--area--eastport" type="text" spellcheck="false" value="40"/)
    assert.match(res.body, /id="attritionMonths" name="attritionMonths" type="text" spellcheck="false" value="0"/)
    assert.equal((await getRepresentationSettings(t.deps, SYSTEM)).targets.size, 0)
  })

  it('saves the targets and settings, audited, and goes back to the representation page', async () => {
    const agent = await t.signInAs('panel_manager')
    await agent.get('/panel/representation/targets')
    const res = await agent.post('/panel/representation/targets', {
      'target--area--northshire_city': '45',
      'target--area--eastport': '20.5%',
      'target--benefits--disability': '60',
      'target--benefits--low_income': '70',
      tolerance: '3',
      attritionMonths: '6',
    })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/panel/representation')
    const page = await agent.get('/panel/representation')
    assert.match(page.body, /Targets saved/)
    assert.match(page.body, /not taken part in anything for 6 months/)
    const s = await getRepresentationSettings(t.deps, SYSTEM)
    assert.deepEqual(Object.fromEntries(s.targets.get('area')!), { northshire_city: 45, eastport: 20.5 })
    assert.deepEqual([s.tolerance, s.attritionMonths], [3, 6])
    const events = await t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.targets_changed').execute()
    assert.equal(events.length, 1)
    assert.equal(events[0]!.actor_role, 'panel_manager')

    const form = await agent.get('/panel/representation/targets')
    assert.match(form.body, /id="target--area--eastport" name="target--area--eastport" type="text" spellcheck="false" value="20.5"/)
    assert.match(form.body, /id="tolerance" name="tolerance" type="text" spellcheck="false" value="3"/)
  })

  it('says so when nothing changed', async () => {
    const agent = await t.signInAs('admin')
    const form = await agent.get('/panel/representation/targets')
    const values = Object.fromEntries([...form.body.matchAll(/name="((?:target--[a-z0-9_]+--[a-z0-9_]+)|tolerance|attritionMonths)" type="text" spellcheck="false"(?: value="([^"]*)")?/g)].map(m => [m[1]!, m[2] ?? '']))
    const res = await agent.post('/panel/representation/targets', values)
    assert.equal(res.statusCode, 303)
    assert.match((await agent.get('/panel/representation')).body, /You did not change any targets/)
  })

  it('is for the panel manager and the admin only', async () => {
    for (const role of ['analyst', 'scrutiny_body', 'panel_member', 'stakeholder'] as const) {
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/panel/representation/targets')).statusCode, 403, role)
      assert.equal((await agent.post('/panel/representation/targets', { tolerance: '5', attritionMonths: '12' })).statusCode, 403, role)
    }
    assert.equal((await t.agent().get('/panel/representation/targets')).headers.location, '/sign-in')
  })
})
