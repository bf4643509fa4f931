import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

/**
 * Any page of a session's arrangements (attendance, what to arrange, expenses), the list of everything to arrange,
 * and the expense decision and payment pages, found by its h1.
 */
export class ArrangementsPage extends AbstractPage {
  readonly main: Locator

  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
    this.main = page.locator('main')
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<ArrangementsPage> {
    return AbstractPage.verified(new ArrangementsPage(page, heading))
  }

  /**
   * Press a button or follow a link in the main content; the status of the page that comes back (a number, so a
   * failed `assert.equal(status, 400)` prints two numbers).
   */
  async press(name: string | RegExp): Promise<number | undefined> {
    const exact = typeof name === 'string'
    const target = this.main.getByRole('button', { name, exact }).or(this.main.getByRole('link', { name, exact }))
    return (await clickAndWait(this.page, target.first()))?.status()
  }

  /** Choose a radio by its label, inside the fieldset named by its legend. */
  async choose(legend: string, label: string): Promise<void> {
    await this.main.getByRole('group', { name: legend }).getByLabel(label, { exact: true }).check()
  }

  /** Type into a text box or text area by its label. */
  async fill(label: string, value: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).fill(value)
  }

  /** What a text box or text area holds now. */
  value(label: string): Promise<string> {
    return this.main.getByLabel(label, { exact: true }).inputValue()
  }

  /** The value beside a key in the page's summary list. */
  async summaryValue(key: string): Promise<string> {
    const row = this.main.locator('.govuk-summary-list__row', { has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim().replace(/\s+/g, ' ')
  }

  /** The rows of a table (by id), each as its cells' text. */
  async tableRows(id: string): Promise<string[][]> {
    return this.page.locator(`table#${id} tbody tr`).evaluateAll(rows => rows.map(r => [...r.querySelectorAll('th, td')].map(c => (c.textContent ?? '').replace(/\s+/g, ' ').trim())))
  }

  /** Follow a download link and return the file's name and text. */
  async download(linkName: string | RegExp): Promise<{ filename: string; text: string }> {
    const [file] = await Promise.all([this.page.waitForEvent('download'), this.main.getByRole('link', { name: linkName }).click()])
    const path = await file.path()
    return { filename: file.suggestedFilename(), text: await readFile(path, 'utf8') }
  }
}
