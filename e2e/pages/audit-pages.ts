import type { Locator, Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

export class AuditTrailPage extends AbstractPage {
  readonly verifyButton: Locator
  readonly verificationResult: Locator
  readonly events: Locator

  private constructor(page: Page) {
    super(page, 'Audit trail')
    this.verifyButton = page.getByRole('button', { name: 'Check the audit trail has not been changed' })
    this.verificationResult = page.locator('#verification-result')
    this.events = page.getByRole('table', { name: 'Events, newest first' }).locator('tbody tr')
  }

  static async verifyOnPage(page: Page): Promise<AuditTrailPage> {
    return AbstractPage.verified(new AuditTrailPage(page))
  }

  async verifyChain(): Promise<Response | null> {
    return clickAndWait(this.page, this.verifyButton)
  }

  /** The "Action" column of every event shown. */
  async actions(): Promise<string[]> {
    return (await this.events.locator('td:nth-child(3)').allInnerTexts()).map(t => t.trim())
  }

  async filter(input: { action?: string; from?: string; to?: string }): Promise<Response | null> {
    if (input.action !== undefined) await this.page.getByLabel('Action', { exact: true }).selectOption(input.action)
    if (input.from !== undefined) await this.page.getByLabel('Date from').fill(input.from)
    if (input.to !== undefined) await this.page.getByLabel('Date to').fill(input.to)
    return clickAndWait(this.page, this.page.getByRole('button', { name: 'Filter' }))
  }

  async openFirstEvent(): Promise<Response | null> {
    return clickAndWait(this.page, this.events.first().getByRole('link').first())
  }
}

export class AuditEventPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, /^Event \d+$/)
  }

  static async verifyOnPage(page: Page): Promise<AuditEventPage> {
    return AbstractPage.verified(new AuditEventPage(page))
  }
}
