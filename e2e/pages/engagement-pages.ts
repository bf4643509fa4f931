import type { Locator, Page } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

/** Any page of the engagement plan (/engagement...), found by its h1. */
export class EngagementPage extends AbstractPage {
  readonly main: Locator

  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
    this.main = page.locator('main')
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<EngagementPage> {
    return AbstractPage.verified(new EngagementPage(page, heading))
  }

  /** Press a button (or a link styled as one) in the main content; the status of the page that comes back. */
  async press(name: string | RegExp): Promise<number | undefined> {
    const exact = typeof name === 'string'
    const target = this.main.getByRole('button', { name, exact }).or(this.main.getByRole('link', { name, exact }))
    return (await clickAndWait(this.page, target.first()))?.status()
  }

  /** A date input's three boxes, inside the fieldset named by its legend. */
  async fillDate(legend: string, day: string, month: string, year: string): Promise<void> {
    const group = this.main.getByRole('group', { name: legend })
    await group.getByLabel('Day').fill(day)
    await group.getByLabel('Month').fill(month)
    await group.getByLabel('Year').fill(year)
  }

  /** The value beside a key in the page's summary list. */
  async summaryValue(key: string): Promise<string> {
    const row = this.main.locator('.govuk-summary-list__row', { has: this.page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim().replace(/\s+/g, ' ')
  }

  /** The body rows of the table with this caption, each as its cells' text. */
  async tableRows(caption: string | RegExp): Promise<string[][]> {
    const rows = this.main.getByRole('table', { name: caption }).locator('tbody tr')
    const out: string[][] = []
    for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map(s => s.trim().replace(/\s+/g, ' ')))
    return out
  }
}
