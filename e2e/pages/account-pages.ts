import type { Locator, Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

export class AccountPage extends AbstractPage {
  readonly changePasswordLink: Locator

  private constructor(page: Page) {
    super(page, 'Your account')
    this.changePasswordLink = page.getByRole('link', { name: /^(Change|Set a password) password$/ })
  }

  static async verifyOnPage(page: Page): Promise<AccountPage> {
    return AbstractPage.verified(new AccountPage(page))
  }

  /** The value of a row of the summary list, e.g. "Email address". */
  async row(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row', { has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }
}

export class ChangePasswordPage extends AbstractPage {
  readonly currentPassword: Locator
  readonly newPassword: Locator
  readonly confirmPassword: Locator
  readonly saveButton: Locator

  private constructor(page: Page) {
    super(page, /^(Change your password|Set a password)$/)
    this.currentPassword = page.getByLabel('Current password', { exact: true })
    this.newPassword = page.getByLabel('New password', { exact: true })
    this.confirmPassword = page.getByLabel('Confirm new password', { exact: true })
    this.saveButton = page.getByRole('button', { name: 'Save password' })
  }

  static async verifyOnPage(page: Page): Promise<ChangePasswordPage> {
    return AbstractPage.verified(new ChangePasswordPage(page))
  }

  async change(input: { current?: string; next: string; confirm: string }): Promise<Response | null> {
    if (input.current !== undefined) await this.currentPassword.fill(input.current)
    await this.newPassword.fill(input.next)
    await this.confirmPassword.fill(input.confirm)
    return clickAndWait(this.page, this.saveButton)
  }
}

export class AcceptInvitationPage extends AbstractPage {
  readonly fullName: Locator
  readonly password: Locator
  readonly confirmPassword: Locator
  readonly acceptButton: Locator

  private constructor(page: Page) {
    super(page, 'Accept your invitation')
    this.fullName = page.getByLabel('Full name', { exact: true })
    this.password = page.getByLabel('Create a password', { exact: true })
    this.confirmPassword = page.getByLabel('Confirm password', { exact: true })
    this.acceptButton = page.getByRole('button', { name: 'Accept invitation' })
  }

  static async verifyOnPage(page: Page): Promise<AcceptInvitationPage> {
    return AbstractPage.verified(new AcceptInvitationPage(page))
  }

  async accept(input: { name: string; password?: string; confirm?: string }): Promise<Response | null> {
    await this.fullName.fill(input.name)
    if (input.password !== undefined) await this.password.fill(input.password)
    if (input.confirm !== undefined) await this.confirmPassword.fill(input.confirm)
    return clickAndWait(this.page, this.acceptButton)
  }
}

export class InvitationStoppedWorkingPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'This invitation has stopped working')
  }

  static async verifyOnPage(page: Page): Promise<InvitationStoppedWorkingPage> {
    return AbstractPage.verified(new InvitationStoppedWorkingPage(page))
  }
}
