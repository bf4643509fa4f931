import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { addItem, addSection } from '../src/modules/charter/index.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { AbstractPage, clickAndWait } from './pages/abstract-page.ts'
import { FormPage } from './pages/form-page.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const SYSTEM = systemActor('measurement browser tests')

/** Any measurement page, found by its h1. */
class MeasurementPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<MeasurementPage> {
    return AbstractPage.verified(new MeasurementPage(page, heading))
  }

  async fill(label: string, value: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).fill(value)
  }

  async follow(name: string | RegExp): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.main.getByRole('link', { name, exact: typeof name === 'string' }).first()))?.status()
  }
}

describe('measurement: the framework and measurements (browser, with axe on every page and error state)', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'measurement' })
    const section = await addSection(h.server.deps, SYSTEM, { title: 'Decisions', introduction: '' })
    await addItem(h.server.deps, SYSTEM, section.id, 'commitment', { text: 'We will decide quickly.' })
  })
  after(() => h?.close())

  it('a policy official adds an outcome and a measure, enters a measurement and imports a file with one bad row', async () => {
    const { page } = await signedInAs(h, 'policy_official')
    await page.goto('/measurement')
    const empty = await MeasurementPage.verifyOnPage(page, 'Measurement framework')
    assert.equal(await empty.press('Start the framework'), 200)
    const started = await MeasurementPage.verifyOnPage(page, 'Measurement framework')
    await started.checkAccessibility('measurement framework')

    // An outcome: first with nothing chosen.
    assert.equal(await started.follow(/^Add an outcome to/), 200)
    const outcome = await MeasurementPage.verifyOnPage(page, 'Add an outcome')
    await outcome.fill('Outcome', ' ')
    await outcome.main.getByLabel('Commitment', { exact: true }).selectOption({ index: 0 })
    assert.equal(await outcome.press('Save the outcome'), 400)
    const wrongOutcome = await MeasurementPage.verifyOnPage(page, 'Add an outcome')
    await wrongOutcome.expectErrors([{ field: 'commitmentKey' }, { field: 'title' }])
    await wrongOutcome.checkAccessibility('add an outcome: errors')
    await wrongOutcome.main.getByLabel('Commitment', { exact: true }).selectOption({ label: 'Decisions: We will decide quickly.' })
    await wrongOutcome.fill('Outcome', 'People get the right money at the right time')
    assert.equal(await wrongOutcome.press('Save the outcome'), 200)

    // A measure: errors keep what was typed.
    const withOutcome = await MeasurementPage.verifyOnPage(page, 'Measurement framework')
    assert.equal(await withOutcome.follow(/^Add a measure/), 200)
    const measure = await MeasurementPage.verifyOnPage(page, 'Add a measure')
    await measure.checkAccessibility('add a measure')
    await measure.fill('Code', 'M1')
    await measure.fill('What the measure shows', 'People satisfied with how quickly we decided')
    await measure.choose('Kind of measure', 'Percentage from a survey question')
    assert.equal(await measure.press('Save the measure'), 400)
    const wrongMeasure = await MeasurementPage.verifyOnPage(page, 'Add a measure')
    await wrongMeasure.expectErrors([{ field: 'definition' }, { field: 'dataSource' }, { field: 'frequency' }, { field: 'owner' }])
    assert.equal(await wrongMeasure.main.getByLabel('Code', { exact: true }).inputValue(), 'M1')
    await wrongMeasure.checkAccessibility('add a measure: errors')
    await wrongMeasure.fill('Definition', 'Satisfied or very satisfied, of those who answered')
    await wrongMeasure.fill('Data source', 'Client survey, question 4')
    await wrongMeasure.choose('How often it is measured', 'Every quarter')
    await wrongMeasure.fill('Owner', 'Client experience team')
    await wrongMeasure.fill('Target', '80')
    await wrongMeasure.choose('The figure should be', 'At least')
    assert.equal(await wrongMeasure.press('Save the measure'), 200)

    // A measurement.
    const shown = await MeasurementPage.verifyOnPage(page, 'M1: People satisfied with how quickly we decided')
    assert.equal(await shown.follow('Enter a measurement'), 200)
    const entry = await MeasurementPage.verifyOnPage(page, 'Enter a measurement')
    await entry.fill('Period', '2027-Q1')
    await entry.fill('How many gave an answer that counts', '150')
    await entry.fill('How many answered the question', '200')
    assert.equal(await entry.press('Save the measurement'), 200)
    const withFigure = await MeasurementPage.verifyOnPage(page, 'M1: People satisfied with how quickly we decided')
    assert.match(await withFigure.main.locator('#measurements').innerText(), /January to March 2027\s+75%\s+200\s+68.*% to 80.*%/)
    await withFigure.checkAccessibility('a measure with its measurements')

    // An import with one bad row: the good row is kept, the bad one named.
    await page.goto('/measurement/import')
    const upload = await MeasurementPage.verifyOnPage(page, 'Import measurements')
    await upload.checkAccessibility('import measurements')
    const csv = 'measure,period,numerator,denominator\r\nM1,2027-Q2,170,200\r\nM1,2027-Q3,250,200\r\n'
    await upload.main.getByLabel('File', { exact: true }).setInputFiles({ name: 'measurements.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    assert.equal(await upload.press('Import the file'), 400)
    const report = await MeasurementPage.verifyOnPage(page, 'Import measurements')
    assert.match(await page.title(), /^Error: Import measurements/)
    assert.match(await report.main.locator('#problems').innerText(), /3\s+numerator\s+The number who gave an answer that counts cannot be more than the number who answered/)
    assert.match(await report.main.locator('#import-report').innerText(), /1 added, 0 replaced/)
    await report.checkAccessibility('import measurements: a bad row')
  })
})
