import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import type { UserDto } from '../../src/modules/accounts/index.ts'
import type { AccountRole } from '../../src/platform/auth/roles.ts'
import { HomePage } from '../pages/home-page.ts'
import { SignInPage } from '../pages/sign-in-pages.ts'
import type { Harness } from './harness.ts'
import { E2E_PASSWORD } from './server.ts'

/** A new person (new context) with an account for the role, signed in through the form. */
export async function signedInAs(
  h: Harness,
  role: AccountRole,
  opts: { name?: string; javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; user: UserDto; home: HomePage }> {
  const user = await h.server.createUser(role, { name: opts.name })
  const page = await h.newPage(opts.javaScriptEnabled === false ? { javaScriptEnabled: false } : {})
  const signIn = await SignInPage.goto(page)
  await signIn.signIn(user.email, E2E_PASSWORD)
  const home = await HomePage.verifyOnPage(page)
  assert.match((await home.signedInAs()) ?? '', new RegExp(`^Signed in as ${user.displayName} `))
  return { page, user, home }
}

/** Wait for the email to an address and return the first link in it. */
export async function linkEmailedTo(h: Harness, email: string, subject: RegExp): Promise<string> {
  const mail = await h.server.smtp.waitFor(m => m.to.includes(email) && subject.test(m.subject), 10_000)
  const m = /https?:\/\/\S+/.exec(mail.text)
  assert.ok(m, `no link in the email to ${email}:\n${mail.text}`)
  assert.ok(m[0].startsWith(`${h.server.baseUrl}/`), `the emailed link ${m[0]} must point at this server (${h.server.baseUrl})`)
  return m[0]
}
