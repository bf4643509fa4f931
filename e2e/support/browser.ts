import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core'

/** Debian's Chromium. We never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** One browser per spec file; playwright-core gives every context its own fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

const withoutJavaScript = new WeakSet<BrowserContext>()

/** Whether the context was made with JavaScript turned off (axe then runs on a copy of the page: see axe.ts). */
export function isWithoutJavaScript(context: BrowserContext): boolean {
  return withoutJavaScript.has(context)
}

/** A new context (its own cookies, like a different person on a different computer) pointed at the test server. */
export async function newContext(browser: Browser, baseURL: string, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 }, ...opts })
  context.setDefaultTimeout(10_000)
  context.setDefaultNavigationTimeout(15_000)
  if (opts.javaScriptEnabled === false) withoutJavaScript.add(context)
  return context
}
