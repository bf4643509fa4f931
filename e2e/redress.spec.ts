import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { seedPublishedCharter } from '../src/modules/redress/domain/seed.test-support.ts'
import { expectNoA11yViolations } from './support/axe.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

describe('redress: a complaint made by keyboard, handled at stage 1, escalated and answered at stage 2 (browser, with axe)', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'redress' })
    await seedPublishedCharter(h.server.deps.db)
  })
  after(() => h?.close())

  it('takes a complaint from a signed-out person and sees it through both stages', async () => {
    const page = await h.newPage()
    await page.goto('/complain')
    assert.equal(await page.locator('h1').textContent(), 'Make a complaint')
    await expectNoA11yViolations(page, 'complaint form')

    // By keyboard only: focus a field, type, tick with Space, send with Enter.
    await page.getByLabel('What happened?').focus()
    await page.keyboard.type('Nobody answered the phone for an hour.')
    await page.getByLabel('Full name').focus()
    await page.keyboard.type('Morag Browser')
    await page.getByLabel('Email', { exact: true }).focus()
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Send your complaint' }).focus()
    await page.keyboard.press('Enter')
    await page.locator('.govuk-error-summary').waitFor()
    assert.match((await page.title()) ?? '', /^Error: Make a complaint/)
    assert.match((await page.locator('.govuk-error-summary').textContent()) ?? '', /Choose the commitment[\s\S]*what you would like to happen[\s\S]*email address/)
    assert.equal(await page.getByLabel('What happened?').inputValue(), 'Nobody answered the phone for an hour.')
    await expectNoA11yViolations(page, 'complaint form with errors')

    await page.getByLabel('We will answer the phone within 10 minutes.').focus()
    await page.keyboard.press('Space')
    await page.getByLabel('What would you like us to do?').focus()
    await page.keyboard.type('An apology')
    await page.getByLabel('Email address').focus()
    await page.keyboard.type('morag.browser@example.com')
    await page.getByRole('button', { name: 'Send your complaint' }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL('**/complain/confirmation')
    const reference = /C-\d{4}-\d{6}/.exec((await page.locator('.govuk-panel').textContent()) ?? '')?.[0]
    assert.ok(reference, 'the confirmation shows the reference')
    assert.match((await page.locator('#respond-by').textContent()) ?? '', /We will reply by \d{1,2} \w+ \d{4}/)
    await expectNoA11yViolations(page, 'complaint confirmation')
    await h.server.smtp.waitFor(m => m.to.includes('morag.browser@example.com') && m.subject.includes(reference), 10_000)

    const { page: staff } = await signedInAs(h, 'complaints_handler')
    await staff.goto('/redress/complaints')
    await expectNoA11yViolations(staff, 'complaints list')
    await staff.getByRole('link', { name: reference }).click()
    await staff.waitForURL('**/redress/complaints/*')
    await expectNoA11yViolations(staff, 'case page at stage 1')

    await staff.getByLabel('Response to send').fill('We are sorry. We have added staff at lunchtime.')
    await staff.getByRole('button', { name: 'Send the stage 1 response' }).click()
    await staff.locator('.govuk-error-summary').waitFor()
    assert.match((await staff.title()) ?? '', /^Error: Complaint/)
    await expectNoA11yViolations(staff, 'case page with an error')
    await staff.getByLabel('Upheld', { exact: true }).check()
    await staff.getByRole('button', { name: 'Send the stage 1 response' }).click()
    await staff.getByText('Response recorded and sent').waitFor()

    // The person writes back unhappy; the handler takes the complaint to stage 2 for them.
    await staff.getByLabel('Why is the person not satisfied?').fill('The person says the phone is still not answered.')
    await staff.getByRole('button', { name: 'Take to stage 2' }).click()
    await staff.getByText('Complaint taken to stage 2').waitFor()
    await expectNoA11yViolations(staff, 'case page at stage 2')
    await staff.getByRole('button', { name: 'Record acknowledgement' }).click()
    await staff.getByText('Acknowledgement recorded').waitFor()
    await staff.getByLabel('Partly upheld').check()
    await staff.getByLabel('Response to send').fill('We looked again. We will also answer calls within 10 minutes at weekends.')
    await staff.getByRole('button', { name: 'Send the stage 2 response' }).click()
    await staff.getByText('Response recorded and sent').waitFor()
    assert.match((await staff.locator('#complaint').textContent()) ?? '', /Partly upheld/)
    assert.match((await staff.locator('#timeline').textContent()) ?? '', /Stage 2 response sent/)
    await expectNoA11yViolations(staff, 'case page answered at stage 2')
    await h.server.smtp.waitFor(m => m.to.includes('morag.browser@example.com') && /final response/.test(m.subject), 10_000)
    assert.deepEqual(h.problems, [])
  })
})
