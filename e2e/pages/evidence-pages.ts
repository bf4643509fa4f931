import type { Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.ts'
import { FormPage } from './form-page.ts'

/** Any evidence page (the list, one item, a session's notes, change and remove), found by its h1. */
export class EvidencePage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<EvidencePage> {
    return AbstractPage.verified(new EvidencePage(page, heading))
  }

  async tick(label: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).check()
  }

  isTicked(label: string): Promise<boolean> {
    return this.main.getByLabel(label, { exact: true }).isChecked()
  }

  /** Type into a text box or text area by its label. */
  async fill(label: string, value: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).fill(value)
  }

  value(label: string): Promise<string> {
    return this.main.getByLabel(label, { exact: true }).inputValue()
  }

  /** Choose an option of a select by its label. */
  async select(label: string, option: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).selectOption({ label: option })
  }

  /** The value beside a key in the page's summary list. */
  async summaryValue(key: string): Promise<string> {
    const row = this.main.locator('.govuk-summary-list__row', { has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
    return (await row.first().locator('.govuk-summary-list__value').innerText()).trim().replace(/\s+/g, ' ')
  }

  /** The rows of a table (by id), each as its cells' text. */
  async tableRows(id: string): Promise<string[][]> {
    return this.page.locator(`table#${id} tbody tr`).evaluateAll(rows => rows.map(r => [...r.querySelectorAll('th, td')].map(c => (c.textContent ?? '').replace(/\s+/g, ' ').trim())))
  }

  async count(): Promise<string> {
    return (await this.main.locator('#evidence-count').innerText()).trim().replace(/\s+/g, ' ')
  }
}
