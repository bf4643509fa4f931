import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { clickAndWait } from './pages/abstract-page.ts'
import { HomePage } from './pages/home-page.ts'
import { CheckEmailPage, EmailLinkPage, LinkStoppedWorkingPage, SignInPage, UseSignInLinkPage } from './pages/sign-in-pages.ts'
import { linkEmailedTo } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

describe('sign in with a link sent by email', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'email-link' })
  })
  after(() => h?.close())

  it('asks for the address, emails a link over SMTP, and the link signs you in once', async () => {
    // A panel member with no password: the emailed link is their only way in.
    const user = await h.server.createUser('panel_member', { password: null })
    const page = await h.newPage()
    const signIn = await SignInPage.goto(page)
    await clickAndWait(page, signIn.emailLinkLink)
    const ask = await EmailLinkPage.verifyOnPage(page)
    await ask.checkAccessibility('sign-in link: what is your email address')

    const empty = await clickAndWait(page, ask.sendButton)
    assert.equal(empty?.status(), 400)
    const withErrors = await EmailLinkPage.verifyOnPage(page)
    await withErrors.expectErrors([{ field: 'email', message: 'Enter your email address' }])
    await withErrors.checkAccessibility('sign-in link: no email address')
    await withErrors.expectEachErrorLinkFocusesItsField()

    const res = await withErrors.requestLink(user.email)
    assert.equal(res?.status(), 200)
    const check = await CheckEmailPage.verifyOnPage(page)
    await check.checkAccessibility('check your email')

    const link = await linkEmailedTo(h, user.email, /sign-in link/)
    assert.match(link, /\/sign-in\/link\/[^/\s]+$/)
    await page.goto(link)
    const use = await UseSignInLinkPage.verifyOnPage(page)
    assert.equal(await use.signedInAs(), null, 'opening the link alone does not sign you in (mail scanners open links)')
    await use.checkAccessibility('sign-in link: select the button')

    await use.signIn()
    const home = await HomePage.verifyOnPage(page)
    assert.equal(await home.signedInAs(), `Signed in as ${user.displayName} (Panel member)`)
    await home.checkAccessibility('home after signing in with a link')

    // The same link, a second time (on another device): it has stopped working.
    const other = await h.newPage()
    const again = await other.goto(link)
    assert.equal(again?.status(), 410)
    const stopped = await LinkStoppedWorkingPage.verifyOnPage(other)
    assert.match(await other.locator('main').innerText(), /already been used/)
    await stopped.checkAccessibility('sign-in link has stopped working (used)')
  })

  it('says the same for an address with no account, and sends nothing', async () => {
    const page = await h.newPage()
    await page.goto('/sign-in/email-link')
    const ask = await EmailLinkPage.verifyOnPage(page)
    const before = h.server.smtp.messages.length
    await ask.requestLink('nobody.here@e2e.example')
    await CheckEmailPage.verifyOnPage(page)
    assert.equal(h.server.smtp.messages.filter(m => m.to.includes('nobody.here@e2e.example')).length, 0)
    assert.ok(h.server.smtp.messages.length >= before)
    assert.deepEqual(h.problems, [])
  })
})
