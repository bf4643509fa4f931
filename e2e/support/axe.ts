import assert from 'node:assert/strict'
import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { isWithoutJavaScript } from './browser.ts'

/** WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices. Every rule in these sets is on: none is disabled. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>

const checked: string[] = []

/** The labels of every page and state checked so far in this spec file (for the summary each spec prints). */
export function axeChecked(): readonly string[] {
  return checked
}

/**
 * Run axe on the page as it is now and fail, listing every violation with its rule id, help text and the selectors
 * of the elements at fault, unless there are none.
 */
export async function expectNoA11yViolations(page: Page, label: string): Promise<void> {
  const started = Date.now()
  const results = isWithoutJavaScript(page.context()) ? await analyseWithoutJavaScript(page) : await analyse(page)
  checked.push(label)
  if (process.env.E2E_TIMING) process.stdout.write(`# axe ${Date.now() - started} ms: ${label}\n`)
  const violations = withoutKnownGovukIssues(results.violations, label)
  if (violations.length === 0) return
  const lines = violations.flatMap(v => [
    `  ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`,
    `    ${v.helpUrl}`,
    ...v.nodes.map(n => `    at ${n.target.map(t => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' | ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`),
  ])
  assert.fail(`axe found ${violations.length} accessibility violation(s) on "${label}" (${page.url()}):\n${lines.join('\n')}`)
}

type Violation = AxeResults['violations'][number]

/**
 * The one GOV.UK Frontend pattern axe reports that we accept, and only exactly it: GOV.UK Frontend's own radios and
 * checkboxes script puts `aria-expanded` on an input that conditionally reveals a question (`aria-controls` pointing
 * at the revealed content). ARIA 1.2 does not allow aria-expanded on role radio/checkbox, so axe's aria-allowed-attr
 * fails it; the GOV.UK Design System keeps it on purpose because screen readers announce it and research found it
 * helps (alphagov/govuk-frontend#979, listed in their known axe issues #1280; removal declined in #2823; proposed for
 * ARIA in w3c/aria#1404). The rule stays on for everything else: a node is set aside only if it is such an input and
 * aria-expanded is the only attribute at fault. The page still works without JavaScript, where the attribute is absent.
 */
function isGovukConditionalReveal(v: Violation, n: Violation['nodes'][number]): boolean {
  if (v.id !== 'aria-allowed-attr') return false
  const isRevealInput = /^<input class="[^"]*\bgovuk-(radios|checkboxes)__input\b[^"]*"/.test(n.html) && /\baria-controls="conditional-[^"]+"/.test(n.html)
  const atFault = [...n.all, ...n.any, ...n.none].flatMap(c => (Array.isArray(c.data) ? (c.data as unknown[]) : []))
  return isRevealInput && atFault.length > 0 && atFault.every(a => typeof a === 'string' && a.startsWith('aria-expanded='))
}

const setAside: string[] = []

/** Where the known GOV.UK conditional-reveal issue was set aside (reported in each spec's summary). */
export function axeSetAside(): readonly string[] {
  return setAside
}

function withoutKnownGovukIssues(violations: Violation[], label: string): Violation[] {
  return violations
    .map(v => ({
      ...v,
      nodes: v.nodes.filter(n => {
        const known = isGovukConditionalReveal(v, n)
        if (known) setAside.push(`${label}: ${n.target.join(' ')}`)
        return !known
      }),
    }))
    .filter(v => v.nodes.length > 0)
}

/**
 * Legacy mode runs axe.run() inside the page instead of axe.runPartial() in every frame and axe.finishRun() in an
 * extra blank page. It checks the same rules; the only difference is that cross-origin frames are not entered, and
 * our pages have no frames. It halves the time of each check.
 */
function analyse(page: Page): Promise<AxeResults> {
  return new AxeBuilder({ page })
    .withTags(AXE_TAGS)
    .setLegacyMode()
    // Only violations need their details collected (a third faster); the rules run are the same.
    .options({ resultTypes: ['violations'] })
    .analyze()
}

interface Inspector {
  page: Page
  /** The copy the next navigation of `page` is answered with. */
  copy?: { url: string; html: string }
}

/** One JavaScript-enabled page per browser for checking copies of no-JavaScript pages (a warm page checks faster). */
const inspectors = new WeakMap<Browser, Promise<Inspector>>()

async function inspectorFor(browser: Browser, like: Page): Promise<Inspector> {
  let inspector = inspectors.get(browser)
  if (!inspector) {
    inspector = (async () => {
      const context = await browser.newContext({ viewport: like.viewportSize(), locale: 'en-GB' })
      const it: Inspector = { page: await context.newPage() }
      await it.page.route(
        request => it.copy !== undefined && request.href.split('#')[0] === it.copy.url,
        route =>
          route.request().isNavigationRequest() && it.copy
            ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "script-src 'none'" }, body: it.copy.html })
            : route.continue(),
      )
      return it
    })()
    inspectors.set(browser, inspector)
  }
  return inspector
}

/**
 * axe runs as JavaScript inside the page and waits on timers, which never fire in a page with JavaScript turned off.
 * So we check an exact copy: the page's current HTML, served at the same address (so the same stylesheet loads and
 * colour contrast is measured) in a JavaScript-enabled page whose Content-Security-Policy lets none of the page's own
 * scripts run. The DOM axe sees is the one a person without JavaScript gets.
 */
async function analyseWithoutJavaScript(page: Page): Promise<AxeResults> {
  const browser = page.context().browser()
  if (!browser) throw new Error('no browser for this page')
  const inspector = await inspectorFor(browser, page)
  inspector.copy = { url: page.url().split('#')[0] ?? page.url(), html: await page.content() }
  try {
    await inspector.page.goto(inspector.copy.url)
    assert.equal(await inspector.page.locator('body.js-enabled').count(), 0, 'the copy of a no-JavaScript page must not run the page scripts')
    return await analyse(inspector.page)
  } finally {
    inspector.copy = undefined
  }
}
