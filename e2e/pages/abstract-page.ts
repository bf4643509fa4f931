import assert from 'node:assert/strict'
import type { Locator, Page, Response } from 'playwright-core'
import { expectNoA11yViolations } from '../support/axe.ts'

export interface NavLink {
  text: string
  href: string
}

/**
 * What every page of the service has: one h1, the header with the service navigation, the account bar when signed
 * in, and (on forms) the GOV.UK error summary. Each page object has a static `verifyOnPage(page)` that waits for its
 * heading and returns the page object (the HMPPS pattern).
 */
export abstract class AbstractPage {
  readonly page: Page
  readonly heading: Locator
  readonly navigation: Locator
  readonly accountBar: Locator
  readonly signOutButton: Locator
  readonly errorSummary: Locator
  readonly successBanner: Locator

  protected constructor(page: Page, heading: string | RegExp) {
    this.page = page
    this.heading = page.getByRole('heading', { level: 1, name: heading, exact: typeof heading === 'string' ? true : undefined })
    this.navigation = page.getByRole('navigation', { name: 'Menu' })
    this.accountBar = page.locator('.charter-account-bar')
    this.signOutButton = this.accountBar.getByRole('button', { name: 'Sign out' })
    this.errorSummary = page.locator('.govuk-error-summary')
    this.successBanner = page.locator('.govuk-notification-banner--success')
  }

  /** Wait for the page's h1, and check it is the only one. */
  protected static async verified<T extends AbstractPage>(p: T): Promise<T> {
    await p.heading.waitFor({ state: 'visible' })
    assert.equal(await p.page.locator('h1').count(), 1, `expected exactly one h1 on ${p.page.url()}`)
    return p
  }

  /** axe on the page as it is now: no violations allowed. */
  async checkAccessibility(label: string): Promise<this> {
    await expectNoA11yViolations(this.page, label)
    return this
  }

  title(): Promise<string> {
    return this.page.title()
  }

  /** The "Signed in as ..." text, or null when signed out. */
  async signedInAs(): Promise<string | null> {
    if ((await this.accountBar.count()) === 0) return null
    return (await this.accountBar.locator('span').first().innerText()).trim()
  }

  /** The links in the service navigation, as the person sees them. */
  navigationLinks(): Promise<NavLink[]> {
    return linksIn(this.navigation)
  }

  /** Follow a link in the service navigation and return the page's response (after any redirects). */
  async followNavigationLink(href: string): Promise<Response | null> {
    return clickAndWait(this.page, this.navigation.locator(`a[href="${href}"]`))
  }

  async signOut(): Promise<void> {
    await clickAndWait(this.page, this.signOutButton)
  }

  /** The error summary's messages, each with the field it links to. */
  errorSummaryLinks(): Promise<NavLink[]> {
    return linksIn(this.errorSummary)
  }

  /**
   * The GOV.UK error pattern: "Error: " at the start of the title, the summary titled "There is a problem" listing
   * each problem in order as a link to its field, the same message beside the field, and (with JavaScript) the
   * focus on the summary when the page loads.
   */
  async expectErrors(expected: { field: string; message?: string | RegExp }[], opts: { summaryFocused?: boolean } = {}): Promise<void> {
    assert.match(await this.title(), /^Error: /, 'the title must start with "Error: "')
    await this.errorSummary.waitFor({ state: 'visible' })
    assert.equal((await this.errorSummary.locator('.govuk-error-summary__title').innerText()).trim(), 'There is a problem')
    const links = await this.errorSummaryLinks()
    assert.deepEqual(links.map(l => l.href), expected.map(e => `#${e.field}`), 'the error summary links to each field in order')
    for (const [i, e] of expected.entries()) {
      const text = links[i]!.text
      if (typeof e.message === 'string') assert.equal(text, e.message)
      else if (e.message) assert.match(text, e.message)
      const beside = this.page.locator('.govuk-error-message', { hasText: text })
      assert.ok((await beside.count()) >= 1, `"${text}" must also be shown beside its field`)
      assert.equal(await this.page.locator(`#${e.field}`).count(), 1, `the field #${e.field} the summary links to must exist`)
    }
    if (opts.summaryFocused ?? true) {
      const focused = await focusedElement(this.page)
      assert.ok(focused.classes.includes('govuk-error-summary'), `the error summary must have the focus when the page loads (focus is on ${focused.description})`)
    }
  }

  /** Select each link in the error summary and check the focus moves to the field it names. */
  async expectEachErrorLinkFocusesItsField(): Promise<void> {
    for (const { text, href } of await this.errorSummaryLinks()) {
      await this.errorSummary.getByRole('link', { name: text }).click()
      const focused = await focusedElement(this.page)
      assert.equal(`#${focused.id}`, href, `selecting "${text}" must move the focus to ${href} (focus is on ${focused.description})`)
    }
  }
}

export interface FocusedElement {
  tag: string
  id: string
  classes: string[]
  text: string
  /** Whether the focused element shows a focus indicator (an outline or a box shadow). */
  indicated: boolean
  /** tag#id.class "text", for messages. */
  description: string
}

/** What has the keyboard focus now. (A string expression: this project compiles without the DOM types.) */
export async function focusedElement(page: Page): Promise<FocusedElement> {
  return page.evaluate<FocusedElement>(`(() => {
    const el = document.activeElement
    const tag = el ? el.tagName.toLowerCase() : ''
    const id = el && el.id ? el.id : ''
    const classes = el ? Array.from(el.classList) : []
    const text = el ? (el.getAttribute('aria-label') || el.textContent || el.getAttribute('value') || '').trim().replace(/\\s+/g, ' ').slice(0, 60) : ''
    const style = el ? getComputedStyle(el) : null
    const indicated = !!style && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none')
    return { tag, id, classes, text, indicated, description: tag + (id ? '#' + id : '') + classes.map(c => '.' + c).join('') + (text ? ' "' + text + '"' : '') }
  })()`)
}

/** The little of a DOM element used below (this project compiles without the DOM types). */
interface LinkElement {
  textContent: string | null
  getAttribute(name: string): string | null
}

/** Every link inside a part of the page, with its text (spaces collapsed) and href, in one round trip. */
export function linksIn(container: Locator): Promise<NavLink[]> {
  return container
    .locator('a[href]')
    .evaluateAll((links: LinkElement[]) => links.map(a => ({ text: (a.textContent ?? '').trim().replace(/\s+/g, ' '), href: a.getAttribute('href') ?? '' })))
}

/** Click something that loads a new page; return the main document's final response. */
export async function clickAndWait(page: Page, target: Locator): Promise<Response | null> {
  const started = Date.now()
  const navigated = page.waitForEvent('framenavigated', { predicate: f => f === page.mainFrame() })
  await target.click()
  await navigated
  await page.waitForLoadState('load')
  if (process.env.E2E_TIMING) process.stdout.write(`# click ${Date.now() - started} ms: ${page.url()}\n`)
  const request = await finalRequest(page)
  return request ? request.response() : null
}

/** Press a key that loads a new page (e.g. Enter on a button); return the main document's final response. */
export async function pressAndWait(page: Page, key: string): Promise<Response | null> {
  const navigated = page.waitForEvent('framenavigated', { predicate: f => f === page.mainFrame() })
  await page.keyboard.press(key)
  await navigated
  await page.waitForLoadState('load')
  const request = await finalRequest(page)
  return request ? request.response() : null
}

async function finalRequest(page: Page) {
  // The document request of the page now shown (after redirects), found by its URL among the recent requests.
  const url = page.url().split('#')[0]
  const requests = await page.requests()
  for (let i = requests.length - 1; i >= 0; i -= 1) {
    const r = requests[i]!
    if (r.isNavigationRequest() && r.frame() === page.mainFrame() && r.url() === url) return r
  }
  return null
}
