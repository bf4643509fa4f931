import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { addSession, createActivity } from '../src/modules/engagement/index.ts'
import { captureNotes } from '../src/modules/evidence/index.ts'
import { changeConsents, registerParticipant } from '../src/modules/panel/index.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { AbstractPage, clickAndWait, pressAndWait } from './pages/abstract-page.ts'
import { FormPage } from './pages/form-page.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const SYSTEM = systemActor('analysis browser tests')

/** Any analysis page, found by its h1. */
class AnalysisPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<AnalysisPage> {
    return AbstractPage.verified(new AnalysisPage(page, heading))
  }

  async fill(label: string, value: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).fill(value)
  }

  async tick(label: string | RegExp): Promise<void> {
    await this.main.getByLabel(label, { exact: typeof label === 'string' }).check()
  }

  async follow(name: string | RegExp): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.main.getByRole('link', { name, exact: typeof name === 'string' }).first()))?.status()
  }
}

describe('analysis: from evidence to a published finding (browser, with axe on every page and error state)', () => {
  let h: Harness
  let pseudonym = ''

  before(async () => {
    h = await startHarness({ spec: 'analysis' })
    const deps = h.server.deps
    const { id: activityId } = await createActivity(deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: 'Workshop in Eastport', purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    const { id: sessionId } = await addSession(deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre',
      address: '', joiningDetails: '', capacity: 12, accessibility: '',
    })
    const p = await registerParticipant(deps, SYSTEM, { fullName: 'Analysis Browser Person', phone: '07700 900456', preferredChannel: 'phone', joinedVia: 'phone', demographics: { area: 'northshire_city' } })
    await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }, { purpose: 'quotes', given: true }], { channel: 'phone' })
    pseudonym = p.pseudonym
    await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym, body: 'The staff were kind to me. Call me on 07700 900456 if you need to.', notToBeQuoted: false })
    await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'The wait for a decision was far too long.', notToBeQuoted: false })
  })
  after(() => h?.close())

  it('an analyst codes the evidence and publishes a finding with a quote; a Core Group member reads it', async () => {
    const { page } = await signedInAs(h, 'analyst')
    await page.goto('/analysis/new')
    const start = await AnalysisPage.verifyOnPage(page, 'Start an analysis')
    await start.checkAccessibility('start an analysis')
    assert.equal(await start.press('Start the analysis'), 400)
    const wrong = await AnalysisPage.verifyOnPage(page, 'Start an analysis')
    await wrong.expectErrors([{ field: 'title' }, { field: 'purpose' }])
    await wrong.checkAccessibility('start an analysis: errors')
    await wrong.fill('Title', 'What made applying hard')
    await wrong.fill('What is this analysis for?', 'To find what to fix first')
    assert.equal(await wrong.press('Start the analysis'), 200)

    const overview = await AnalysisPage.verifyOnPage(page, 'What made applying hard')
    assert.equal(await overview.press('Take in new evidence'), 200)
    const taken = await AnalysisPage.verifyOnPage(page, 'What made applying hard')
    assert.match(await taken.successBanner.innerText(), /2 new items taken in/)
    await taken.checkAccessibility('analysis overview')

    // Hidden details: keep the phone number hidden.
    assert.equal(await taken.follow(/Review personal details hidden/), 200)
    const queue = await AnalysisPage.verifyOnPage(page, 'Personal details to review')
    await queue.checkAccessibility('details to review')
    assert.equal(await queue.follow(/^Item 1:/), 200)
    const review = await AnalysisPage.verifyOnPage(page, 'Review hidden details')
    await review.checkAccessibility('review hidden details')
    await review.main.getByLabel('Keep it hidden', { exact: true }).first().check()
    assert.equal(await review.press('Save and go to the next'), 200)

    // Two codes, one with a mistake first.
    await page.goto(new URL(page.url()).pathname.replace(/\/(redactions|items\/.*)$/, '') + '/codebook')
    const book = await AnalysisPage.verifyOnPage(page, 'Codebook')
    assert.equal(await book.press('Add the code'), 400)
    const bookWrong = await AnalysisPage.verifyOnPage(page, 'Codebook')
    await bookWrong.expectErrors([{ field: 'name', message: 'Enter a name for the code' }])
    await bookWrong.checkAccessibility('codebook: errors')
    await bookWrong.fill('Name', 'Kind staff')
    assert.equal(await bookWrong.press('Add the code'), 200)
    const book2 = await AnalysisPage.verifyOnPage(page, 'Codebook')
    await book2.fill('Name', 'Waiting')
    assert.equal(await book2.press('Add the code'), 200)
    const book3 = await AnalysisPage.verifyOnPage(page, 'Codebook')
    await book3.checkAccessibility('codebook with two codes')
    const projectPath = new URL(page.url()).pathname.replace(/\/codebook$/, '')

    // Code two segments by keyboard: Space ticks the code, Enter on the button saves and moves on.
    await page.goto(`${projectPath}/code`)
    for (let n = 0; n < 2; n++) {
      const seg = await AnalysisPage.verifyOnPage(page, 'Code this segment')
      if (n === 0) await seg.checkAccessibility('code a segment')
      const text = await seg.main.locator('#segment-text').innerText()
      assert.ok(!text.includes('07700'), 'the phone number stays hidden')
      const code = /kind/i.test(text) ? 'Kind staff' : 'Waiting'
      await seg.main.getByLabel(code, { exact: true }).focus()
      await page.keyboard.press('Space')
      assert.equal(await seg.main.getByLabel(code, { exact: true }).isChecked(), true)
      await seg.main.getByRole('button', { name: 'Save and go to the next' }).focus()
      assert.equal((await pressAndWait(page, 'Enter'))?.status(), 200)
    }

    // A finding with a quote, after a mistake.
    await page.goto(`${projectPath}/findings`)
    const findings = await AnalysisPage.verifyOnPage(page, 'Findings')
    await findings.checkAccessibility('findings (none yet)')
    assert.equal(await findings.press('Write a finding'), 200)
    const write = await AnalysisPage.verifyOnPage(page, 'Write a finding')
    await write.checkAccessibility('write a finding')
    await write.tick('Kind staff')
    assert.equal(await write.press('Save the finding'), 400)
    const writeWrong = await AnalysisPage.verifyOnPage(page, 'Write a finding')
    await writeWrong.expectErrors([{ field: 'title' }, { field: 'body' }])
    await writeWrong.checkAccessibility('write a finding: errors')
    await writeWrong.fill('Title', 'Staff were kind')
    await writeWrong.fill('What was found', 'People said the staff were kind to them.')
    assert.equal(await writeWrong.press('Show quotes for these codes'), 200)
    const quotes = await AnalysisPage.verifyOnPage(page, 'Write a finding')
    await quotes.checkAccessibility('write a finding: quotes')
    await quotes.tick(/The staff were kind to me/)
    assert.equal(await quotes.press('Save the finding'), 200)
    const saved = await AnalysisPage.verifyOnPage(page, 'Change finding')
    assert.match(await saved.successBanner.innerText(), /Finding saved as a draft/)
    await saved.checkAccessibility('change finding (draft)')
    assert.equal(await saved.press('Publish the finding'), 200)
    const listed = await AnalysisPage.verifyOnPage(page, 'Findings')
    assert.match(await listed.successBanner.innerText(), /Finding published to the Core Group/)
    await listed.checkAccessibility('findings (one published)')

    // The other analysis pages, and an error state each where they have a form.
    await page.goto(`${projectPath}/counts?by=area`)
    const counts = await AnalysisPage.verifyOnPage(page, 'Counts')
    assert.match(await counts.main.innerText(), /fewer than 10/)
    await counts.checkAccessibility('counts with a cross-tab')
    await page.goto(`${projectPath}/agreement`)
    const agreement = await AnalysisPage.verifyOnPage(page, 'Agreement between analysts')
    await agreement.checkAccessibility('agreement')
    assert.equal(await agreement.press('Draw the sample'), 400)
    const agreementWrong = await AnalysisPage.verifyOnPage(page, 'Agreement between analysts')
    await agreementWrong.expectErrors([{ field: 'name' }, { field: 'size' }])
    await agreementWrong.checkAccessibility('agreement: errors')
    await page.goto(`${projectPath}/exchange`)
    const exchange = await AnalysisPage.verifyOnPage(page, 'Exchange with other tools')
    await exchange.checkAccessibility('exchange')
    await exchange.main.getByLabel('Codebook file (.qdc)', { exact: true }).setInputFiles({ name: 'notes.qdc', mimeType: 'application/xml', buffer: Buffer.from('<notes/>') })
    assert.equal(await exchange.press('Add the codes'), 400)
    const exchangeWrong = await AnalysisPage.verifyOnPage(page, 'Exchange with other tools')
    await exchangeWrong.expectErrors([{ field: 'file', message: /The file is not a REFI-QDA codebook/ }])
    await exchangeWrong.checkAccessibility('exchange: errors')

    // A Core Group member reads it, without the pseudonym.
    const core = await signedInAs(h, 'core_group_member')
    await core.page.goto('/findings')
    const read = await AnalysisPage.verifyOnPage(core.page, 'Findings')
    await read.checkAccessibility('published findings (Core Group)')
    const body = await read.main.innerText()
    assert.match(body, /Staff were kind/)
    assert.match(body, /The staff were kind to me\./)
    assert.match(body, /A panel member/)
    assert.ok(!body.includes(pseudonym) && !body.includes('07700'))
    assert.deepEqual(h.problems, [])
  })
})
