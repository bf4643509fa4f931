import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { EvidencePage } from './pages/evidence-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const HEADER = 'Text,Channel,Organisation,Reference,Submitted on,Consent to quote'
const ROWS = [
  '"Our clients say the letters are hard to follow.",Stakeholder submission,Northshire Welfare Rights,NWR-1,31/03/2026,Yes',
  'The phone line closes too early.,Public input,,P-1,30/03/2026,No',
]
const BAD = 'People give up on the forms.,Stakeholder submission,,EFB-1,,'
const FIXED = 'People give up on the forms.,Stakeholder submission,Eastport Food Bank,EFB-1,,'
const csv = (lines: string[]) => ({ name: 'submissions.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`) })

describe('evidence: importing stakeholder submissions from a file (browser, with axe on every page and error state)', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'evidence-import' })
  })
  after(() => h?.close())

  it('an analyst uploads a file with a bad row, sees what to fix, uploads the fixed file and sees the items labelled', async () => {
    const { page } = await signedInAs(h, 'analyst')
    await page.goto('/evidence')
    const list = await EvidencePage.verifyOnPage(page, 'Evidence')
    assert.equal(await list.press('Import stakeholder submissions or public input from a spreadsheet'), 200)
    const form = await EvidencePage.verifyOnPage(page, 'Import submissions')
    await form.checkAccessibility('import submissions')

    // A row without its organisation, and "import nothing until every row is correct".
    await form.main.getByLabel('CSV file or Excel workbook', { exact: true }).setInputFiles(csv([HEADER, ...ROWS, BAD]))
    await form.tick('Import nothing until every row is correct')
    assert.equal(await form.press('Upload file'), 400)
    const wrong = await EvidencePage.verifyOnPage(page, 'Import submissions')
    assert.match(await page.title(), /^Error: Import submissions/)
    const summary = page.locator('.govuk-error-summary')
    assert.deepEqual(
      (await summary.locator('a').allInnerTexts()).map(t => t.trim()),
      ['Row 4, organisation: enter the organisation that sent this stakeholder submission'],
    )
    assert.match(await wrong.main.locator('.govuk-error-message').innerText(), /Fix the row with problems, then upload the file again/)
    assert.deepEqual(await wrong.tableRows('import-problems'), [['4', 'organisation', 'Enter the organisation that sent this stakeholder submission']])
    assert.match(await wrong.main.locator('#import-summary').innerText(), /Nothing was added to the evidence\.\s+1 row has problems, so nothing from the file was imported\./)
    await wrong.checkAccessibility('import submissions: a bad row')
    await wrong.expectEachErrorLinkFocusesItsField()

    // The fixed file.
    await wrong.main.getByLabel('CSV file or Excel workbook', { exact: true }).setInputFiles(csv([HEADER, ...ROWS, FIXED]))
    assert.equal(await wrong.isTicked('Import nothing until every row is correct'), true, 'the choice is kept')
    assert.equal(await wrong.press('Upload file'), 200)
    const done = await EvidencePage.verifyOnPage(page, 'Import submissions')
    assert.match(await done.main.locator('.govuk-panel').innerText(), /3 submissions imported\s+2 of them from stakeholders, shown apart from lived experience/)
    assert.equal(await done.summaryValue('Rows with problems'), '0')
    await done.checkAccessibility('import submissions: imported')

    // The items, stakeholder input apart and labelled with its organisation.
    assert.equal(await done.press('See the evidence'), 200)
    const evidence = await EvidencePage.verifyOnPage(page, 'Evidence')
    assert.match(await evidence.count(), /^1 item, and 2 of stakeholder input shown apart/)
    const stakeholder = await evidence.tableRows('stakeholder-evidence')
    assert.deepEqual(stakeholder.map(r => r[2]).sort(), ['Stakeholder: Eastport Food Bank', 'Stakeholder: Northshire Welfare Rights'])
    assert.deepEqual((await evidence.tableRows('evidence')).map(r => r[2]), ['Member of the public'])
    await evidence.checkAccessibility('evidence list with imported submissions')

    await evidence.select('Role', 'Stakeholder')
    assert.equal(await evidence.press('Apply filters'), 200)
    const only = await EvidencePage.verifyOnPage(page, 'Evidence')
    assert.match(await only.count(), /^2 items of stakeholder input/)
    await only.main.locator('table#evidence a', { hasText: 'Submission' }).first().click()
    const item = await EvidencePage.verifyOnPage(page, 'Submission: stakeholder submission')
    assert.match(await item.main.locator('#stakeholder-tag').innerText(), /^Stakeholder: (Eastport Food Bank|Northshire Welfare Rights)$/)
    assert.equal(await item.summaryValue('How it was entered'), 'Imported from a file')
    await item.checkAccessibility('imported stakeholder submission')
  })
})
