import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ROLE_LABELS, ROLES } from '../src/platform/auth/roles.ts'
import { clickAndWait, type AbstractPage, type NavLink } from './pages/abstract-page.ts'
import { AccountPage } from './pages/account-pages.ts'
import { AnyPage, HomePage } from './pages/home-page.ts'
import { EmailLinkPage, SignedOutPage, SignInPage } from './pages/sign-in-pages.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { E2E_PASSWORD } from './support/server.ts'

/** Same-site page links only (not mailto:, not other sites). */
function internal(links: NavLink[]): NavLink[] {
  return links.filter(l => l.href.startsWith('/') && !l.href.startsWith('//'))
}

/**
 * The content of each page already checked with axe. The same page reached by another role (the public charter,
 * the decision log, an empty list) differs only in the header's navigation, which axe checks on each role's home
 * page, so axe runs once per distinct content: every page and state is still checked, in a fraction of the time.
 */
const checkedContent = new Set<string>()

async function checkContentOnce(page: AbstractPage, label: string): Promise<void> {
  const main = (await page.page.locator('main').innerHTML()).replace(/value="[^"]*" name="_csrf"|name="_csrf" value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, '')
  if (checkedContent.has(main)) return
  checkedContent.add(main)
  await page.checkAccessibility(label)
}

/** Follow a link in the service navigation; the page must load (200), be the page linked to, and pass axe. */
async function visitNavigationLink(from: AbstractPage, link: NavLink, who: string): Promise<AnyPage> {
  const res = await from.followNavigationLink(link.href)
  assert.equal(res?.status(), 200, `${who}: "${link.text}" (${link.href}) must load`)
  assert.equal(new URL(from.page.url()).pathname, link.href, `${who}: "${link.text}" must not redirect`)
  const page = await AnyPage.verifyOnPage(from.page)
  const current = page.navigation.locator(`a[href="${link.href}"]`)
  assert.equal(await current.getAttribute('aria-current'), 'page', `${who}: "${link.text}" must be marked as the current page`)
  await checkContentOnce(page, `${link.href} (${who})`)
  return page
}

describe('every role: sign in with a password, visit every navigation link and your account, sign out', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'roles' })
  })
  after(() => h?.close())

  it('a visitor who is not signed in can reach every public page', async () => {
    const page = await h.newPage()
    await page.goto('/')
    let current: AbstractPage = await HomePage.verifyOnPage(page)
    assert.equal(await current.signedInAs(), null)
    await current.checkAccessibility('home (signed out)')

    const links = internal(await current.navigationLinks())
    assert.ok(links.some(l => l.href === '/sign-in'), 'a visitor sees "Sign in" in the navigation')
    for (const link of links.filter(l => l.href !== '/')) current = await visitNavigationLink(current, link, 'public')

    for (const name of ['Accessibility statement', 'Cookies', 'Privacy', 'Contact us']) {
      const res = await clickAndWait(page, page.locator('footer').getByRole('link', { name, exact: true }))
      assert.equal(res?.status(), 200, `footer link "${name}"`)
      const p = await AnyPage.verifyOnPage(page)
      await p.checkAccessibility(`${new URL(page.url()).pathname} (public)`)
    }

    const signIn = await SignInPage.goto(page)
    await clickAndWait(page, signIn.emailLinkLink)
    await (await EmailLinkPage.verifyOnPage(page)).checkAccessibility('sign-in link request form')

    const health = await page.request.get('/health')
    assert.equal(health.status(), 200)
    assert.equal((await health.json()).status, 'ok')
    assert.deepEqual(h.problems, [])
  })

  for (const role of ROLES) {
    it(`${ROLE_LABELS[role]} (${role})`, async () => {
      const user = await h.server.createUser(role)
      const who = role
      const page = await h.newPage()
      await page.goto('/')
      const start = await HomePage.verifyOnPage(page)
      await start.followNavigationLink('/sign-in')
      const signIn = await SignInPage.verifyOnPage(page)
      await signIn.checkAccessibility(`sign in (before ${who})`)

      const res = await signIn.signIn(user.email, E2E_PASSWORD)
      assert.equal(res?.status(), 200)
      const home = await HomePage.verifyOnPage(page)
      assert.equal(await home.signedInAs(), `Signed in as ${user.displayName} (${ROLE_LABELS[role]})`)
      await home.checkAccessibility(`home (${who})`)

      const navLinks = internal(await home.navigationLinks())
      assert.ok(!navLinks.some(l => l.href === '/sign-in'), 'no "Sign in" link once signed in')
      // The home page's "What you can do" links, where they go somewhere the navigation and the account bar do not.
      const tasks = internal(await home.taskLinks()).filter(t => t.href !== '/account' && !navLinks.some(l => l.href === t.href))

      let current: AbstractPage = home
      for (const link of navLinks.filter(l => l.href !== '/')) current = await visitNavigationLink(current, link, who)
      for (const task of tasks) {
        await current.followNavigationLink('/')
        const from = await HomePage.verifyOnPage(page)
        const r = await clickAndWait(page, from.taskList.locator(`a[href="${task.href}"]`))
        assert.equal(r?.status(), 200, `${who}: task "${task.text}" (${task.href}) must load`)
        current = await AnyPage.verifyOnPage(page)
        await checkContentOnce(current, `${task.href} (${who})`)
      }

      await clickAndWait(page, current.accountBar.getByRole('link', { name: 'Your account' }))
      const account = await AccountPage.verifyOnPage(page)
      assert.equal(await account.row('Email address'), user.email)
      assert.equal(await account.row('Role'), ROLE_LABELS[role])
      await account.checkAccessibility(`your account (${who})`)

      await account.signOut()
      const signedOut = await SignedOutPage.verifyOnPage(page)
      assert.equal(await signedOut.signedInAs(), null)
      assert.ok((await signedOut.navigationLinks()).some(l => l.href === '/sign-in'))
      await signedOut.checkAccessibility(`signed out (${who})`)

      // The session has ended: your account now asks you to sign in.
      await page.goto('/account')
      await SignInPage.verifyOnPage(page)
      assert.deepEqual(h.problems, [])
    })
  }
})
