import type { Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.ts'

export class PageNotFoundPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'Page not found')
  }

  static async verifyOnPage(page: Page): Promise<PageNotFoundPage> {
    return AbstractPage.verified(new PageNotFoundPage(page))
  }
}

export class ForbiddenPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'You do not have permission to see this page')
  }

  static async verifyOnPage(page: Page): Promise<ForbiddenPage> {
    return AbstractPage.verified(new ForbiddenPage(page))
  }
}

export class FormNotSentPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'Your form could not be sent')
  }

  static async verifyOnPage(page: Page): Promise<FormNotSentPage> {
    return AbstractPage.verified(new FormNotSentPage(page))
  }
}

export class TooManyAttemptsPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'Too many attempts')
  }

  static async verifyOnPage(page: Page): Promise<TooManyAttemptsPage> {
    return AbstractPage.verified(new TooManyAttemptsPage(page))
  }
}
