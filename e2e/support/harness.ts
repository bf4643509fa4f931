import { appendFileSync } from 'node:fs'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { axeChecked, axeSetAside } from './axe.ts'
import { launchBrowser, newContext } from './browser.ts'
import { startE2eServer, type E2eServer } from './server.ts'

/** One server and one browser per spec file; a new context (a fresh profile, no cookies) per person. */
export interface Harness {
  server: E2eServer
  browser: Browser
  /** A page in a new context: a different person on a different computer. */
  newPage(opts?: BrowserContextOptions): Promise<Page>
  /** Problems the browser saw that no assertion looks at: script errors, CSP refusals, assets that failed to load. */
  problems: string[]
  close(): Promise<void>
}

export async function startHarness(opts: { env?: Record<string, string>; spec: string }): Promise<Harness> {
  const [server, browser] = await Promise.all([startE2eServer({ env: opts.env }), launchBrowser()])
  const contexts: BrowserContext[] = []
  const problems: string[] = []
  return {
    server,
    browser,
    problems,
    async newPage(contextOpts = {}) {
      const context = await newContext(browser, server.baseUrl, contextOpts)
      contexts.push(context)
      const page = await context.newPage()
      page.on('pageerror', err => problems.push(`script error on ${page.url()}: ${err.message}`))
      page.on('console', msg => {
        if (msg.type() === 'error' && /Content.Security.Policy|Refused to/i.test(msg.text())) problems.push(`${page.url()}: ${msg.text()}`)
      })
      page.on('response', res => {
        if (res.request().resourceType() !== 'document' && res.status() >= 400) problems.push(`${res.status()} for ${res.url()} (on ${page.url()})`)
      })
      page.on('requestfailed', req => {
        // ERR_ABORTED: the browser dropped it because the page moved on (e.g. the favicon of a page left at once).
        const error = req.failure()?.errorText ?? ''
        if (req.resourceType() !== 'document' && error !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} ${error}`)
      })
      return page
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined)
      await browser.close().catch(() => undefined)
      await server.close()
      const labels = axeChecked()
      process.stdout.write(`# ${opts.spec}: axe checked ${labels.length} pages and states with no violations\n`)
      const known = axeSetAside()
      if (known.length) process.stdout.write(`# ${opts.spec}: set aside the known GOV.UK conditional-reveal aria-expanded (see axe.ts) on ${known.join('; ')}\n`)
      if (process.env.E2E_AXE_LOG) appendFileSync(process.env.E2E_AXE_LOG, labels.map(l => `${opts.spec}\t${l}\n`).join(''))
    },
  }
}
