import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { EngagementPage } from './pages/engagement-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const WORKSHOP = 'Workshop: applying for Adult Disability Payment'

describe('engagement: rounds, activities and sessions', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'engagement-activities' })
  })
  after(() => h?.close())

  it('an analyst plans a round, a workshop and its sessions, correcting mistakes, then opens it and cancels a session', async () => {
    const { page, home } = await signedInAs(h, 'analyst')
    await home.followNavigationLink('/engagement')
    const empty = await EngagementPage.verifyOnPage(page, 'Engagement')
    await empty.checkAccessibility('engagement list (empty)')

    // A round, first with a half-typed date.
    await empty.press('Add a round')
    const round = await EngagementPage.verifyOnPage(page, 'Add a round')
    await round.checkAccessibility('add a round')
    await round.fillDate('Start date (optional)', '1', '', '2027')
    assert.equal(await round.press('Save round'), 400)
    const roundWrong = await EngagementPage.verifyOnPage(page, 'Add a round')
    await roundWrong.expectErrors([
      { field: 'title', message: /^Enter a name for the round/ },
      { field: 'startsOn-month', message: 'The start date must include a month' },
    ])
    await roundWrong.checkAccessibility('add a round: errors')
    await roundWrong.expectEachErrorLinkFocusesItsField()
    await page.getByLabel('Name of the round').fill('First round: co-design workshops')
    await roundWrong.fillDate('Start date (optional)', '1', '3', '2027')
    assert.equal(await roundWrong.press('Save round'), 200)

    // An activity: the answers under "A selection of the panel" and "The Core Group" appear when chosen.
    const list = await EngagementPage.verifyOnPage(page, 'Engagement')
    await list.checkAccessibility('engagement list (one round)')
    await list.press(/^Change the round/)
    const roundEdit = await EngagementPage.verifyOnPage(page, 'Change the round')
    assert.equal(await page.getByLabel('Name of the round').inputValue(), 'First round: co-design workshops')
    await roundEdit.checkAccessibility('change a round')
    await page.goBack()
    await list.press('Add an activity')
    const form = await EngagementPage.verifyOnPage(page, 'Add an activity')
    const which = page.getByLabel('Which members of the panel?')
    assert.equal(await which.isVisible(), false, 'hidden until its answer is chosen')
    await page.getByLabel('Name of the activity').fill(WORKSHOP)
    await page.getByRole('radio', { name: 'Co-design workshop' }).check()
    await page.getByLabel('Round').selectOption({ label: 'First round: co-design workshops' })
    await page.getByRole('radio', { name: 'A selection of the panel' }).check()
    await page.getByRole('group', { name: 'Who asked for it?' }).getByRole('radio', { name: 'The Core Group' }).check()
    await form.fillDate('End date (optional)', '31', '2', '2027')
    await form.checkAccessibility('add an activity (answers revealed)')
    assert.equal(await form.press('Save activity'), 400)
    const wrong = await EngagementPage.verifyOnPage(page, 'Add an activity')
    await wrong.expectErrors([
      { field: 'purpose', message: /^Enter the purpose/ },
      { field: 'audienceSelection', message: 'Say who is in the sub-group or selection' },
      { field: 'commissioningDecision', message: /^Enter the Core Group decision/ },
      { field: 'closesOn-day', message: 'The end date must be a real date, like 27 3 2027' },
    ])
    assert.equal(await page.getByLabel('Name of the activity').inputValue(), WORKSHOP, 'nothing typed is lost')
    await wrong.checkAccessibility('add an activity: errors')
    await wrong.expectEachErrorLinkFocusesItsField()
    await page.getByLabel('Purpose').fill('To hear what made applying hard, so the charter can promise what will change.')
    await which.fill('Members in Glenmoor and The Isles')
    await page.getByLabel('Which Core Group decision?').fill('Decision 14, 3 March 2027')
    await wrong.fillDate('End date (optional)', '30', '4', '2027')
    assert.equal(await wrong.press('Save activity'), 200)

    const activity = await EngagementPage.verifyOnPage(page, WORKSHOP)
    assert.equal(await activity.summaryValue('Who it is for'), 'A selection of the panel Members in Glenmoor and The Isles')
    assert.equal(await activity.summaryValue('Status'), 'Planned')
    await activity.checkAccessibility('activity (no sessions)')

    // A session, with times typed the way people do, one of them wrong.
    await activity.press('Add a session')
    const session = await EngagementPage.verifyOnPage(page, 'Add a session')
    await session.checkAccessibility('add a session')
    await page.getByRole('radio', { name: 'In person' }).check()
    await page.getByLabel('Venue and town').fill('Eastport Community Centre, Eastport')
    await session.fillDate('Date', '14', '4', '2027')
    await page.getByLabel('Start time').fill('10.30am')
    await page.getByLabel('End time').fill('half twelve')
    await page.getByLabel('How many people can take part?').fill('12')
    assert.equal(await session.press('Save session'), 400)
    const sessionWrong = await EngagementPage.verifyOnPage(page, 'Add a session')
    await sessionWrong.expectErrors([{ field: 'endTime', message: 'Enter the end time as a time, like 10:30 or 2pm' }])
    await sessionWrong.checkAccessibility('add a session: errors')
    await page.getByLabel('End time').fill('12:30')
    assert.equal(await sessionWrong.press('Save session'), 200)

    const withSession = await EngagementPage.verifyOnPage(page, WORKSHOP)
    assert.deepEqual((await withSession.tableRows(/^Sessions of/))[0]!.slice(0, 7), ['14 April 2027', '10:30am to 12:30pm', 'In person', 'Eastport Community Centre, Eastport', '12', 'Not given', 'Going ahead'])
    assert.equal(await withSession.press('Open'), 200)
    const opened = await EngagementPage.verifyOnPage(page, WORKSHOP)
    assert.match(await opened.successBanner.innerText(), /The activity is now open/)
    assert.deepEqual(await page.locator('main form button').allInnerTexts(), ['Close', 'Cancel the activity'])
    await opened.checkAccessibility('activity (open, one session)')

    await opened.press(/^Change the session on 14 April 2027/)
    const sessionEdit = await EngagementPage.verifyOnPage(page, 'Change a session')
    assert.equal(await page.getByLabel('Start time').inputValue(), '10:30', 'shown back in UK time')
    await sessionEdit.checkAccessibility('change a session')
    assert.equal(await sessionEdit.press('Save session'), 200)
    await EngagementPage.verifyOnPage(page, WORKSHOP)
    await opened.press('Change the activity')
    const activityEdit = await EngagementPage.verifyOnPage(page, 'Change the activity')
    assert.equal(await page.getByLabel('Which members of the panel?').inputValue(), 'Members in Glenmoor and The Isles')
    await activityEdit.checkAccessibility('change an activity')
    assert.equal(await activityEdit.press('Save activity'), 200)
    await EngagementPage.verifyOnPage(page, WORKSHOP)

    await opened.press(/^Cancel the session on 14 April 2027/)
    const confirm = await EngagementPage.verifyOnPage(page, 'Are you sure you want to cancel this session?')
    await confirm.checkAccessibility('cancel a session')
    assert.equal(await confirm.press('Yes, cancel the session'), 200)
    const cancelled = await EngagementPage.verifyOnPage(page, WORKSHOP)
    assert.equal((await cancelled.tableRows(/^Sessions of/))[0]![6], 'Cancelled')
    await cancelled.checkAccessibility('activity (session cancelled)')

    await page.goto('/engagement?kind=workshop&status=open')
    const filtered = await EngagementPage.verifyOnPage(page, 'Engagement')
    assert.deepEqual((await filtered.tableRows('Activities in First round: co-design workshops')).map(r => r.slice(0, 5)), [
      [WORKSHOP, 'Co-design workshop', 'A selection of the panel: Members in Glenmoor and The Isles', 'Until 30 April 2027', 'Open'],
    ])
    await filtered.checkAccessibility('engagement list (filtered)')
    assert.deepEqual(h.problems, [])
  })

  it('works without JavaScript: every conditional box is shown, and errors are explained', async () => {
    const { page } = await signedInAs(h, 'panel_manager', { javaScriptEnabled: false })
    await page.goto('/engagement/activities/new')
    const form = await EngagementPage.verifyOnPage(page, 'Add an activity')
    for (const label of ['Who is in the sub-group?', 'Which members of the panel?', 'Which Core Group decision?']) assert.equal(await page.getByLabel(label).isVisible(), true, label)
    await page.getByLabel('Name of the activity').fill('Telephone interviews')
    await page.getByRole('radio', { name: 'Interviews' }).check()
    await page.getByRole('radio', { name: 'Anyone (a public poll)' }).check()
    await page.getByLabel('Purpose').fill('One-to-one conversations by phone.')
    assert.equal(await form.press('Save activity'), 400)
    const wrong = await EngagementPage.verifyOnPage(page, 'Add an activity')
    await wrong.expectErrors([{ field: 'audience', message: 'Only a survey or a poll can be open to anyone' }], { summaryFocused: false })
    await wrong.checkAccessibility('add an activity: errors (no JavaScript)')
    await page.getByRole('radio', { name: 'The whole panel' }).check()
    assert.equal(await wrong.press('Save activity'), 200)
    const activity = await EngagementPage.verifyOnPage(page, 'Telephone interviews')
    await activity.press('Add a session')
    const session = await EngagementPage.verifyOnPage(page, 'Add a session')
    assert.equal(await page.getByLabel('Venue and town').isVisible(), true)
    await session.checkAccessibility('add a session (no JavaScript)')
  })
})
