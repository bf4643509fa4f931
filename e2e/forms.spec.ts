import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { clickAndWait } from './pages/abstract-page.ts'
import { AcceptInvitationPage, AccountPage, ChangePasswordPage, InvitationStoppedWorkingPage } from './pages/account-pages.ts'
import { AuditTrailPage } from './pages/audit-pages.ts'
import { ForbiddenPage, FormNotSentPage, PageNotFoundPage } from './pages/error-pages.ts'
import { HomePage } from './pages/home-page.ts'
import { LinkStoppedWorkingPage, SignedOutPage, SignInPage } from './pages/sign-in-pages.ts'
import { InviteUserPage, UserDetailsPage, UsersPage } from './pages/users-pages.ts'
import { linkEmailedTo, signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { E2E_PASSWORD } from './support/server.ts'

describe('forms and their error states', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'forms' })
  })
  after(() => h?.close())

  it('sign in: empty fields, then a wrong password, then correctly', async () => {
    const user = await h.server.createUser('policy_official')
    const page = await h.newPage()
    const signIn = await SignInPage.goto(page)
    await signIn.checkAccessibility('sign in')

    const empty = await signIn.submit()
    assert.equal(empty?.status(), 400)
    const withErrors = await SignInPage.verifyOnPage(page)
    await withErrors.expectErrors([
      { field: 'email', message: 'Enter your email address' },
      { field: 'password', message: 'Enter your password' },
    ])
    await withErrors.checkAccessibility('sign in: empty fields')
    await withErrors.expectEachErrorLinkFocusesItsField()

    const wrong = await withErrors.signIn(user.email, 'not-the-password')
    assert.equal(wrong?.status(), 400)
    const refused = await SignInPage.verifyOnPage(page)
    await refused.expectErrors([{ field: 'email', message: /^Enter a correct email address and password\./ }])
    assert.equal(await refused.emailInput.inputValue(), user.email, 'the email address typed is kept')
    assert.equal(await refused.passwordInput.inputValue(), '', 'a password is never sent back')
    await refused.checkAccessibility('sign in: wrong password')

    await refused.signIn(user.email, E2E_PASSWORD)
    const home = await HomePage.verifyOnPage(page)
    assert.equal(await home.signedInAs(), `Signed in as ${user.displayName} (Policy official)`)
  })

  it('after signing in you return to the page you asked for', async () => {
    const admin = await h.server.createUser('admin')
    const page = await h.newPage()
    await page.goto('/audit')
    const signIn = await SignInPage.verifyOnPage(page)
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    await signIn.signIn(admin.email, E2E_PASSWORD)
    await AuditTrailPage.verifyOnPage(page)
    assert.equal(new URL(page.url()).pathname, '/audit')
  })

  it('invite a user: errors, then correctly; the invited person accepts from the email and lands signed in', async () => {
    const { page } = await signedInAs(h, 'admin')
    const nav = await UsersPage.verifyOnPage(await (async () => (await clickAndWait(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' })), page))())
    await nav.checkAccessibility('users')
    await clickAndWait(page, nav.inviteButton)
    const invite = await InviteUserPage.verifyOnPage(page)
    await invite.checkAccessibility('invite a user')

    const empty = await clickAndWait(page, invite.sendButton)
    assert.equal(empty?.status(), 400)
    const withErrors = await InviteUserPage.verifyOnPage(page)
    await withErrors.expectErrors([
      { field: 'displayName', message: 'Enter their full name' },
      { field: 'email' },
      { field: 'role', message: 'Select a role' },
    ])
    await withErrors.checkAccessibility('invite a user: empty form')
    await withErrors.expectEachErrorLinkFocusesItsField()

    const badEmail = await withErrors.invite({ name: 'Ada Lovelace', email: 'ada-at-example', roleLabel: 'Analyst' })
    assert.equal(badEmail?.status(), 400)
    const again = await InviteUserPage.verifyOnPage(page)
    await again.expectErrors([{ field: 'email', message: /correct format/ }])
    assert.equal(await again.fullName.inputValue(), 'Ada Lovelace', 'nothing typed is lost')
    assert.ok(await page.getByRole('radio', { name: 'Analyst', exact: true }).isChecked(), 'the role chosen is kept')
    await again.checkAccessibility('invite a user: email in the wrong format')

    const email = `ada.${Date.now()}@e2e.example`
    await again.invite({ name: 'Ada Lovelace', email })
    const details = await UserDetailsPage.verifyOnPage(page, 'Ada Lovelace')
    assert.match(await details.successBanner.innerText(), /Invitation sent/)
    assert.equal(await details.row('Status'), 'Invited')
    await details.checkAccessibility('user details: invited')

    await page.goto('/users')
    const users = await UsersPage.verifyOnPage(page)
    await users.filter({ status: 'invited' })
    const filtered = await UsersPage.verifyOnPage(page)
    assert.deepEqual(await filtered.names(), ['Ada Lovelace'])
    await filtered.checkAccessibility('users filtered by status')

    // The invited person, on their own computer, opens the emailed link.
    const link = await linkEmailedTo(h, email, /invited/)
    const invitee = await h.newPage()
    await invitee.goto(link)
    const accept = await AcceptInvitationPage.verifyOnPage(invitee)
    assert.equal(await accept.fullName.inputValue(), 'Ada Lovelace')
    await accept.checkAccessibility('accept invitation')

    const noName = await accept.accept({ name: '' })
    assert.equal(noName?.status(), 400)
    const acceptErrors = await AcceptInvitationPage.verifyOnPage(invitee)
    await acceptErrors.expectErrors([{ field: 'displayName', message: 'Enter your full name' }])
    await acceptErrors.checkAccessibility('accept invitation: no name')
    await acceptErrors.expectEachErrorLinkFocusesItsField()

    await acceptErrors.accept({ name: 'Ada King' })
    const home = await HomePage.verifyOnPage(invitee)
    assert.equal(await home.signedInAs(), 'Signed in as Ada King (Analyst)')
    assert.match(await home.successBanner.innerText(), /Your account is ready/)
    await home.checkAccessibility('home after accepting an invitation')

    await clickAndWait(invitee, home.accountBar.getByRole('link', { name: 'Your account' }))
    const account = await AccountPage.verifyOnPage(invitee)
    assert.equal(await account.row('Password'), 'Not set: you sign in with an emailed link')
    await account.checkAccessibility('your account: no password')

    // The link works once.
    const other = await h.newPage()
    const reused = await other.goto(link)
    assert.equal(reused?.status(), 410)
    await (await InvitationStoppedWorkingPage.verifyOnPage(other)).checkAccessibility('invitation already used')
  })

  it('change password: mismatched, a wrong current password, then correctly', async () => {
    const { page, user, home } = await signedInAs(h, 'advisor')
    await clickAndWait(page, home.accountBar.getByRole('link', { name: 'Your account' }))
    const account = await AccountPage.verifyOnPage(page)
    await clickAndWait(page, account.changePasswordLink)
    const form = await ChangePasswordPage.verifyOnPage(page)
    await form.checkAccessibility('change password')

    const mismatch = await form.change({ current: E2E_PASSWORD, next: 'lantern-orchard-pebble', confirm: 'lantern-orchard-pebbles' })
    assert.equal(mismatch?.status(), 400)
    const withErrors = await ChangePasswordPage.verifyOnPage(page)
    await withErrors.expectErrors([{ field: 'confirmPassword', message: 'The passwords do not match' }])
    await withErrors.checkAccessibility('change password: passwords do not match')
    await withErrors.expectEachErrorLinkFocusesItsField()

    const wrongCurrent = await withErrors.change({ current: 'not-my-password', next: 'lantern-orchard-pebble', confirm: 'lantern-orchard-pebble' })
    assert.equal(wrongCurrent?.status(), 400)
    const refused = await ChangePasswordPage.verifyOnPage(page)
    await refused.expectErrors([{ field: 'currentPassword', message: 'Your current password is not correct' }])
    await refused.checkAccessibility('change password: wrong current password')

    await refused.change({ current: E2E_PASSWORD, next: 'lantern-orchard-pebble', confirm: 'lantern-orchard-pebble' })
    const saved = await AccountPage.verifyOnPage(page)
    assert.match(await saved.successBanner.innerText(), /Your password has been saved/)
    await saved.checkAccessibility('your account: password saved')

    await saved.signOut()
    await SignedOutPage.verifyOnPage(page)
    const signIn = await SignInPage.goto(page)
    await signIn.signIn(user.email, 'lantern-orchard-pebble')
    await HomePage.verifyOnPage(page)
  })

  it('audit trail filter with a date that is not a date', async () => {
    const { page } = await signedInAs(h, 'admin')
    await page.goto('/audit')
    const audit = await AuditTrailPage.verifyOnPage(page)
    const res = await audit.filter({ from: '31/03/2026' })
    assert.equal(res?.status(), 400)
    const withErrors = await AuditTrailPage.verifyOnPage(page)
    await withErrors.expectErrors([{ field: 'from', message: 'Date from must be a date like 2026-03-31' }])
    assert.equal(await page.getByLabel('Date from').inputValue(), '31/03/2026', 'what was typed is kept')
    await withErrors.checkAccessibility('audit trail: date from is not a date')
    await withErrors.expectEachErrorLinkFocusesItsField()

    const reversed = await withErrors.filter({ from: '2026-05-02', to: '2026-05-01' })
    assert.equal(reversed?.status(), 400)
    const reversedErrors = await AuditTrailPage.verifyOnPage(page)
    await reversedErrors.expectErrors([{ field: 'to', message: 'Date to must be the same as or after date from' }])
    await reversedErrors.checkAccessibility('audit trail: date to before date from')

    const fine = await reversedErrors.filter({ from: '2020-01-01', to: '2100-12-31' })
    assert.equal(fine?.status(), 200)
    assert.ok((await (await AuditTrailPage.verifyOnPage(page)).events.count()) > 0)
  })

  it('page not found, signed out and signed in', async () => {
    const page = await h.newPage()
    const res = await page.goto('/no-such-page')
    assert.equal(res?.status(), 404)
    await (await PageNotFoundPage.verifyOnPage(page)).checkAccessibility('page not found (signed out)')

    const signedIn = await signedInAs(h, 'stakeholder')
    const res2 = await signedIn.page.goto('/charter/no-such-thing/at-all')
    assert.equal(res2?.status(), 404)
    const notFound = await PageNotFoundPage.verifyOnPage(signedIn.page)
    assert.ok(await notFound.signedInAs())
    await notFound.checkAccessibility('page not found (signed in)')
  })

  it('no permission: an analyst on the users page', async () => {
    const { page } = await signedInAs(h, 'analyst')
    const res = await page.goto('/users')
    assert.equal(res?.status(), 403)
    const forbidden = await ForbiddenPage.verifyOnPage(page)
    assert.equal(await page.getByRole('link', { name: 'Sign in', exact: true }).count(), 0, 'a signed-in person is not told to sign in')
    await forbidden.checkAccessibility('no permission (analyst on /users)')
  })

  it('a sign-in link that has stopped working', async () => {
    const page = await h.newPage()
    const res = await page.goto('/sign-in/link/this-is-not-a-real-token')
    assert.equal(res?.status(), 410)
    const stopped = await LinkStoppedWorkingPage.verifyOnPage(page)
    await stopped.checkAccessibility('sign-in link has stopped working (unknown link)')
    await clickAndWait(page, stopped.newLinkLink)
    assert.equal(new URL(page.url()).pathname, '/sign-in/email-link')
  })

  it('a form sent after the session has gone: "Your form could not be sent"', async () => {
    const user = await h.server.createUser('approver')
    const page = await h.newPage()
    const signIn = await SignInPage.goto(page)
    await page.context().clearCookies()
    const res = await signIn.signIn(user.email, E2E_PASSWORD)
    assert.equal(res?.status(), 403)
    await (await FormNotSentPage.verifyOnPage(page)).checkAccessibility('form could not be sent (no session)')
    assert.deepEqual(h.problems, [])
  })
})
