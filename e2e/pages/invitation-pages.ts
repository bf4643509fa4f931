import type { Page } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

/** Any page of the invitations (choose who, check who, the list, a reply), found by its h1. */
export class InvitationPage extends AbstractPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<InvitationPage> {
    return AbstractPage.verified(new InvitationPage(page, heading))
  }

  /**
   * Press a button in the main content; the status of the page that comes back (a number, so that a failed
   * `assert.equal(status, 400)` prints two numbers rather than trying to print Playwright's whole Response object).
   */
  async press(name: string | RegExp): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.page.locator('main').getByRole('button', { name, exact: typeof name === 'string' ? true : undefined })))?.status()
  }

  /** Choose a radio or tick a checkbox by its label. */
  async choose(label: string): Promise<void> {
    await this.page.locator('main').getByLabel(label, { exact: true }).check()
  }

  /** The rows of a table (by id), each as its cells' text. */
  async tableRows(id: string): Promise<string[][]> {
    return this.page.locator(`table#${id} tbody tr`).evaluateAll(rows => rows.map(r => [...r.querySelectorAll('th, td')].map(c => (c.textContent ?? '').replace(/\s+/g, ' ').trim())))
  }
}
