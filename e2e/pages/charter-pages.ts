import type { Locator, Page } from 'playwright-core'
import { AbstractPage, clickAndWait, pressAndWait } from './abstract-page.ts'
import { FormPage } from './form-page.ts'

/**
 * Any page of the charter's journey from draft to published charter (workflow, reviews, decisions, approval, the
 * published charter), found by its h1: fill a field by its label, fill a GOV.UK date input by its legend, follow a
 * link in the main content.
 */
export class CharterJourneyPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<CharterJourneyPage> {
    return AbstractPage.verified(new CharterJourneyPage(page, heading))
  }

  async fill(label: string, value: string, within: Locator = this.main): Promise<void> {
    await within.getByLabel(label, { exact: true }).fill(value)
  }

  async tick(label: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).check()
  }

  /** A GOV.UK date input (three fields) inside the fieldset named by its legend. */
  async date(legend: string, ymd: { day: number; month: number; year: number }): Promise<void> {
    const group = this.main.getByRole('group', { name: legend })
    await group.getByLabel('Day', { exact: true }).fill(String(ymd.day))
    await group.getByLabel('Month', { exact: true }).fill(String(ymd.month))
    await group.getByLabel('Year', { exact: true }).fill(String(ymd.year))
  }

  /** Follow the first link in the main content with this name; the status of the page that comes back. */
  async follow(name: string | RegExp): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.main.getByRole('link', { name, exact: typeof name === 'string' }).first()))?.status()
  }

  /** Move the focus to a link or button and press Enter, as someone using only the keyboard. */
  async activateByKeyboard(target: Locator): Promise<number | undefined> {
    await target.focus()
    return (await pressAndWait(this.page, 'Enter'))?.status()
  }
}
