import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { tableRows } from '../../../../../../test/support/govuk-html.ts'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { OPEN_DATA_COLUMNS } from '../../../domain/dashboard/open-data.ts'
import { seedDashboard } from './seed.test-support.ts'

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the dashboards and the open data', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('say there is nothing to show before the charter is published and the framework agreed', async () => {
    const pub = await t.agent().get('/indicators')
    assert.equal(pub.statusCode, 200)
    assert.match(text(pub.body), /The charter has not been published yet/)
    const csv = await t.agent().get('/indicators/data.csv')
    assert.equal(csv.statusCode, 200)
    assert.equal(csv.body.trim(), OPEN_DATA_COLUMNS.join(','))
    const staff = await t.signInAs('analyst')
    const res = await staff.get('/measurement/dashboard')
    assert.equal(res.statusCode, 200)
    assert.match(text(res.body), /No measurement framework has been agreed by the Core Group yet/)
  })

  it('show staff every headline: latest figure, interval, change in words, target, n, and what the public pages hide', async () => {
    await seedDashboard(t.deps)
    const staff = await t.signInAs('scrutiny_body')
    const res = await staff.get('/measurement/dashboard')
    assert.equal(res.statusCode, 200)
    const page = text(res.body)
    assert.match(page, /Treating you with respect/)
    assert.match(page, /Commitment: We will treat you with dignity/)
    assert.match(page, /84% in April 2027 to March 2028/)
    assert.match(page, /We can be 95% sure the true figure is somewhere from 81% to 87%/)
    assert.match(page, /Based on 500 people who answered/)
    assert.match(page, /Up 8 points since April 2026 to March 2027; this is more than chance would explain \(better\)/)
    assert.match(page, /Target: At least 80%\. Target met/)
    assert.match(page, /38 days in April 2027 to March 2028/)
    assert.match(page, /Down by 4\.5 days since April 2026 to March 2027 \(better\)/)
    assert.match(page, /Target: At most 40 days\. Target met/)
    // 4 complaints: shown to staff, marked as hidden in public.
    assert.match(page, /4 in April 2027 to March 2028/)
    assert.match(page, /Hidden on the public pages fewer than 10 complaints/)
    assert.match(res.body, /href="\/measurement\/dashboard\/respect"/)
  })

  it('show a section with one chart per measure and its table of every figure', async () => {
    const staff = await t.signInAs('analyst')
    const res = await staff.get('/measurement/dashboard/respect')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<svg [^>]*role="img"[^>]*aria-labelledby="chart-m1-title chart-m1-desc"/)
    assert.deepEqual(tableRows(res.body, 'chart-m1-table'), [
      ['2024/25', '70%', '66% to 74%', '500'],
      ['2025/26', '67%', '30% to 90%', '6'],
      ['2026/27', '76%', '72% to 80%', '500'],
      ['2027/28', '84%', '81% to 87%', '500'],
    ])
    assert.match(text(res.body), /You said: Letters were hard to follow/)
    assert.match(res.body, /href="\/measurement\/dashboard\/data.csv\?measure=M1"/)
    assert.equal((await staff.get('/measurement/dashboard/no-such-section')).statusCode, 404)
  })

  it('hide small numbers on the public pages, as gaps in the charts with the reason', async () => {
    const res = await t.agent().get('/indicators/respect')
    assert.equal(res.statusCode, 200)
    assert.deepEqual(tableRows(res.body, 'chart-m1-table')[1], ['2025/26', 'Hidden: fewer than 10 people answered', 'None', '6'])
    assert.match(res.body, /The figure for 2025\/26 is hidden \(fewer than 10 people answered\) and shown as a gap\./)
    assert.match(res.body, /class="charter-chart__hidden" data-label="2025\/26"/)
    const overview = text((await t.agent().get('/indicators')).body)
    assert.match(overview, /Hidden: fewer than 10 complaints/)
    assert.doesNotMatch(overview, /Hidden on the public pages/)
    const decisions = await t.agent().get('/indicators/decisions')
    assert.deepEqual(tableRows(decisions.body, 'chart-m4-table'), [
      ['2026/27', '25', '25'],
      ['2027/28', 'Hidden: fewer than 10 complaints', 'Not known'],
    ])
  })

  it('publish every measurement as open data with n, interval and suppression flags', async () => {
    const res = await t.agent().get('/indicators/data.csv')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/csv/)
    assert.match(String(res.headers['content-disposition']), /attachment; filename="charter-indicators.csv"/)
    const rows = parse(res.body, { columns: true }) as Record<string, string>[]
    assert.equal(rows.length, 9)
    const m1 = rows.filter(r => r.measure_code === 'M1')
    assert.deepEqual(m1.map(r => [r.period, r.numerator, r.denominator, r.value, r.suppressed]), [
      ['2024/25', '350', '500', '0.7', 'no'],
      ['2025/26', '', '6', '', 'yes'],
      ['2026/27', '380', '500', '0.76', 'no'],
      ['2027/28', '420', '500', '0.84', 'no'],
    ])
    assert.equal(m1[3]!.ci95_low, '0.8053')
    assert.equal(m1[3]!.target, '0.8')
    const hidden = rows.find(r => r.measure_code === 'M4' && r.period === '2027/28')!
    assert.deepEqual([hidden.value, hidden.suppressed, hidden.suppression_reason], ['', 'yes', 'fewer than 10 complaints'])
    const one = parse((await t.agent().get('/indicators/data.csv?measure=M3')).body, { columns: true }) as Record<string, string>[]
    assert.deepEqual(one.map(r => r.value), ['42.5', '38'])
    const staff = await t.signInAs('analyst')
    const all = parse((await staff.get('/measurement/dashboard/data.csv')).body, { columns: true }) as Record<string, string>[]
    assert.equal(all.find(r => r.measure_code === 'M4' && r.period === '2027/28')!.value, '4', 'staff see the figure, flagged')
  })

  it('refuse the staff dashboard to the public and to panel members', async () => {
    const res = await t.agent().get('/measurement/dashboard')
    assert.equal(res.statusCode, 303)
    const panel = await t.signInAs('panel_member')
    assert.equal((await panel.get('/measurement/dashboard')).statusCode, 403)
    assert.equal((await panel.get('/indicators')).statusCode, 200)
  })
})
