import type { Locator, Page } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

/** A page with forms in its main content: press a button or link, choose a radio within its fieldset. */
export abstract class FormPage extends AbstractPage {
  readonly main: Locator

  protected constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
    this.main = page.locator('main')
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
}
