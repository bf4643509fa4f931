import type { Locator, Page } from 'playwright-core'
import { AbstractPage, linksIn, type NavLink } from './abstract-page.ts'

/** The home page. Its h1 is the service name (SERVICE_NAME, "Our Charter" by default). */
export class HomePage extends AbstractPage {
  readonly taskList: Locator

  private constructor(page: Page, serviceName: string) {
    super(page, serviceName)
    this.taskList = page.locator('main .govuk-list')
  }

  static async verifyOnPage(page: Page, serviceName = 'Our Charter'): Promise<HomePage> {
    return AbstractPage.verified(new HomePage(page, serviceName))
  }

  /** The "What you can do" links a signed-in person sees. */
  taskLinks(): Promise<NavLink[]> {
    return linksIn(this.taskList)
  }
}

/** Any page of the service, for walking links whose pages this suite does not know (new modules). */
export class AnyPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, /\S/)
  }

  static async verifyOnPage(page: Page): Promise<AnyPage> {
    return AbstractPage.verified(new AnyPage(page))
  }
}
