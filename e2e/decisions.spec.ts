import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { coreGroupMember } from '../src/modules/decisions/decisions.test-support.ts'
import { AbstractPage } from './pages/abstract-page.ts'
import { FormPage } from './pages/form-page.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

/** Any decisions page, found by its h1. */
class DecisionPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<DecisionPage> {
    return AbstractPage.verified(new DecisionPage(page, heading))
  }

  async fill(label: string, value: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).fill(value)
  }

  async date(legend: string, day: string, month: string, year: string): Promise<void> {
    const group = this.main.getByRole('group', { name: legend })
    await group.getByLabel('Day', { exact: true }).fill(day)
    await group.getByLabel('Month', { exact: true }).fill(month)
    await group.getByLabel('Year', { exact: true }).fill(year)
  }
}

const TITLE = 'Call people back within one working day'

describe('decisions: raise, open, vote online and by phone, decide, publish (browser, with axe)', () => {
  let h: Harness
  let phoneMember = ''
  const nextYear = String(new Date().getUTCFullYear() + 1)

  before(async () => {
    h = await startHarness({ spec: 'decisions' })
    phoneMember = (await coreGroupMember(h.server.deps, 'Phone Member')).pseudonym
  })
  after(() => h?.close())

  it('a Core Group member raises a proposal and votes online; a facilitator records a phone ballot; the log shows the decision', async () => {
    const core = await signedInAs(h, 'core_group_member')
    await coreGroupMember(h.server.deps, 'Online Member', core.user.id)
    const page = core.page

    await page.goto('/decisions')
    const list = await DecisionPage.verifyOnPage(page, 'Core Group decisions')
    await list.checkAccessibility('decisions (none yet)')
    assert.equal(await list.press('Raise a proposal'), 200)
    const form = await DecisionPage.verifyOnPage(page, 'Raise a proposal')
    assert.equal(await form.press('Raise the proposal'), 400)
    const wrong = await DecisionPage.verifyOnPage(page, 'Raise a proposal')
    await wrong.expectErrors([{ field: 'title' }, { field: 'background' }, { field: 'method' }])
    await wrong.checkAccessibility('raise a proposal: errors')
    await wrong.fill('What is proposed?', TITLE)
    await wrong.fill('Background', 'People told us waiting for a call back was the hardest part.')
    await wrong.choose('How will the Core Group decide?', 'Consent with objections')
    assert.equal(await wrong.press('Raise the proposal'), 200)

    const draft = await DecisionPage.verifyOnPage(page, TITLE)
    await draft.checkAccessibility('proposal (draft)')
    assert.equal(await draft.press('Open voting'), 200)
    const open = await DecisionPage.verifyOnPage(page, 'Open voting')
    await open.checkAccessibility('open voting')
    await open.date('What is the last day members can vote?', '1', '3', nextYear)
    assert.equal(await open.press('Open voting'), 200)

    const voting = await DecisionPage.verifyOnPage(page, TITLE)
    await voting.checkAccessibility('proposal (open, member can vote)')
    await voting.choose('Your vote', 'I consent')
    assert.equal(await voting.press('Send your vote'), 200)
    const voted = await DecisionPage.verifyOnPage(page, TITLE)
    assert.match(await voted.successBanner.innerText(), /Your vote has been recorded/)
    const proposalPath = new URL(page.url()).pathname

    // A panel manager records a member's answer given on the phone.
    const facilitator = await signedInAs(h, 'panel_manager')
    await facilitator.page.goto(`${proposalPath}/ballots/new`)
    const ballot = await DecisionPage.verifyOnPage(facilitator.page, 'Record a ballot')
    await ballot.checkAccessibility('record a ballot')
    await ballot.fill('The member’s pseudonym', phoneMember)
    await ballot.choose('How did they give their answer?', 'By phone, through a facilitator')
    await ballot.choose('Their answer', 'I consent, with a concern')
    assert.equal(await ballot.press('Record the ballot'), 400)
    const ballotWrong = await DecisionPage.verifyOnPage(facilitator.page, 'Record a ballot')
    await ballotWrong.expectErrors([{ field: 'reason', message: 'Say what your concern is' }])
    await ballotWrong.checkAccessibility('record a ballot: errors')
    await ballotWrong.fill('Their reason, in their words', 'Calls in the evening suit carers better')
    assert.equal(await ballotWrong.press('Record the ballot'), 200)
    const recorded = await DecisionPage.verifyOnPage(facilitator.page, 'Record a ballot')
    assert.match(await recorded.successBanner.innerText(), /Ballot recorded for .*by phone/)

    // The member closes the vote with the rationale and a review date.
    await page.goto(`${proposalPath}/close`)
    const close = await DecisionPage.verifyOnPage(page, 'Close voting and record the decision')
    await close.checkAccessibility('close voting')
    await close.fill('Why the Core Group decided this', 'Everyone who took part can live with it; the concern about evening calls will be passed on.')
    await close.date('When will the decision be reviewed?', '1', '9', nextYear)
    assert.equal(await close.press('Close voting and record the decision'), 200)
    const decided = await DecisionPage.verifyOnPage(page, TITLE)
    assert.equal(await decided.main.locator('#result').innerText(), 'Agreed')
    await decided.checkAccessibility('proposal (decided)')

    // Anyone reads the log, signed out.
    const visitor = await h.newPage()
    await visitor.goto('/decisions/log')
    const log = await DecisionPage.verifyOnPage(visitor, 'Decision log')
    await log.checkAccessibility('decision log')
    assert.equal(await log.press(TITLE), 200)
    const entry = await DecisionPage.verifyOnPage(visitor, TITLE)
    await entry.checkAccessibility('decision log entry')
    const text = await entry.main.innerText()
    assert.match(text, /By phone, through a facilitator\s+1/)
    assert.ok(!text.includes(phoneMember) && !text.includes('Calls in the evening suit'), 'no one’s ballot in the log')
    assert.deepEqual(h.problems, [])
  })
})
