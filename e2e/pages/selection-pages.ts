import assert from 'node:assert/strict'
import type { Locator, Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './abstract-page.ts'

/** What every selection page has: buttons and links in the main content, summary lists and captioned tables. */
abstract class SelectionBasePage extends AbstractPage {
  readonly main: Locator

  protected constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
    this.main = page.locator('main')
  }

  /** Press a button (or a link styled as one) in the main content; the status of the page that comes back. */
  async press(name: string | RegExp): Promise<number | undefined> {
    const target = this.main.getByRole('button', { name, exact: typeof name === 'string' }).or(this.main.getByRole('link', { name, exact: typeof name === 'string' }))
    return (await clickAndWait(this.page, target.first()))?.status()
  }

  /** Follow a link in the main content. */
  async follow(name: string | RegExp): Promise<Response | null> {
    return clickAndWait(this.page, this.main.getByRole('link', { name, exact: typeof name === 'string' }))
  }

  /** The value beside a key in the page's summary lists. */
  async summaryValue(key: string): Promise<string> {
    const row = this.main.locator('.govuk-summary-list__row', { has: this.page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }

  /** The body rows of the table with this caption, each as its cells' text. */
  async tableRows(caption: string | RegExp): Promise<string[][]> {
    const table = this.main.getByRole('table', { name: caption, exact: typeof caption === 'string' })
    const rows = table.locator('tbody tr')
    const out: string[][] = []
    for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map(s => s.trim().replace(/\s+/g, ' ')))
    return out
  }
}

/** GET /selection. */
export class SelectionOverviewPage extends SelectionBasePage {
  private constructor(page: Page) {
    super(page, 'Fair selection')
  }

  static async verifyOnPage(page: Page): Promise<SelectionOverviewPage> {
    return AbstractPage.verified(new SelectionOverviewPage(page))
  }
}

/** GET and POST /selection/new. */
export class NewSelectionPage extends SelectionBasePage {
  readonly name: Locator
  readonly size: Locator
  readonly seldomHeard: Locator

  private constructor(page: Page) {
    super(page, 'Start a new selection')
    this.name = page.getByLabel('Name of this selection', { exact: true })
    this.size = page.getByLabel('How many people to select', { exact: true })
    this.seldomHeard = page.getByLabel('At least this many people from seldom-heard groups (optional)', { exact: true })
  }

  static async verifyOnPage(page: Page): Promise<NewSelectionPage> {
    return AbstractPage.verified(new NewSelectionPage(page))
  }

  /** A question with quotas (a checkbox in "Which groups should have quotas?"). */
  dimension(label: string): Locator {
    return this.page.getByRole('group', { name: 'Which groups should have quotas?' }).getByRole('checkbox', { name: label, exact: true })
  }

  /** Set the quota questions to exactly these. */
  async chooseDimensions(labels: string[]): Promise<void> {
    const boxes = this.page.getByRole('group', { name: 'Which groups should have quotas?' }).getByRole('checkbox')
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i)
      const label = (await this.page.locator(`label[for="${await box.getAttribute('id')}"]`).innerText()).trim()
      if (labels.includes(label)) await box.check()
      else await box.uncheck()
    }
  }

  algorithm(label: string): Locator {
    return this.page.getByRole('radio', { name: label, exact: true })
  }

  async continue(): Promise<number | undefined> {
    return this.press('Continue')
  }
}

/** GET and POST /selection/:id/quotas. */
export class QuotasPage extends SelectionBasePage {
  private constructor(page: Page) {
    super(page, 'Quotas')
  }

  static async verifyOnPage(page: Page): Promise<QuotasPage> {
    return AbstractPage.verified(new QuotasPage(page))
  }

  /** The minimum or maximum box for one answer: its (visually hidden) label is, e.g., "Minimum for Area: Eastport". */
  box(bound: 'Minimum' | 'Maximum', question: string, answer: string): Locator {
    return this.page.getByLabel(`${bound} for ${question}: ${answer}`, { exact: true })
  }

  async save(): Promise<number | undefined> {
    return this.press('Save quotas')
  }
}

/** GET /selection/:id: a selection in whatever state it is, headed by its name. */
export class SelectionRunPage extends SelectionBasePage {
  readonly progress: Locator

  private constructor(page: Page, title: string) {
    super(page, title)
    this.progress = page.locator('[data-module="selection-progress"]')
  }

  static async verifyOnPage(page: Page, title: string): Promise<SelectionRunPage> {
    return AbstractPage.verified(new SelectionRunPage(page, title))
  }

  /** Whether the page shows that the chances are being worked out. */
  async isComputing(): Promise<boolean> {
    return (await this.main.getByRole('heading', { name: 'Working out everyone’s chances' }).count()) > 0
  }

  async hasResults(): Promise<boolean> {
    return (await this.main.getByRole('heading', { name: 'Everyone’s chances' }).count()) > 0
  }

  /**
   * Start working out the chances and follow the progress as a person would: while the page says the chances are
   * being worked out, wait a little and press "Check progress" (a link to the page itself, which needs no script),
   * up to `attempts` times. `onProgress` is called once on the first progress page seen (for axe).
   */
  async computeAndWait(title: string, opts: { attempts?: number; onProgress?: (p: SelectionRunPage) => Promise<unknown> } = {}): Promise<{ page: SelectionRunPage; sawProgress: boolean }> {
    assert.equal(await this.press('Work out everyone’s chances'), 200)
    let current = await SelectionRunPage.verifyOnPage(this.page, title)
    let sawProgress = false
    for (let i = 0; i < (opts.attempts ?? 40) && (await current.isComputing()); i++) {
      if (!sawProgress) {
        sawProgress = true
        assert.match(await current.progress.getByRole('status').innerText(), /\S/)
        await opts.onProgress?.(current)
      }
      await this.page.waitForTimeout(250)
      assert.equal(await current.press('Check progress'), 200)
      current = await SelectionRunPage.verifyOnPage(this.page, title)
    }
    assert.ok(await current.hasResults(), `the chances were not worked out: ${(await current.main.innerText()).slice(0, 1500)}`)
    return { page: current, sawProgress }
  }
}

/** GET and POST /selection/:id/draw. */
export class DrawPage extends SelectionBasePage {
  readonly seed: Locator
  readonly witnesses: Locator
  readonly fingerprint: Locator

  private constructor(page: Page) {
    super(page, 'The draw')
    this.seed = page.getByLabel('Seed', { exact: true })
    this.witnesses = page.getByLabel('Witnesses (optional)', { exact: true })
    this.fingerprint = page.locator('main .charter-hash code')
  }

  static async verifyOnPage(page: Page): Promise<DrawPage> {
    return AbstractPage.verified(new DrawPage(page))
  }

  async draw(seed: string, witnesses = ''): Promise<number | undefined> {
    await this.seed.fill(seed)
    await this.witnesses.fill(witnesses)
    return this.press('Draw the group')
  }
}

/** A GOV.UK date input, found by its legend. */
async function fillDate(page: Page, legend: string, date: [day: string, month: string, year: string]): Promise<void> {
  const group = page.getByRole('group', { name: legend, exact: true })
  await group.getByLabel('Day', { exact: true }).fill(date[0])
  await group.getByLabel('Month', { exact: true }).fill(date[1])
  await group.getByLabel('Year', { exact: true }).fill(date[2])
}

/** GET and POST /selection/:id/confirm. */
export class ConfirmPage extends SelectionBasePage {
  private constructor(page: Page) {
    super(page, 'Confirm the Core Group')
  }

  static async verifyOnPage(page: Page): Promise<ConfirmPage> {
    return AbstractPage.verified(new ConfirmPage(page))
  }

  async confirm(date: [string, string, string]): Promise<number | undefined> {
    await fillDate(this.page, 'When do they join the Core Group?', date)
    return this.press('Confirm the Core Group')
  }

  dateBox(part: 'Day' | 'Month' | 'Year'): Locator {
    return this.page.getByRole('group', { name: 'When do they join the Core Group?' }).getByLabel(part, { exact: true })
  }
}

/** GET /selection/core-group. */
export class CoreGroupPage extends SelectionBasePage {
  private constructor(page: Page) {
    super(page, 'The Core Group')
  }

  static async verifyOnPage(page: Page): Promise<CoreGroupPage> {
    return AbstractPage.verified(new CoreGroupPage(page))
  }

  /** The current members, each as [pseudonym, ...answers, joined]. */
  async members(): Promise<string[][]> {
    return (await this.tableRows('Members now')).map(r => r.slice(0, -1))
  }

  async recordLeaving(pseudonym: string): Promise<LeavePage> {
    const res = await this.follow(`Record that they left (${pseudonym})`)
    assert.equal(res?.status(), 200)
    return LeavePage.verifyOnPage(this.page, pseudonym)
  }
}

/** GET and POST /selection/core-group/:memberId/leave. */
export class LeavePage extends SelectionBasePage {
  readonly detail: Locator

  private constructor(page: Page, pseudonym: string) {
    super(page, `Record that ${pseudonym} has left`)
    this.detail = page.getByLabel('More about why (needed for another reason)', { exact: true })
  }

  static async verifyOnPage(page: Page, pseudonym: string): Promise<LeavePage> {
    return AbstractPage.verified(new LeavePage(page, pseudonym))
  }

  async leave(input: { date?: [string, string, string]; reason?: string; detail?: string }): Promise<number | undefined> {
    if (input.date) await fillDate(this.page, 'When did they leave?', input.date)
    if (input.reason) await this.page.getByRole('radio', { name: input.reason, exact: true }).check()
    if (input.detail !== undefined) await this.detail.fill(input.detail)
    return this.press('Save')
  }
}
