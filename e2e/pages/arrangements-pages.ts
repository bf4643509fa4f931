import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.ts'
import { FormPage } from './form-page.ts'

/**
 * Any page of a session's arrangements (attendance, what to arrange, expenses), the list of everything to arrange,
 * and the expense decision and payment pages, found by its h1.
 */
export class ArrangementsPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<ArrangementsPage> {
    return AbstractPage.verified(new ArrangementsPage(page, heading))
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
