import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { clickAndWait } from './pages/abstract-page.ts'
import { AccountPage, ChangePasswordPage } from './pages/account-pages.ts'
import { HomePage } from './pages/home-page.ts'
import { SignedOutPage, SignInPage } from './pages/sign-in-pages.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { E2E_PASSWORD } from './support/server.ts'

describe('without JavaScript', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'no-javascript' })
  })
  after(() => h?.close())

  it('signs in, and sends a form with errors and then correctly', async () => {
    const user = await h.server.createUser('complaints_handler')
    const page = await h.newPage({ javaScriptEnabled: false })
    const signIn = await SignInPage.goto(page)
    assert.equal(await page.locator('body.js-enabled').count(), 0, 'no script has run')
    assert.equal(await page.getByRole('button', { name: 'Show password' }).isVisible(), false, 'no "Show" button without JavaScript')
    await signIn.checkAccessibility('sign in (no JavaScript)')

    const empty = await signIn.submit()
    assert.equal(empty?.status(), 400)
    const withErrors = await SignInPage.verifyOnPage(page)
    await withErrors.expectErrors(
      [
        { field: 'email', message: 'Enter your email address' },
        { field: 'password', message: 'Enter your password' },
      ],
      { summaryFocused: false },
    )
    await withErrors.checkAccessibility('sign in: empty fields (no JavaScript)')
    // Without JavaScript the summary's links are ordinary same-page links.
    await withErrors.errorSummary.getByRole('link', { name: 'Enter your password' }).click()
    assert.equal(new URL(page.url()).hash, '#password')

    await withErrors.signIn(user.email, E2E_PASSWORD)
    const home = await HomePage.verifyOnPage(page)
    assert.equal(await home.signedInAs(), `Signed in as ${user.displayName} (Complaints handler)`)
    await home.checkAccessibility('home (no JavaScript)')

    await clickAndWait(page, home.accountBar.getByRole('link', { name: 'Your account' }))
    const account = await AccountPage.verifyOnPage(page)
    await account.checkAccessibility('your account (no JavaScript)')
    await clickAndWait(page, account.changePasswordLink)
    const form = await ChangePasswordPage.verifyOnPage(page)
    await form.checkAccessibility('change password (no JavaScript)')

    const mismatch = await form.change({ current: E2E_PASSWORD, next: 'meadow-quartz-violin', confirm: 'meadow-quartz-violins' })
    assert.equal(mismatch?.status(), 400)
    const formErrors = await ChangePasswordPage.verifyOnPage(page)
    await formErrors.expectErrors([{ field: 'confirmPassword', message: 'The passwords do not match' }], { summaryFocused: false })
    await formErrors.checkAccessibility('change password: passwords do not match (no JavaScript)')

    await formErrors.change({ current: E2E_PASSWORD, next: 'meadow-quartz-violin', confirm: 'meadow-quartz-violin' })
    const saved = await AccountPage.verifyOnPage(page)
    assert.match(await saved.successBanner.innerText(), /Your password has been saved/)
    await saved.checkAccessibility('your account: password saved (no JavaScript)')

    await saved.signOut()
    const signedOut = await SignedOutPage.verifyOnPage(page)
    await signedOut.checkAccessibility('signed out (no JavaScript)')
    assert.deepEqual(h.problems, [])
  })
})
