import type { Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

/** Any page of the surveys and polls (a question page, check your answers, the builder, results), found by its h1. */
export class SurveyPage extends AbstractPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<SurveyPage> {
    return AbstractPage.verified(new SurveyPage(page, heading))
  }

  press(name: string): Promise<Response | null> {
    return clickAndWait(this.page, this.page.locator('main').getByRole('button', { name, exact: true }))
  }

  follow(name: string | RegExp): Promise<Response | null> {
    return clickAndWait(this.page, this.page.locator('main').getByRole('link', { name, exact: typeof name === 'string' ? true : undefined }).first())
  }

  /** Choose a radio or tick a checkbox by its label. */
  async choose(label: string): Promise<void> {
    await this.page.locator('main').getByLabel(label, { exact: true }).check()
  }
}
