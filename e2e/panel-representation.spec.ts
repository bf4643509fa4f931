import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { registerParticipants, type ParticipantResearchDto, type RegisterParticipantInput } from '../src/modules/panel/index.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { AbstractPage, clickAndWait, focusedElement } from './pages/abstract-page.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

/** GET /panel: the research list with its filters. */
class PanelListPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'Panel members')
  }

  static async verifyOnPage(page: Page): Promise<PanelListPage> {
    return AbstractPage.verified(new PanelListPage(page))
  }

  get filters() {
    return this.page.getByRole('search', { name: 'Filter panel members' })
  }

  /** The pseudonyms listed, in order. */
  async pseudonyms(): Promise<string[]> {
    return (await this.page.locator('#participants tbody th, #participants tbody td:first-child a').allInnerTexts()).map(s => s.trim())
  }

  async count(): Promise<string> {
    return (await this.page.locator('#panel-count').innerText()).trim()
  }

  /** Tick answers of a dimension (or seldom-heard groups), opening its "details" first. */
  async tick(section: string, labels: string[]): Promise<void> {
    const details = this.filters.locator('details', { has: this.page.locator('summary', { hasText: section }) })
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click()
    for (const label of labels) await details.getByRole('checkbox', { name: label, exact: true }).check()
  }

  async apply(): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.filters.getByRole('button', { name: 'Apply filters' })))?.status()
  }
}

/** GET /panel/representation. */
class RepresentationPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'Panel representation')
  }

  static async verifyOnPage(page: Page): Promise<RepresentationPage> {
    return AbstractPage.verified(new RepresentationPage(page))
  }

  /** A table row's cells as people read them. */
  async row(tableId: string, header: string): Promise<string[]> {
    const row = this.page.locator(`#${tableId} tbody tr`, { has: this.page.locator('th', { hasText: new RegExp(`^${header}$`) }) })
    return (await row.locator('th, td').allInnerTexts()).map(s => s.trim().replace(/\s+/g, ' '))
  }
}

/** GET and POST /panel/representation/targets. */
class TargetsPage extends AbstractPage {
  private constructor(page: Page) {
    super(page, 'Population targets')
  }

  static async verifyOnPage(page: Page): Promise<TargetsPage> {
    return AbstractPage.verified(new TargetsPage(page))
  }

  /** The box for one answer of one question (its fieldset is named by the question). */
  box(question: string, answer: string) {
    return this.page.getByRole('group', { name: question, exact: true }).getByLabel(answer, { exact: true })
  }

  async save(): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.page.getByRole('button', { name: 'Save targets' })))?.status()
  }
}

/** 36 members: 24 in Eastport, 8 in Glenmoor, 4 in the Isles. */
function people(): RegisterParticipantInput[] {
  return Array.from({ length: 36 }, (_, i) => ({
    fullName: `Evangeline Thistlewood-${i}`,
    email: `evangeline.${i}@example.org`,
    preferredChannel: 'email',
    joinedVia: i % 3 === 0 ? 'phone' : 'online',
    demographics: { area: i < 24 ? 'eastport' : i < 32 ? 'glenmoor' : 'the_isles', age_band: i % 2 === 0 ? '25_34' : '55_64' },
    seldomHeardTags: i >= 32 ? ['remote_rural'] : [],
  }))
}

describe('panel: lists and search, representation against targets, attrition', () => {
  let h: Harness
  let members: ParticipantResearchDto[]

  before(async () => {
    h = await startHarness({ spec: 'panel-representation' })
    members = await registerParticipants(h.server.deps, systemActor('e2e'), people())
    // Half took part last month, a quarter two years ago, the rest never.
    const panel = h.server.deps.db.withTables<{ panel_participant: { id: string; last_participated_at: string | null } }>()
    const now = Date.now()
    for (const [i, m] of members.entries()) {
      const at = i % 4 < 2 ? new Date(now - 30 * 86_400_000) : i % 4 === 2 ? new Date(now - 730 * 86_400_000) : null
      if (at) await panel.updateTable('panel_participant').set({ last_participated_at: at.toISOString() }).where('id', '=', m.id).execute()
    }
  })
  after(() => h?.close())

  it('an analyst filters the list on several answers, a group and activity, after correcting a mistyped filter', async () => {
    const { page, home } = await signedInAs(h, 'analyst')
    await home.followNavigationLink('/panel')
    const list = await PanelListPage.verifyOnPage(page)
    assert.equal(await list.count(), '36 active panel members')
    assert.equal((await list.pseudonyms()).length, 36)
    assert.equal(await page.locator('#participants').getByText('Never taken part', { exact: true }).count(), 9)
    assert.equal(await page.locator('#participants').getByText('Lapsed', { exact: true }).count(), 9)
    await list.checkAccessibility('panel list')

    // A pseudonym in the wrong shape and months in words: both are explained, and what was typed is kept.
    await list.filters.getByLabel('Pseudonym').fill('Q-12')
    await list.filters.getByRole('radio', { name: 'Took part within the months set below' }).check()
    await list.filters.getByRole('textbox', { name: 'Number of months' }).fill('six')
    assert.equal(await list.apply(), 400)
    const wrong = await PanelListPage.verifyOnPage(page)
    await wrong.expectErrors([
      { field: 'pseudonym', message: 'Enter a pseudonym, like P-7K3M9Q, or the start of one' },
      { field: 'months', message: 'Enter a number of months from 1 to 120' },
    ])
    assert.equal(await wrong.filters.getByLabel('Pseudonym').inputValue(), 'Q-12')
    assert.equal(await wrong.filters.getByRole('textbox', { name: 'Number of months' }).inputValue(), 'six')
    await wrong.checkAccessibility('panel list: filters with errors')
    await wrong.expectEachErrorLinkFocusesItsField()

    await wrong.filters.getByLabel('Pseudonym').fill('')
    await wrong.filters.getByRole('textbox', { name: 'Number of months' }).fill('6')
    await wrong.tick('Area', ['Glenmoor', 'The Isles'])
    await wrong.tick('Age band', ['25 to 34'])
    assert.equal(await wrong.apply(), 200)
    const filtered = await PanelListPage.verifyOnPage(page)
    const expected = members
      .filter((m, i) => i >= 24 && i % 2 === 0 && i % 4 < 2)
      .map(m => m.pseudonym)
      .sort()
    assert.deepEqual(await filtered.pseudonyms(), expected)
    assert.match(await page.locator('#applied-filters').innerText(), /Area: Glenmoor or The Isles\s+Age band: 25 to 34\s+Took part in the last 6 months/)
    await filtered.checkAccessibility('panel list: filtered by two areas, an age band and activity')

    await filtered.tick('Seldom-heard groups', ['Remote rural'])
    await filtered.apply()
    const rural = await PanelListPage.verifyOnPage(page)
    assert.deepEqual(await rural.pseudonyms(), members.filter((m, i) => i >= 32 && i % 2 === 0 && i % 4 < 2).map(m => m.pseudonym).sort())
    assert.deepEqual(h.problems, [])
  })

  it('by keyboard alone: type a pseudonym and press Enter', async () => {
    const { page } = await signedInAs(h, 'panel_manager')
    await page.goto('/panel')
    const list = await PanelListPage.verifyOnPage(page)
    await list.filters.getByLabel('Pseudonym').focus()
    await page.keyboard.type(members[5]!.pseudonym.toLowerCase())
    await Promise.all([page.waitForURL(/pseudonym=/), page.keyboard.press('Enter')])
    const found = await PanelListPage.verifyOnPage(page)
    assert.deepEqual(await found.pseudonyms(), [members[5]!.pseudonym])
    await page.keyboard.press('Tab')
    assert.ok((await focusedElement(page)).indicated, 'the focus can be seen')
  })

  it('an analyst sees the make-up of the panel as tables with accessible charts, and the attrition', async () => {
    const { page, home } = await signedInAs(h, 'analyst')
    await home.followNavigationLink('/panel/representation')
    const rep = await RepresentationPage.verifyOnPage(page)
    assert.match(await page.locator('#active-members').innerText(), /There are 36 active panel members/)
    assert.deepEqual(await rep.row('table-area', 'Eastport'), ['Eastport', '24', '66.7%', 'No target', 'No target', 'No target set'])
    const chart = page.getByRole('img', { name: 'Bar chart of area: each answer’s share of the panel against its target' })
    assert.equal(await chart.count(), 1)
    assert.equal(await chart.getAttribute('aria-describedby'), 'table-area')
    assert.deepEqual(await rep.row('attrition', 'Never taken part since joining'), ['Never taken part since joining', '9', '25.0%'])
    assert.deepEqual(await rep.row('seldom-heard-table', 'Remote rural'), ['Remote rural', '4', '11.1%'])
    assert.equal(await page.getByRole('button', { name: 'Change targets and settings' }).count(), 0)
    await rep.checkAccessibility('representation (analyst)')
  })

  it('the panel manager sets targets, correcting mistakes, and sees the gaps highlighted in words', async () => {
    const { page } = await signedInAs(h, 'panel_manager')
    await page.goto('/panel/representation')
    const before = await RepresentationPage.verifyOnPage(page)
    await clickAndWait(page, page.getByRole('button', { name: 'Change targets and settings' }))
    const targets = await TargetsPage.verifyOnPage(page)
    await targets.checkAccessibility('population targets')

    await targets.box('Area', 'Eastport').fill('60')
    await targets.box('Area', 'Glenmoor').fill('45')
    await targets.box('Ethnic group', 'Arab').fill('two')
    await targets.box('Age band', '16 to 24').fill('12.25')
    await page.getByLabel('Count a member as lapsed when they have not taken part for').fill('0')
    assert.equal(await targets.save(), 400)
    const wrong = await TargetsPage.verifyOnPage(page)
    await wrong.expectErrors([
      { field: 'attritionMonths', message: 'Enter a whole number of months from 1 to 120' },
      { field: 'target--area--eastport', message: 'The targets for area add up to 105%. They must add up to 100% or less' },
      { field: 'target--age_band--16_24', message: 'The target for 16 to 24 (Age band) must have no more than 1 decimal place' },
      { field: 'target--ethnicity--arab', message: 'Enter the target for Arab (Ethnic group) as a number, like 12 or 12.5' },
    ])
    assert.equal(await wrong.box('Ethnic group', 'Arab').inputValue(), 'two', 'nothing typed is lost')
    assert.equal(await wrong.box('Area', 'Glenmoor').inputValue(), '45')
    await wrong.checkAccessibility('population targets: errors')
    await wrong.expectEachErrorLinkFocusesItsField()

    await wrong.box('Area', 'Glenmoor').fill('30')
    await wrong.box('Area', 'The Isles').fill('10')
    await wrong.box('Ethnic group', 'Arab').fill('2')
    await wrong.box('Age band', '16 to 24').fill('12.5')
    await page.getByLabel('Count a member as lapsed when they have not taken part for').fill('18')
    assert.equal(await wrong.save(), 200)
    const after = await RepresentationPage.verifyOnPage(page)
    assert.match(await after.successBanner.innerText(), /Targets saved/)
    assert.deepEqual(await after.row('table-area', 'Glenmoor'), ['Glenmoor', '8', '22.2%', '30%', '7.8 points below', 'Under-represented'])
    assert.deepEqual(await after.row('table-area', 'The Isles'), ['The Isles', '4', '11.1%', '10%', '1.1 points above', 'Within 5 points of target'])
    assert.match(await page.locator('#gaps-table').innerText(), /Area: Glenmoor\s+22.2%\s+30%\s+Under-represented 7.8 points below/)
    assert.match(await page.locator('#taking-part').locator('xpath=following-sibling::p[1]').innerText(), /for 18 months/)
    await after.checkAccessibility('representation after setting targets (panel manager)')
    void before
    assert.deepEqual(h.problems, [])
  })

  it('the scrutiny body sees the same page with small numbers hidden', async () => {
    const { page, home } = await signedInAs(h, 'scrutiny_body')
    await home.followNavigationLink('/panel/representation')
    const rep = await RepresentationPage.verifyOnPage(page)
    assert.match(await page.locator('.govuk-inset-text').innerText(), /numbers from 1 to 9 are not shown/)
    assert.deepEqual(await rep.row('table-area', 'Eastport'), ['Eastport', '24', '66.7%', '60%', '6.7 points above', 'Over-represented'])
    // Glenmoor (8) and the Isles (4) are small.
    assert.deepEqual(await rep.row('table-area', 'The Isles'), ['The Isles', 'Not shown', 'Not shown', '10%', 'Not shown', 'Not shown'])
    assert.deepEqual(await rep.row('seldom-heard-table', 'Remote rural'), ['Remote rural', 'Not shown', 'Not shown'])
    assert.equal(await page.locator('main a[href^="/panel?"]').count(), 0, 'no way into the research list')
    await rep.checkAccessibility('representation with small numbers hidden (scrutiny body)')
  })

  it('works without JavaScript: the filters open and apply, and targets save', async () => {
    const { page } = await signedInAs(h, 'panel_manager', { javaScriptEnabled: false })
    await page.goto('/panel')
    const list = await PanelListPage.verifyOnPage(page)
    await list.filters.getByRole('checkbox', { name: 'By phone' }).check()
    await list.filters.getByRole('radio', { name: 'Never taken part since joining' }).check()
    assert.equal(await list.apply(), 200)
    const phoned = await PanelListPage.verifyOnPage(page)
    assert.deepEqual(await phoned.pseudonyms(), members.filter((m, i) => i % 3 === 0 && i % 4 === 3).map(m => m.pseudonym).sort())
    await phoned.checkAccessibility('panel list filtered (no JavaScript)')

    await page.goto('/panel/representation/targets')
    const targets = await TargetsPage.verifyOnPage(page)
    await targets.box('Gender', 'Woman').fill('101')
    assert.equal(await targets.save(), 400)
    const wrong = await TargetsPage.verifyOnPage(page)
    await wrong.expectErrors([{ field: 'target--gender--woman', message: 'The target for Woman (Gender) must be 100% or less' }], { summaryFocused: false })
    await wrong.checkAccessibility('population targets: errors (no JavaScript)')
    await wrong.box('Gender', 'Woman').fill('51')
    assert.equal(await wrong.save(), 200)
    const rep = await RepresentationPage.verifyOnPage(page)
    assert.match(await rep.successBanner.innerText(), /Targets saved/)
    await rep.checkAccessibility('representation (no JavaScript)')
  })
})
