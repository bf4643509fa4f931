import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Locator, Page, Response } from 'playwright-core'
import { AbstractPage, clickAndWait } from './pages/abstract-page.ts'
import { linkEmailedTo, signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

/** Any page of the joining journey or the staff form, found by its h1; buttons and fields by their names. */
class JoinPage extends AbstractPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<JoinPage> {
    return AbstractPage.verified(new JoinPage(page, heading))
  }

  button(name: string): Locator {
    return this.page.locator('main').getByRole('button', { name, exact: true })
  }

  press(name: string): Promise<Response | null> {
    return clickAndWait(this.page, this.button(name))
  }

  /** A group of radios or checkboxes, by its legend. */
  group(legend: string | RegExp): Locator {
    return this.page.getByRole('group', { name: legend })
  }

  async choose(legend: string | RegExp, option: string): Promise<void> {
    await this.group(legend).getByLabel(option, { exact: true }).check()
  }
}

/** The questions about you, in the order of the default catalogue, with their headings. */
const ABOUT = [
  ['area', 'Which area do you live in?'],
  ['age_band', 'How old are you?'],
  ['gender', 'How would you describe your gender?'],
  ['disability', 'Are your day-to-day activities limited by a health problem or disability?'],
  ['long_term_condition', 'Do you have any of these long-term conditions?'],
  ['caring', 'Do you look after or support someone because of their health, disability or age, without being paid?'],
  ['ethnicity', 'What is your ethnic group?'],
  ['benefits', 'Which kinds of benefit have you applied for or received?'],
  ['rurality', 'Which best describes where you live?'],
] as const

describe('joining the panel (browser, with axe on every page and error state)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'panel-joining' })
  })
  after(() => h?.close())

  it('a visitor joins online, question by question, with errors on the way, and checks their answers', async () => {
    const page = await h.newPage()
    await page.goto('/')
    await clickAndWait(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Join the panel' }))
    const start = await JoinPage.verifyOnPage(page, 'Join our panel')
    await start.checkAccessibility('join: start')
    await clickAndWait(page, page.getByRole('button', { name: 'Start now' }))

    const name = await JoinPage.verifyOnPage(page, 'What is your full name?')
    await name.checkAccessibility('join: name')
    assert.equal((await name.press('Continue'))?.status(), 400)
    const nameErrors = await JoinPage.verifyOnPage(page, 'What is your full name?')
    await nameErrors.expectErrors([{ field: 'fullName', message: 'Enter your full name' }])
    await nameErrors.checkAccessibility('join: name: empty')
    await page.getByLabel('What is your full name?').fill('Philippa Browserjoin')
    await nameErrors.press('Continue')

    const contact = await JoinPage.verifyOnPage(page, 'How can we contact you?')
    await contact.checkAccessibility('join: contact')
    await page.getByLabel('Email address').fill('philippa@')
    assert.equal((await contact.press('Continue'))?.status(), 400)
    const contactErrors = await JoinPage.verifyOnPage(page, 'How can we contact you?')
    await contactErrors.expectErrors([{ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' }])
    assert.equal(await page.getByLabel('Email address').inputValue(), 'philippa@', 'what was typed is kept')
    await contactErrors.checkAccessibility('join: contact: bad email')
    await contactErrors.expectEachErrorLinkFocusesItsField()
    await page.getByLabel('Email address').fill('philippa.browserjoin@e2e.example')
    await page.getByLabel('Phone number').fill('07700 900123')
    await contactErrors.press('Continue')

    const prefs = await JoinPage.verifyOnPage(page, 'How would you like us to contact you?')
    await prefs.checkAccessibility('join: how we contact you')
    assert.equal(await prefs.group('How would you like us to contact you?').getByLabel('Letter', { exact: true }).count(), 0, 'no letters without an address')
    await prefs.choose('Which format would you like us to use?', 'Another language')
    assert.ok(await page.getByLabel('Which language?').isVisible(), 'the language question is revealed')
    assert.equal((await prefs.press('Continue'))?.status(), 400)
    const prefErrors = await JoinPage.verifyOnPage(page, 'How would you like us to contact you?')
    await prefErrors.expectErrors([
      { field: 'preferredChannel', message: 'Select how you would like us to contact you' },
      { field: 'preferredLanguage', message: 'Enter the language you would like us to use' },
    ])
    await prefErrors.checkAccessibility('join: how we contact you: nothing chosen')
    await prefErrors.choose('How would you like us to contact you?', 'Email')
    await page.getByLabel('Which language?').fill('Polish')
    await prefErrors.press('Continue')

    const about = await JoinPage.verifyOnPage(page, 'About you')
    await about.checkAccessibility('join: about you')
    await clickAndWait(page, page.locator('main').getByRole('button', { name: 'Continue' }))
    for (const [key, question] of ABOUT) {
      const q = await JoinPage.verifyOnPage(page, question)
      await q.checkAccessibility(`join: ${key}`)
      if (key === 'area') await q.choose(question, 'Glenmoor')
      if (key === 'long_term_condition') {
        await q.group(question).getByLabel('Chronic pain or fatigue', { exact: true }).check()
        await q.group(question).getByLabel('Prefer not to say', { exact: true }).check()
        assert.equal(await q.group(question).getByLabel('Chronic pain or fatigue', { exact: true }).isChecked(), false, '"Prefer not to say" clears the other answers')
      }
      if (key === 'benefits') await q.group(question).getByLabel('Winter heating payment', { exact: true }).check()
      await q.press('Continue')
    }

    const support = await JoinPage.verifyOnPage(page, 'Do you need any support to take part?')
    await support.checkAccessibility('join: support')
    await support.group('Do you need any support to take part?').getByLabel('Something else', { exact: true }).check()
    assert.equal((await support.press('Continue'))?.status(), 400)
    const supportErrors = await JoinPage.verifyOnPage(page, 'Do you need any support to take part?')
    await supportErrors.expectErrors([{ field: 'needDetail-other', message: 'Enter details of the support you need (something else)' }])
    await supportErrors.checkAccessibility('join: support: no details')
    await page.getByLabel('Tell us more about something else').fill('Papers a week before')
    await supportErrors.press('Continue')

    const consent = await JoinPage.verifyOnPage(page, 'What you agree to')
    await consent.checkAccessibility('join: what you agree to')
    assert.equal((await consent.press('Continue'))?.status(), 400)
    const consentErrors = await JoinPage.verifyOnPage(page, 'What you agree to')
    await consentErrors.expectErrors([
      { field: 'consent-contact_research', message: /You need to agree to this to join the panel/ },
      { field: 'consent-quotes', message: /Select yes if we can use your words/ },
      { field: 'consent-special_category', message: /Select yes if we can keep information/ },
      { field: 'consent-recordings', message: /Select yes if we can record what you say/ },
    ])
    await consentErrors.checkAccessibility('join: what you agree to: nothing chosen')
    await consentErrors.expectEachErrorLinkFocusesItsField()
    await page.getByLabel('I agree to you contacting me about research').check()
    await consentErrors.choose('Can we use your words?', 'Yes')
    await consentErrors.choose('Can we keep information about your health, disability and ethnic group?', 'No')
    await consentErrors.choose('Can we record what you say?', 'No')
    await consentErrors.press('Continue')

    const check = await JoinPage.verifyOnPage(page, 'Check your answers before you join')
    await check.checkAccessibility('join: check your answers')
    const main = await page.locator('main').innerText()
    // They said no to special-category data, so their answer on long-term conditions is not kept.
    for (const s of ['Philippa Browserjoin', 'philippa.browserjoin@e2e.example', 'Another language: Polish', 'Glenmoor', 'Winter heating payment', 'Not kept: you did not agree to us keeping this', 'Something else: Papers a week before']) {
      assert.ok(main.includes(s), `check your answers shows ${s}`)
    }
    await clickAndWait(page, page.getByRole('link', { name: 'Change your name' }))
    const changing = await JoinPage.verifyOnPage(page, 'What is your full name?')
    await page.getByLabel('What is your full name?').fill('Philippa Changed')
    await changing.press('Continue')
    const checkAgain = await JoinPage.verifyOnPage(page, 'Check your answers before you join')
    assert.ok((await page.locator('main').innerText()).includes('Philippa Changed'))

    await checkAgain.press('Join the panel')
    const done = await JoinPage.verifyOnPage(page, 'You have joined the panel')
    await done.checkAccessibility('join: you have joined')
    const mail = await h.server.smtp.waitFor(m => m.to.includes('philippa.browserjoin@e2e.example') && /You have joined/.test(m.subject), 10_000)
    assert.match(mail.text, /Your panel reference is P-/)
    assert.deepEqual(h.problems, [])
  })

  it('saves the answers and comes back to them by an emailed link, which works once', async () => {
    const page = await h.newPage()
    await page.goto('/join/name')
    const name = await JoinPage.verifyOnPage(page, 'What is your full name?')
    await page.getByLabel('What is your full name?').fill('Septimus Savelater')
    await name.press('Continue')
    const contact = await JoinPage.verifyOnPage(page, 'How can we contact you?')
    await page.getByLabel('Email address').fill('septimus.savelater@e2e.example')
    await contact.press('Save and come back later')

    const save = await JoinPage.verifyOnPage(page, 'Save your answers and come back later')
    await save.checkAccessibility('join: save and come back later')
    assert.equal(await page.getByLabel('Email address').inputValue(), 'septimus.savelater@e2e.example')
    await page.getByLabel('Email address').fill('')
    assert.equal((await save.press('Send me a link'))?.status(), 400)
    const saveErrors = await JoinPage.verifyOnPage(page, 'Save your answers and come back later')
    await saveErrors.expectErrors([{ field: 'email', message: 'Enter your email address' }])
    await saveErrors.checkAccessibility('join: save: no email address')
    await page.getByLabel('Email address').fill('septimus.savelater@e2e.example')
    await saveErrors.press('Send me a link')
    const saved = await JoinPage.verifyOnPage(page, 'Your answers are saved')
    await saved.checkAccessibility('join: your answers are saved')

    const link = await linkEmailedTo(h, 'septimus.savelater@e2e.example', /carry on joining/)
    const elsewhere = await h.newPage()
    await elsewhere.goto(link)
    const resume = await JoinPage.verifyOnPage(elsewhere, 'Carry on joining the panel')
    await resume.checkAccessibility('join: carry on joining')
    await resume.press('Carry on')
    await JoinPage.verifyOnPage(elsewhere, 'How can we contact you?')
    assert.equal(await elsewhere.getByLabel('Email address').inputValue(), 'septimus.savelater@e2e.example', 'the answers are back')

    const third = await h.newPage()
    const used = await third.goto(link)
    assert.equal(used?.status(), 410)
    const stopped = await JoinPage.verifyOnPage(third, 'This link has stopped working')
    await stopped.checkAccessibility('join: link has stopped working')
    assert.deepEqual(h.problems, [])
  })

  it('works without JavaScript, from start to finish', async () => {
    const page = await h.newPage({ javaScriptEnabled: false })
    await page.goto('/join')
    const start = await JoinPage.verifyOnPage(page, 'Join our panel')
    assert.equal(await page.locator('body.js-enabled').count(), 0)
    await start.checkAccessibility('join: start (no JavaScript)')
    await clickAndWait(page, page.getByRole('button', { name: 'Start now' }))

    const name = await JoinPage.verifyOnPage(page, 'What is your full name?')
    await name.checkAccessibility('join: name (no JavaScript)')
    await page.getByLabel('What is your full name?').fill('Nojavascript Nellie')
    await name.press('Continue')
    const contact = await JoinPage.verifyOnPage(page, 'How can we contact you?')
    await contact.checkAccessibility('join: contact (no JavaScript)')
    assert.equal((await contact.press('Continue'))?.status(), 400)
    const contactErrors = await JoinPage.verifyOnPage(page, 'How can we contact you?')
    await contactErrors.expectErrors([{ field: 'email', message: /Enter at least one way to contact you/ }], { summaryFocused: false })
    await contactErrors.checkAccessibility('join: contact: nothing given (no JavaScript)')
    await page.getByLabel('Address line 1').fill('3 Larch Road')
    await page.getByLabel('Town or city').fill('Eastport')
    await page.getByLabel('Postcode').fill('EP4 5GH')
    await contactErrors.press('Continue')

    const prefs = await JoinPage.verifyOnPage(page, 'How would you like us to contact you?')
    assert.ok(await page.getByLabel('Which language?').isVisible(), 'without JavaScript the language question is always shown')
    await prefs.checkAccessibility('join: how we contact you (no JavaScript)')
    await prefs.choose('How would you like us to contact you?', 'Letter')
    await prefs.choose('Which format would you like us to use?', 'Large print')
    await prefs.press('Continue')
    const about = await JoinPage.verifyOnPage(page, 'About you')
    await about.checkAccessibility('join: about you (no JavaScript)')
    await clickAndWait(page, page.locator('main').getByRole('button', { name: 'Continue' }))

    for (const [key, question] of ABOUT) {
      const q = await JoinPage.verifyOnPage(page, question)
      await q.checkAccessibility(`join: ${key} (no JavaScript)`)
      if (key === 'long_term_condition') {
        // Without JavaScript nothing stops a contradictory answer: the server says what is wrong.
        await q.group(question).getByLabel('Chronic pain or fatigue', { exact: true }).check()
        await q.group(question).getByLabel('None', { exact: true }).check()
        assert.equal((await q.press('Continue'))?.status(), 400)
        const withError = await JoinPage.verifyOnPage(page, question)
        await withError.expectErrors([{ field: 'answer-long_term_condition', message: '"None" cannot be chosen with another answer' }], { summaryFocused: false })
        await withError.checkAccessibility('join: long-term condition: contradictory answers (no JavaScript)')
        await q.group(question).getByLabel('Chronic pain or fatigue', { exact: true }).uncheck()
      }
      await q.press('Continue')
    }

    const support = await JoinPage.verifyOnPage(page, 'Do you need any support to take part?')
    await support.checkAccessibility('join: support (no JavaScript)')
    await support.press('Continue')
    const consent = await JoinPage.verifyOnPage(page, 'What you agree to')
    await consent.checkAccessibility('join: what you agree to (no JavaScript)')
    await page.getByLabel('I agree to you contacting me about research').check()
    await consent.choose('Can we use your words?', 'No')
    await consent.choose('Can we keep information about your health, disability and ethnic group?', 'No')
    assert.equal((await consent.press('Continue'))?.status(), 400)
    const consentErrors = await JoinPage.verifyOnPage(page, 'What you agree to')
    await consentErrors.expectErrors([{ field: 'consent-recordings', message: /Select yes if we can record what you say/ }], { summaryFocused: false })
    await consentErrors.checkAccessibility('join: what you agree to: one missing (no JavaScript)')
    assert.ok(await page.getByLabel('I agree to you contacting me about research').isChecked(), 'what was chosen is kept')
    await consentErrors.choose('Can we record what you say?', 'Yes')
    await consentErrors.press('Continue')

    const check = await JoinPage.verifyOnPage(page, 'Check your answers before you join')
    await check.checkAccessibility('join: check your answers (no JavaScript)')
    assert.match(await page.locator('main').innerText(), /3 Larch Road\s+Eastport\s+EP4 5GH/)
    await check.press('Join the panel')
    const done = await JoinPage.verifyOnPage(page, 'You have joined the panel')
    await done.checkAccessibility('join: you have joined (no JavaScript)')
    assert.deepEqual(h.problems, [])
  })

  it('the panel manager adds someone who joined by phone; a partner adds someone who joined through them', async () => {
    const { page } = await signedInAs(h, 'panel_manager')
    await page.goto('/panel/participants/new')
    const form = await JoinPage.verifyOnPage(page, 'Add someone to the panel')
    await form.checkAccessibility('add to the panel (panel manager)')
    assert.equal((await form.press('Add to the panel'))?.status(), 400)
    const withErrors = await JoinPage.verifyOnPage(page, 'Add someone to the panel')
    await withErrors.expectErrors([
      { field: 'joinedVia', message: 'Select how they joined' },
      { field: 'fullName', message: 'Enter their full name' },
      { field: 'email', message: /Enter at least one way to contact them/ },
      { field: 'preferredChannel', message: 'Select how they would like us to contact them' },
      { field: 'consent-contact_research', message: /They need to agree to us contacting them about research/ },
      { field: 'consent-quotes', message: 'Select whether they agree to us using their words' },
      { field: 'consent-special_category', message: /Select whether they agree to us keeping information/ },
      { field: 'consent-recordings', message: 'Select whether they agree to us recording what they say' },
    ])
    await withErrors.checkAccessibility('add to the panel: empty form')

    await withErrors.choose('How did they join?', 'By phone')
    await page.getByLabel('Full name').fill('Horatio Phonedin')
    await page.getByLabel('Phone number').fill('01632 960 777')
    await withErrors.choose('How would they like us to contact them?', 'Phone call')
    await withErrors.choose('Area', 'The Isles')
    await withErrors.group('Which of these groups are they part of?').getByLabel('Remote rural', { exact: true }).check()
    await page.getByLabel('They agree to us contacting them about research').check()
    await withErrors.choose('Do they agree to us using their words?', 'Yes')
    await withErrors.choose('Do they agree to us keeping information about their health, disability and ethnic group?', 'No')
    await withErrors.choose('Do they agree to us recording what they say?', 'No')
    await withErrors.press('Add to the panel')
    assert.match(new URL(page.url()).pathname, /^\/panel\/participants\/[0-9a-f-]{36}$/, 'on to their page')

    const partner = await signedInAs(h, 'seldom_heard_partner')
    await partner.page.goto('/panel/participants/new')
    const partnerForm = await JoinPage.verifyOnPage(partner.page, 'Add someone to the panel')
    await partnerForm.checkAccessibility('add to the panel (partner)')
    assert.ok(await partnerForm.group('How did they join?').getByLabel('Through a partner organisation', { exact: true }).isChecked())
    assert.equal(await partnerForm.group('How did they join?').getByLabel('By phone', { exact: true }).count(), 0)
    await partner.page.getByLabel('Full name').fill('Imogen Partnerled')
    await partner.page.getByLabel('Phone number').fill('01632 960 778')
    await partnerForm.choose('How would they like us to contact them?', 'Text message')
    await partner.page.getByLabel('They agree to us contacting them about research').check()
    await partnerForm.choose('Do they agree to us using their words?', 'No')
    await partnerForm.choose('Do they agree to us keeping information about their health, disability and ethnic group?', 'No')
    await partnerForm.choose('Do they agree to us recording what they say?', 'No')
    await partnerForm.press('Add to the panel')
    const added = await JoinPage.verifyOnPage(partner.page, 'Add someone to the panel')
    assert.match(await added.successBanner.innerText(), /Their panel reference is P-/)
    await added.checkAccessibility('add to the panel: added (partner)')
    assert.deepEqual(h.problems.filter(p => !p.includes('/panel/participants/')), [])
  })
})
