import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { seedDashboard } from '../src/modules/measurement/web/pages/dashboard/seed.test-support.ts'
import { expectNoA11yViolations } from './support/axe.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

describe('measurement dashboards: the public indicators and the staff dashboard (browser, with axe)', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'measurement-dashboard' })
    await seedDashboard(h.server.deps)
  })
  after(() => h?.close())

  it('lets anyone read the indicators, follow a section to its charts and tables, and download the data', async () => {
    const page = await h.newPage()
    await page.goto('/indicators')
    assert.equal(await page.locator('h1').textContent(), 'How we are doing against the charter')
    await expectNoA11yViolations(page, 'public indicators')
    await page.getByRole('link', { name: 'Charts and figures over time for Treating you with respect' }).click()
    await page.waitForURL('**/indicators/respect')
    const chart = page.getByRole('img', { name: 'People who felt treated with dignity' })
    assert.equal(await chart.count(), 1)
    assert.match((await chart.getAttribute('aria-labelledby')) ?? '', /chart-m1-title chart-m1-desc/)
    const hidden = page.locator('#chart-m1-table tbody tr').nth(1)
    assert.match((await hidden.textContent()) ?? '', /Hidden: fewer than 10 people answered/)
    await expectNoA11yViolations(page, 'public section with charts')
    const csv = await page.request.get('/indicators/data.csv')
    assert.equal(csv.status(), 200)
    assert.match(await csv.text(), /^section,commitment,outcome,measure_code/)
    // At 400 % zoom (a 320 px wide window) the chart still fits the page. (The data tables need a scroll wrapper in
    // the shared stylesheet to reflow; see docs/measurement/dashboards.md.)
    await page.setViewportSize({ width: 320, height: 640 })
    const box = await chart.boundingBox()
    assert.ok(box && box.x >= 0 && box.x + box.width <= 321, `the chart does not fit a 320 px window: ${JSON.stringify(box)}`)
    const missing = await page.goto('/indicators/no-such-section')
    assert.equal(missing?.status(), 404)
    await expectNoA11yViolations(page, 'unknown section (error page)')
    assert.deepEqual(h.problems, [])
  })

  it('shows staff the dashboard with what the public pages hide', async () => {
    const { page } = await signedInAs(h, 'analyst')
    await page.goto('/measurement/dashboard')
    assert.match((await page.locator('main').textContent()) ?? '', /Hidden on the public pages/)
    await expectNoA11yViolations(page, 'staff dashboard')
    await page.goto('/measurement/dashboard/decisions')
    assert.equal(await page.getByRole('img', { name: 'Average days to decide' }).count(), 1)
    await expectNoA11yViolations(page, 'staff section with charts')
    assert.deepEqual(h.problems, [])
  })
})
