import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Locator, Page, Response } from 'playwright-core'
import { changeConsents, registerParticipant } from '../src/modules/panel/index.ts'
// The panel has no page that links an existing account to a member (joining online does it), so the test does it directly.
import { setParticipantUser } from '../src/modules/panel/data/participant-update.repository.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { AbstractPage, clickAndWait } from './pages/abstract-page.ts'
import { PageNotFoundPage } from './pages/error-pages.ts'
import { HomePage } from './pages/home-page.ts'
import { SignInPage } from './pages/sign-in-pages.ts'
import { signedInAs } from './support/flows.ts'
import { expectNoA11yViolations } from './support/axe.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { E2E_PASSWORD } from './support/server.ts'

/** A page of "your panel record", found by its h1. */
class RecordPage extends AbstractPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp = 'Your panel record'): Promise<RecordPage> {
    return AbstractPage.verified(new RecordPage(page, heading))
  }

  press(name: string): Promise<Response | null> {
    return clickAndWait(this.page, this.page.locator('main').getByRole('button', { name, exact: true }))
  }

  follow(name: string): Promise<Response | null> {
    return clickAndWait(this.page, this.page.locator('main').getByRole('link', { name, exact: true }))
  }

  group(legend: string | RegExp): Locator {
    return this.page.getByRole('group', { name: legend })
  }

  /** The value beside a key in the record's summary lists. */
  async row(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row', { has: this.page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
    return (await row.locator('dd').first().innerText()).trim()
  }
}

const SYSTEM = systemActor('e2e')

describe("a panel member's own record (browser, with axe on every page and error state)", () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'panel-my-record' })
  })
  after(() => h?.close())

  /** A panel member with their own account, signed in through the form. */
  async function member(opts: { javaScriptEnabled?: boolean; neverAskedAboutRecordings?: boolean } = {}) {
    const email = `cordelia.${Date.now()}@e2e.example`
    const p = await registerParticipant(h.server.deps, SYSTEM, {
      fullName: 'Cordelia Recordkeeper',
      email,
      phone: '07700 900888',
      preferredChannel: 'email',
      joinedVia: 'phone',
      demographics: { area: 'eastport', age_band: '65_74' },
      supportNeeds: [{ need: 'travel', detail: 'Taxi from the station' }],
    })
    await changeConsents(
      h.server.deps,
      SYSTEM,
      p.id,
      [
        { purpose: 'contact_research', given: true },
        { purpose: 'quotes', given: true },
        { purpose: 'special_category', given: false },
        ...(opts.neverAskedAboutRecordings ? [] : [{ purpose: 'recordings' as const, given: true }]),
      ],
      { channel: 'phone' },
    )
    const user = await h.server.createUser('panel_member', { email, name: 'Cordelia Recordkeeper' })
    await setParticipantUser(h.server.deps.db, p.id, user.id, new Date().toISOString())
    const page = await h.newPage(opts.javaScriptEnabled === false ? { javaScriptEnabled: false } : {})
    await page.goto('/my-record')
    const signIn = await SignInPage.verifyOnPage(page)
    await signIn.signIn(email, E2E_PASSWORD)
    return { page, email, participantId: p.id }
  }

  it('shows the person their record and lets them change each part, with errors on the way', async () => {
    const { page, email } = await member()
    const record = await RecordPage.verifyOnPage(page)
    assert.equal(new URL(page.url()).pathname, '/my-record', 'back to their record after signing in')
    await record.checkAccessibility('my record')
    assert.equal(await record.row('Name'), 'Cordelia Recordkeeper')
    assert.equal(await record.row('Email address'), email)
    assert.equal(await record.row('Age band'), '65 to 74')
    assert.equal(await record.row('Support'), 'Help with travel: Taxi from the station')
    assert.match(await record.row('Recording what you say'), /^Yes, since \d+ \w+ \d{4}/)
    await page.getByText('What you agreed to (version 1)').first().click()
    assert.ok(await page.getByText(/We can contact you to invite you to take part in research/).first().isVisible(), 'the wording they agreed to')
    assert.equal(await page.getByRole('link', { name: 'Remove me from the panel' }).getAttribute('href'), '/my-record/erase')

    // Contact details and preferences
    await record.follow('Change your contact details')
    const contact = await RecordPage.verifyOnPage(page, 'Change your contact details')
    await contact.checkAccessibility('my record: contact details')
    await page.getByLabel('Email address').fill('')
    await page.getByLabel('Phone number').fill('')
    assert.equal((await contact.press('Save'))?.status(), 400)
    const contactErrors = await RecordPage.verifyOnPage(page, 'Change your contact details')
    await contactErrors.expectErrors([{ field: 'email', message: /Enter at least one way to contact you/ }])
    await contactErrors.checkAccessibility('my record: contact details: none given')
    await page.getByLabel('Phone number').fill('07700 900999')
    await contactErrors.group('How would you like us to contact you?').getByLabel('Text message', { exact: true }).check()
    await contactErrors.press('Save')
    const saved = await RecordPage.verifyOnPage(page)
    assert.match(await saved.successBanner.innerText(), /Your contact details have been saved/)
    assert.equal(await saved.row('Phone number'), '07700 900999')
    assert.equal(await saved.row('How we contact you'), 'Text message')
    await saved.checkAccessibility('my record: contact details saved')

    // Answers about you: special-category questions are not asked without that consent
    await saved.follow('Change your answers about you')
    const answers = await RecordPage.verifyOnPage(page, 'Change your answers about you')
    await answers.checkAccessibility('my record: answers')
    assert.equal(await answers.group(/limited by a health problem or disability/).count(), 0)
    await answers.group('How would you describe your gender?').getByLabel('Woman', { exact: true }).check()
    await answers.press('Save')
    const afterAnswers = await RecordPage.verifyOnPage(page)
    assert.equal(await afterAnswers.row('Gender'), 'Woman')
    assert.match(await afterAnswers.row('Disability'), /Not kept/)

    // Support needs
    await afterAnswers.follow('Change the support you need')
    const support = await RecordPage.verifyOnPage(page, 'Change the support you need')
    await support.checkAccessibility('my record: support')
    await support.group('Change the support you need').getByLabel('Something else', { exact: true }).check()
    assert.equal((await support.press('Save'))?.status(), 400)
    const supportErrors = await RecordPage.verifyOnPage(page, 'Change the support you need')
    await supportErrors.expectErrors([{ field: 'needDetail-other', message: 'Enter details of the support you need (something else)' }])
    await supportErrors.checkAccessibility('my record: support: no details')
    await page.getByLabel('Tell us more about something else').fill('A hearing loop')
    await supportErrors.press('Save')
    const afterSupport = await RecordPage.verifyOnPage(page)
    assert.match(await afterSupport.row('Support'), /Something else: A hearing loop/)

    // Consents: withdrawing contact says what it means
    await afterSupport.follow('Change what you agree to')
    const consents = await RecordPage.verifyOnPage(page, 'Change what you agree to')
    await consents.checkAccessibility('my record: what you agree to')
    assert.match(await page.locator('main').innerText(), /If you say no, we will stop contacting you about research straight away/)
    await consents.group('Can we contact you about research?').getByLabel('No', { exact: true }).check()
    await consents.press('Save')
    const withdrawn = await RecordPage.verifyOnPage(page)
    assert.match(await withdrawn.successBanner.innerText(), /We will not contact you about research any more/)
    assert.match(await withdrawn.row('Contacting you about research'), /^No, since/)
    await withdrawn.checkAccessibility('my record: contact withdrawn')
    assert.deepEqual(h.problems, [])
  })

  it('works without JavaScript, and asks about a purpose they were never asked about', async () => {
    const { page } = await member({ javaScriptEnabled: false, neverAskedAboutRecordings: true })
    const record = await RecordPage.verifyOnPage(page)
    await record.checkAccessibility('my record (no JavaScript)')
    assert.equal(await record.row('Recording what you say'), 'Not asked yet')
    await record.follow('Change what you agree to')
    const consents = await RecordPage.verifyOnPage(page, 'Change what you agree to')
    await consents.checkAccessibility('my record: what you agree to (no JavaScript)')
    assert.equal((await consents.press('Save'))?.status(), 400)
    const withError = await RecordPage.verifyOnPage(page, 'Change what you agree to')
    await withError.expectErrors([{ field: 'consent-recordings', message: 'Select yes if we can record what you say, or no if we cannot' }], { summaryFocused: false })
    await withError.checkAccessibility('my record: what you agree to: one unanswered (no JavaScript)')
    assert.ok(await withError.group('Can we use your words?').getByLabel('Yes', { exact: true }).isChecked(), 'the other answers are kept')
    await withError.group('Can we record what you say?').getByLabel('No', { exact: true }).check()
    await withError.press('Save')
    const saved = await RecordPage.verifyOnPage(page)
    assert.match(await saved.row('Recording what you say'), /^No, since/)
    await saved.checkAccessibility('my record: saved (no JavaScript)')
    assert.deepEqual(h.problems, [])
  })

  it('tells a panel member with no record how to join, and never shows anyone else', async () => {
    const { page } = await signedInAs(h, 'panel_member')
    const res = await page.goto('/my-record')
    assert.equal(res?.status(), 200)
    assert.match(await page.locator('main').innerText(), /not linked to a place on the Experience Panel/)
    await expectNoA11yViolations(page, 'my record: not on the panel')
    assert.ok(!(await page.locator('main').innerText()).includes('Cordelia'))
    await page.getByRole('link', { name: 'join the panel online' }).click()
    assert.match(page.url(), /\/join$/)
    const change = await page.goto('/my-record/contact')
    assert.equal(change?.status(), 404)
    await PageNotFoundPage.verifyOnPage(page)
    await page.goto('/')
    await HomePage.verifyOnPage(page)
    assert.deepEqual(h.problems.filter(p => !p.includes('/my-record')), [])
  })
})
