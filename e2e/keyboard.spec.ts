import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { focusedElement, pressAndWait, type FocusedElement } from './pages/abstract-page.ts'
import { HomePage } from './pages/home-page.ts'
import { SignedOutPage, SignInPage } from './pages/sign-in-pages.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { E2E_PASSWORD } from './support/server.ts'

/** Press Tab until `wanted` has the focus; every stop on the way must show where the focus is. */
async function tabTo(page: Page, wanted: (f: FocusedElement) => boolean, what: string, maxPresses = 30): Promise<FocusedElement> {
  const seen: string[] = []
  for (let i = 0; i < maxPresses; i += 1) {
    await page.keyboard.press('Tab')
    const f = await focusedElement(page)
    seen.push(f.description)
    assert.ok(f.indicated, `the focus on ${f.description} must be visible`)
    if (wanted(f)) return f
  }
  assert.fail(`Tab never reached ${what}; focus went: ${seen.join(' -> ')}`)
}

describe('with a keyboard only', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'keyboard' })
  })
  after(() => h?.close())

  it('the first Tab reaches "Skip to main content", and Enter moves the focus to the main content', async () => {
    const page = await h.newPage()
    await page.goto('/')
    const home = await HomePage.verifyOnPage(page)
    await home.checkAccessibility('home (keyboard)')

    await page.keyboard.press('Tab')
    const first = await focusedElement(page)
    assert.ok(first.classes.includes('govuk-skip-link'), `the first Tab must reach the skip link, not ${first.description}`)
    assert.equal(first.text, 'Skip to main content')
    assert.ok(first.indicated, 'the skip link shows its focus')
    const box = await page.locator('.govuk-skip-link').boundingBox()
    assert.ok(box && box.width > 10 && box.height > 10, 'the skip link is visible when it has the focus')

    await page.keyboard.press('Enter')
    const main = await focusedElement(page)
    assert.equal(main.tag, 'main')
    assert.equal(main.id, 'main-content')
    // The next Tab goes to the first thing in the main content, not back to the header.
    await page.keyboard.press('Tab')
    const next = await focusedElement(page)
    assert.equal(await page.locator('main :focus').count(), 1, `after skipping, Tab stays in the main content (focus is on ${next.description})`)
  })

  it('the sign-in form can be completed and sent with the keyboard alone, errors included', async () => {
    const user = await h.server.createUser('seldom_heard_partner')
    const page = await h.newPage()
    await page.goto('/sign-in')
    const signIn = await SignInPage.verifyOnPage(page)
    await signIn.checkAccessibility('sign in (keyboard)')

    // Send it empty: the error summary takes the focus; its first link, then Enter, goes to the field.
    await tabTo(page, f => f.tag === 'button' && f.text === 'Sign in', 'the Sign in button')
    const empty = await pressAndWait(page, 'Enter')
    assert.equal(empty?.status(), 400)
    const withErrors = await SignInPage.verifyOnPage(page)
    await withErrors.expectErrors([{ field: 'email' }, { field: 'password' }])
    await withErrors.checkAccessibility('sign in: empty fields (keyboard)')
    await tabTo(page, f => f.tag === 'a' && f.text === 'Enter your email address', 'the first error link', 2)
    await page.keyboard.press('Enter')
    assert.equal((await focusedElement(page)).id, 'email', 'Enter on the error link puts the focus in the field')

    await page.keyboard.type(user.email)
    await page.keyboard.press('Tab')
    assert.equal((await focusedElement(page)).id, 'password', 'Tab goes from the email address to the password')
    await page.keyboard.type(E2E_PASSWORD)
    await tabTo(page, f => f.tag === 'button' && f.text === 'Sign in', 'the Sign in button', 3)
    await pressAndWait(page, 'Enter')
    const home = await HomePage.verifyOnPage(page)
    assert.equal(await home.signedInAs(), `Signed in as ${user.displayName} (Seldom-heard partner)`)
    await home.checkAccessibility('home after a keyboard sign-in')

    // And out again, by keyboard.
    await tabTo(page, f => f.tag === 'button' && f.text === 'Sign out', 'the Sign out button')
    await pressAndWait(page, 'Enter')
    await (await SignedOutPage.verifyOnPage(page)).checkAccessibility('signed out (keyboard)')
    assert.deepEqual(h.problems, [])
  })
})
