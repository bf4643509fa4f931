import type { Locator, Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

export class UsersPage extends AbstractPage {
  readonly inviteButton: Locator
  readonly table: Locator

  private constructor(page: Page) {
    super(page, 'Users')
    this.inviteButton = page.getByRole('button', { name: 'Invite a user' }).or(page.getByRole('link', { name: 'Invite a user' }))
    this.table = page.getByRole('table', { name: 'Users' })
  }

  static async verifyOnPage(page: Page): Promise<UsersPage> {
    return AbstractPage.verified(new UsersPage(page))
  }

  async filter(input: { query?: string; role?: string; status?: string }): Promise<Response | null> {
    if (input.query !== undefined) await this.page.getByLabel('Name or email contains').fill(input.query)
    if (input.role !== undefined) await this.page.getByLabel('Role', { exact: true }).selectOption(input.role)
    if (input.status !== undefined) await this.page.getByLabel('Status', { exact: true }).selectOption(input.status)
    return clickAndWait(this.page, this.page.getByRole('button', { name: 'Filter' }))
  }

  async names(): Promise<string[]> {
    if ((await this.table.count()) === 0) return []
    return (await this.table.locator('tbody tr td:first-child').allInnerTexts()).map(t => t.trim())
  }
}

export class InviteUserPage extends AbstractPage {
  readonly fullName: Locator
  readonly email: Locator
  readonly sendButton: Locator

  private constructor(page: Page) {
    super(page, 'Invite a user')
    this.fullName = page.getByLabel('Full name', { exact: true })
    this.email = page.getByLabel('Email address', { exact: true })
    this.sendButton = page.getByRole('button', { name: 'Send invitation' })
  }

  static async verifyOnPage(page: Page): Promise<InviteUserPage> {
    return AbstractPage.verified(new InviteUserPage(page))
  }

  async invite(input: { name: string; email: string; roleLabel?: string }): Promise<Response | null> {
    await this.fullName.fill(input.name)
    await this.email.fill(input.email)
    if (input.roleLabel) await this.page.getByRole('radio', { name: input.roleLabel, exact: true }).check()
    return clickAndWait(this.page, this.sendButton)
  }
}

export class UserDetailsPage extends AbstractPage {
  private constructor(page: Page, name: string) {
    super(page, name)
  }

  static async verifyOnPage(page: Page, name: string): Promise<UserDetailsPage> {
    return AbstractPage.verified(new UserDetailsPage(page, name))
  }

  async row(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row', { has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }
}
