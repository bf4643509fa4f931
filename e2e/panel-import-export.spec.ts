import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import type { Download, Locator, Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './pages/abstract-page.ts'
import { ForbiddenPage } from './pages/error-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

// ---- page objects ----

interface CsvFile {
  name: string
  content: string
}

class ImportPage extends AbstractPage {
  readonly file: Locator
  readonly uploadButton: Locator
  readonly onlyCheck: Locator

  private constructor(page: Page) {
    super(page, 'Import panel members')
    this.file = page.getByLabel('CSV file', { exact: true })
    this.uploadButton = page.getByRole('button', { name: 'Upload file' })
    this.onlyCheck = page.getByLabel('Only check the file. Do not add anyone yet')
  }

  static async verifyOnPage(page: Page): Promise<ImportPage> {
    return AbstractPage.verified(new ImportPage(page))
  }

  /** Choose the file and the options, then upload (each part optional, to make error states). */
  async upload(input: { file?: CsvFile; joinedVia?: string; allOrNothing?: boolean; onlyCheck?: boolean }): Promise<Response | null> {
    return uploadWith(this.page, input)
  }
}

async function uploadWith(page: Page, input: { file?: CsvFile; joinedVia?: string; allOrNothing?: boolean; onlyCheck?: boolean }): Promise<Response | null> {
  if (input.file) await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: input.file.name, mimeType: 'text/csv', buffer: Buffer.from(input.file.content) })
  if (input.joinedVia) await page.getByRole('radio', { name: input.joinedVia, exact: true }).check()
  if (input.allOrNothing !== undefined) {
    await page.getByRole('radio', { name: input.allOrNothing ? 'Import nobody until every row is correct' : 'Import the rows without problems, and list the others' }).check()
  }
  const onlyCheck = page.getByLabel('Only check the file. Do not add anyone yet')
  if (input.onlyCheck === true) await onlyCheck.check()
  if (input.onlyCheck === false) await onlyCheck.uncheck()
  return clickAndWait(page, page.getByRole('button', { name: 'Upload file' }))
}

class ImportReportPage extends AbstractPage {
  readonly summary: Locator
  readonly problems: Locator

  private constructor(page: Page, heading: string) {
    super(page, heading)
    this.summary = page.locator('#import-summary')
    this.problems = page.getByRole('table', { name: 'Problems to fix' })
  }

  static async verifyOnPage(page: Page, heading: 'Your file has been checked' | 'Panel members imported' | 'Nothing was imported'): Promise<ImportReportPage> {
    return AbstractPage.verified(new ImportReportPage(page, heading))
  }

  /** The problems table: line, column, problem. */
  async problemRows(): Promise<string[][]> {
    const rows = this.problems.locator('tbody tr')
    const out: string[][] = []
    for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('td').allInnerTexts()).map(t => t.trim()))
    return out
  }
}

class ExportPage extends AbstractPage {
  readonly researchForm: Locator
  readonly identityForm: Locator

  private constructor(page: Page) {
    super(page, 'Export panel data')
    this.researchForm = page.locator('form[action="/panel/export/research"]')
    this.identityForm = page.locator('form[action="/panel/export/identity"]')
  }

  static async verifyOnPage(page: Page): Promise<ExportPage> {
    return AbstractPage.verified(new ExportPage(page))
  }

  async choose(form: Locator, input: { show?: string; status?: string; format?: string }): Promise<void> {
    if (input.show) await form.getByLabel('Which panel members').selectOption({ label: input.show })
    if (input.status) await form.getByLabel('Status').selectOption({ label: input.status })
    if (input.format) await form.getByRole('radio', { name: input.format }).check()
  }

  /** Submit a form that answers with a file, and wait for the download. */
  async download(form: Locator, button: string): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), form.getByRole('button', { name: button }).click()])
    return download
  }
}

async function downloadedText(download: Download): Promise<string> {
  const file = await download.path()
  return fs.readFileSync(file, 'utf8')
}

// ---- the files ----

const HEADER = 'full_name,email,phone,area,seldom_heard_tags,consent_contact_research'
const GOOD = [
  'Philippa Gorringe,philippa.gorringe@example.org,07700 900401,Glenmoor,Remote rural,Yes',
  '"Okonkwo, Adaeze",adaeze.okonkwo@example.org,,Eastport,,Yes',
]
const BAD = ['Tobias Wrenn,tobias@,,Glenmoor,,Yes', 'Hester Blume,hester.blume@example.org,,Atlantis,,Yes']
const GOOD_AND_BAD: CsvFile = { name: 'panel-people.csv', content: `\uFEFF${[HEADER, ...GOOD, ...BAD].join('\r\n')}\r\n` }
const BAD_HEADER: CsvFile = { name: 'wrong-columns.csv', content: 'full_name,emial\r\nJo,jo@example.org\r\n' }
const IDENTITY = ['Philippa', 'Gorringe', 'Adaeze', 'Okonkwo', 'example.org', '07700']

describe('panel import and export', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'panel-import-export' })
  })
  after(() => h?.close())

  it('the panel manager imports a file: errors first, then a check, then the import and its report', async () => {
    const { page, home } = await signedInAs(h, 'panel_manager')
    await home.followNavigationLink('/panel/import')
    const form = await ImportPage.verifyOnPage(page)
    await form.checkAccessibility('import panel members')

    // The template downloads from the page.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the template (CSV)' }).click()])
    assert.equal(template.suggestedFilename(), 'panel-import-template.csv')
    assert.match(await downloadedText(template), /^\uFEFFfull_name,email,phone,/)

    // The format, in a details element that opens by keyboard.
    await page.locator('summary', { hasText: 'What to put in the file' }).press('Enter')
    assert.ok(await page.getByRole('table', { name: 'The columns of the file' }).isVisible())
    await form.checkAccessibility('import panel members: file format open')

    const empty = await form.upload({})
    assert.equal(empty?.status(), 400)
    const emptyErrors = await ImportPage.verifyOnPage(page)
    await emptyErrors.expectErrors([
      { field: 'file', message: 'Select a CSV file' },
      { field: 'joinedVia', message: 'Select how these people joined the panel' },
    ])
    await emptyErrors.checkAccessibility('import: nothing chosen')
    await emptyErrors.expectEachErrorLinkFocusesItsField()

    const unreadable = await emptyErrors.upload({ file: BAD_HEADER, joinedVia: 'By post' })
    assert.equal(unreadable?.status(), 400)
    const fileErrors = await ImportPage.verifyOnPage(page)
    await fileErrors.expectErrors([{ field: 'file', message: /^The file could not be read\. Line 1, column B \(emial\): "emial" is not a column we know/ }])
    assert.ok(await page.getByRole('radio', { name: 'By post', exact: true }).isChecked(), 'the choice made is kept')
    await fileErrors.checkAccessibility('import: a column the service does not know')

    await fileErrors.upload({ file: GOOD_AND_BAD, onlyCheck: true })
    const checked = await ImportReportPage.verifyOnPage(page, 'Your file has been checked')
    assert.match(await checked.summary.innerText(), /2 people would be added to the panel\.\s+2 rows have problems and would not be imported\./)
    assert.deepEqual(await checked.problemRows(), [
      ['4', 'B (email)', 'Enter an email address in the correct format, like name@example.com'],
      ['5', 'D (area)', '"Atlantis" is not an answer for area. Use one of: Northshire City, Eastport, Glenmoor, Westhaven, The Isles, Prefer not to say'],
    ])
    assert.ok(await page.getByRole('radio', { name: 'By post', exact: true }).isChecked())
    assert.equal(await page.getByLabel('Only check the file. Do not add anyone yet').isChecked(), false)
    await checked.checkAccessibility('import: the check of a file')

    // Import it for real, from the form under the check.
    await uploadWith(page, { file: GOOD_AND_BAD })
    const imported = await ImportReportPage.verifyOnPage(page, 'Panel members imported')
    assert.match(new URL(page.url()).pathname, /^\/panel\/import\/[0-9a-f-]{36}$/)
    assert.match(await imported.summary.innerText(), /2 people were added to the panel\.\s+2 rows have problems and were not imported\./)
    assert.equal((await imported.problemRows()).length, 2)
    for (const s of IDENTITY) assert.ok(!(await page.content()).includes(s), `the report shows ${s}`)
    await imported.checkAccessibility('import: the report of an import')
    const [problems] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the list of problems (CSV)' }).click()])
    assert.match(await downloadedText(problems), /^\uFEFFline,column_letter,column,problem\r\n4,B,email,/)

    // Importing the same file again: everyone in it is now a duplicate.
    await page.goto('/panel/import')
    await (await ImportPage.verifyOnPage(page)).upload({ file: GOOD_AND_BAD, joinedVia: 'By phone', allOrNothing: true })
    const nothing = await ImportReportPage.verifyOnPage(page, 'Nothing was imported')
    const rows = await nothing.problemRows()
    assert.ok(rows.some(r => r[0] === '2' && r[2] === 'There is already a panel member with this email address'))
    await nothing.checkAccessibility('import: all or nothing, nothing imported')
    assert.deepEqual(h.problems, [])
  })

  it('works without JavaScript: the upload, its errors and the check', async () => {
    const { page } = await signedInAs(h, 'panel_manager', { javaScriptEnabled: false })
    await page.goto('/panel/import')
    const form = await ImportPage.verifyOnPage(page)
    await form.checkAccessibility('import panel members (no JavaScript)')
    const res = await form.upload({ joinedVia: 'Through a partner organisation' })
    assert.equal(res?.status(), 400)
    const errors = await ImportPage.verifyOnPage(page)
    await errors.expectErrors([{ field: 'file', message: 'Select a CSV file' }], { summaryFocused: false })
    await errors.checkAccessibility('import: no file (no JavaScript)')
    await errors.upload({ file: GOOD_AND_BAD, onlyCheck: true })
    const checked = await ImportReportPage.verifyOnPage(page, 'Your file has been checked')
    const lines = new Set((await checked.problemRows()).map(r => r[0]))
    assert.deepEqual([...lines], ['2', '3', '4', '5'], 'every row is a duplicate or bad by now')
    await checked.checkAccessibility('import: the check of a file (no JavaScript)')
  })

  it('the panel manager exports research data and names and contact details', async () => {
    const { page, home } = await signedInAs(h, 'panel_manager')
    await home.followNavigationLink('/panel/export')
    const exports = await ExportPage.verifyOnPage(page)
    await exports.checkAccessibility('export panel data (panel manager)')

    await exports.choose(exports.researchForm, { show: 'Area: Glenmoor', status: 'Active', format: 'CSV (comma-separated values)' })
    const research = await exports.download(exports.researchForm, 'Download research data')
    assert.match(research.suggestedFilename(), /^panel-research-data-\d{4}-\d{2}-\d{2}\.csv$/)
    const text = await downloadedText(research)
    assert.equal(text.trim().split('\r\n').length, 2, 'the header and the one Glenmoor member')
    for (const s of IDENTITY) assert.ok(!text.includes(s), `the research export contains ${s}`)

    await exports.choose(exports.identityForm, { format: 'Excel workbook (XLSX)' })
    const identity = await exports.download(exports.identityForm, 'Download names and contact details')
    assert.match(identity.suggestedFilename(), /^panel-contact-details-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await identity.path())
    const names: string[] = []
    wb.getWorksheet('Contact details')!.eachRow((row, n) => n > 1 && names.push(String(row.getCell(2).value)))
    assert.deepEqual(names.sort(), ['Okonkwo, Adaeze', 'Philippa Gorringe'])

    // An error state: a format that is not chosen (only possible by changing the page, as a script might).
    await page.locator('form[action="/panel/export/identity"] input[name="format"]').evaluateAll(inputs => {
      for (const input of inputs as unknown as { checked: boolean }[]) input.checked = false
    })
    const res = await clickAndWait(page, exports.identityForm.getByRole('button', { name: 'Download names and contact details' }))
    assert.equal(res?.status(), 400)
    const withErrors = await ExportPage.verifyOnPage(page)
    await withErrors.expectErrors([{ field: 'identityFormat', message: 'Select a file format' }])
    await withErrors.checkAccessibility('export: no file format chosen')
    await withErrors.expectEachErrorLinkFocusesItsField()
    assert.deepEqual(h.problems, [])
  })

  it('an analyst exports research data, and can never get names or contact details', async () => {
    const { page, home } = await signedInAs(h, 'analyst')
    assert.ok(!(await home.navigationLinks()).some(l => l.href === '/panel/import'), 'no import for an analyst')
    await home.followNavigationLink('/panel/export')
    const exports = await ExportPage.verifyOnPage(page)
    assert.equal(await exports.identityForm.count(), 0)
    assert.equal(await page.getByRole('heading', { name: 'Names and contact details' }).count(), 0)
    await exports.checkAccessibility('export panel data (analyst)')

    await exports.choose(exports.researchForm, { format: 'Excel workbook (XLSX)' })
    const research = await exports.download(exports.researchForm, 'Download research data')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await research.path())
    const cells: string[] = []
    wb.eachSheet(ws => ws.eachRow(row => row.eachCell(cell => cells.push(String(cell.value)))))
    for (const s of IDENTITY) assert.ok(!cells.join('\n').includes(s), `the analyst's workbook contains ${s}`)

    // Straight to the identity export, with the page's own form token: refused.
    const token = await page.locator('input[name="_csrf"]').first().inputValue()
    const refused = await page.request.post('/panel/export/identity', { form: { _csrf: token, format: 'csv', status: 'all', show: '' } })
    assert.equal(refused.status(), 403)
    const body = await refused.text()
    for (const s of IDENTITY) assert.ok(!body.includes(s))

    const res = await page.goto('/panel/import')
    assert.equal(res?.status(), 403)
    await (await ForbiddenPage.verifyOnPage(page)).checkAccessibility('import refused to an analyst')
  })
})
