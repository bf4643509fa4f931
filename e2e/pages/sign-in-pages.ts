import type { Locator, Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

export class SignInPage extends AbstractPage {
  readonly emailInput: Locator
  readonly passwordInput: Locator
  readonly signInButton: Locator
  readonly emailLinkLink: Locator

  private constructor(page: Page) {
    super(page, 'Sign in')
    this.emailInput = page.getByLabel('Email address', { exact: true })
    this.passwordInput = page.getByLabel('Password', { exact: true })
    this.signInButton = page.locator('main').getByRole('button', { name: 'Sign in', exact: true })
    this.emailLinkLink = page.getByRole('link', { name: 'get a sign-in link by email' })
  }

  static async verifyOnPage(page: Page): Promise<SignInPage> {
    return AbstractPage.verified(new SignInPage(page))
  }

  static async goto(page: Page): Promise<SignInPage> {
    await page.goto('/sign-in')
    return SignInPage.verifyOnPage(page)
  }

  async submit(): Promise<Response | null> {
    return clickAndWait(this.page, this.signInButton)
  }

  /** Fill in the form and send it. Where you land depends on whether it worked: verify that page next. */
  async signIn(email: string, password: string): Promise<Response | null> {
    await this.emailInput.fill(email)
    await this.passwordInput.fill(password)
    return this.submit()
  }
}

export class EmailLinkPage extends AbstractPage {
  readonly emailInput: Locator
  readonly sendButton: Locator

  private constructor(page: Page) {
    super(page, 'What is your email address?')
    this.emailInput = page.getByLabel('What is your email address?')
    this.sendButton = page.getByRole('button', { name: 'Send me a sign-in link' })
  }

  static async verifyOnPage(page: Page): Promise<EmailLinkPage> {
    return AbstractPage.verified(new EmailLinkPage(page))
  }

  async requestLink(email: string): Promise<Response | null> {
    await this.emailInput.fill(email)
    return clickAndWait(this.page, this.sendButton)
  }
}

export class CheckEmailPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'Check your email')
  }

  static async verifyOnPage(page: Page): Promise<CheckEmailPage> {
    return AbstractPage.verified(new CheckEmailPage(page))
  }
}

/** The page an emailed sign-in link opens: a button, so that mail scanners opening the link cannot use it up. */
export class UseSignInLinkPage extends AbstractPage {
  readonly signInButton: Locator

  private constructor(page: Page) {
    super(page, 'Sign in')
    this.signInButton = page.locator('form[action^="/sign-in/link/"]').getByRole('button', { name: 'Sign in' })
  }

  static async verifyOnPage(page: Page): Promise<UseSignInLinkPage> {
    const p = await AbstractPage.verified(new UseSignInLinkPage(page))
    await p.signInButton.waitFor({ state: 'visible' })
    return p
  }

  async signIn(): Promise<Response | null> {
    return clickAndWait(this.page, this.signInButton)
  }
}

export class LinkStoppedWorkingPage extends AbstractPage {
  readonly newLinkLink: Locator

  private constructor(page: Page) {
    super(page, 'This sign-in link has stopped working')
    this.newLinkLink = page.getByRole('link', { name: 'Get a new sign-in link' })
  }

  static async verifyOnPage(page: Page): Promise<LinkStoppedWorkingPage> {
    return AbstractPage.verified(new LinkStoppedWorkingPage(page))
  }
}

export class SignedOutPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'You have signed out')
  }

  static async verifyOnPage(page: Page): Promise<SignedOutPage> {
    return AbstractPage.verified(new SignedOutPage(page))
  }
}
