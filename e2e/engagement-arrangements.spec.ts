import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addSession, createActivity } from '../src/modules/engagement/domain/activities.ts'
import { panelMember, SYSTEM } from '../src/modules/engagement/domain/survey-fixtures.test-support.ts'
import { ArrangementsPage } from './pages/arrangements-pages.ts'
import { EngagementPage } from './pages/engagement-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const WORKSHOP = 'Workshop in Eastport: applying for help with housing costs'

/** A date `days` from today (negative: in the past), as YYYY-MM-DD. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

describe('engagement: attendance, what to arrange and expenses (browser, with axe on every page and error state)', () => {
  let h: Harness
  let activityId = ''
  type Person = { id: string; pseudonym: string }
  let people: [Person, Person, Person]

  before(async () => {
    h = await startHarness({ spec: 'engagement-arrangements' })
    const deps = h.server.deps
    ;({ id: activityId } = await createActivity(deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: WORKSHOP, purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    }))
    const session = (d: string) => addSession(deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: `${d}T10:00:00.000Z`, endsAt: `${d}T12:00:00.000Z`, location: 'Eastport Community Centre, Eastport',
      address: '1 Harbour Road, Eastport', joiningDetails: '', capacity: 12, accessibility: 'Step-free access',
    })
    await session(day(-3))
    await session(day(20))
    people = [await panelMember(deps), await panelMember(deps), await panelMember(deps)]
  })
  after(() => h?.close())

  it('an analyst records attendance (one by phone), arranges an interpreter, and records an expense claim; the panel manager approves and pays it', async () => {
    const [a, b, c] = people
    const { page } = await signedInAs(h, 'analyst')
    await page.goto(`/engagement/activities/${activityId}`)
    const activity = await EngagementPage.verifyOnPage(page, WORKSHOP)
    await activity.checkAccessibility('activity with links to each session’s arrangements')
    assert.equal(await page.getByRole('link', { name: 'Invitations' }).count(), 0, 'analysts do not send invitations')

    // Attendance at the session three days ago: a typo and no status first.
    assert.equal(await activity.press(/^Attendance for the session on/), 200)
    const attendance = await ArrangementsPage.verifyOnPage(page, 'Attendance')
    await attendance.checkAccessibility('attendance (nobody yet)')
    await attendance.fill('Pseudonyms', `${a.pseudonym}, ${b.pseudonym}, P-ZZZZZ9`)
    assert.equal(await attendance.press('Record attendance'), 400)
    const attendanceWrong = await ArrangementsPage.verifyOnPage(page, 'Attendance')
    await attendanceWrong.expectErrors([
      { field: 'pseudonyms', message: 'P-ZZZZZ9 is not a pseudonym of anyone on the panel: check it, for example P-7K3M9Q' },
      { field: 'status', message: 'Select whether they attended, took part online or by phone, did not attend or cancelled in advance' },
    ])
    assert.equal(await attendanceWrong.value('Pseudonyms'), `${a.pseudonym}, ${b.pseudonym}, P-ZZZZZ9`, 'nothing typed is lost')
    await attendanceWrong.checkAccessibility('attendance: errors')
    await attendanceWrong.expectEachErrorLinkFocusesItsField()
    await attendanceWrong.fill('Pseudonyms', `${a.pseudonym}\n${b.pseudonym}`)
    await attendanceWrong.choose('Did they take part?', 'Attended')
    assert.equal(await attendanceWrong.press('Record attendance'), 200)
    const recorded = await ArrangementsPage.verifyOnPage(page, 'Attendance')
    assert.match(await recorded.successBanner.innerText(), /2 people recorded as attended/)
    await recorded.fill('Pseudonyms', c.pseudonym)
    await recorded.choose('Did they take part?', 'Took part by phone')
    assert.equal(await recorded.press('Record attendance'), 200)
    const three = await ArrangementsPage.verifyOnPage(page, 'Attendance')
    assert.deepEqual((await three.tableRows('attendance')).map(r => r.slice(0, 2)), [[a.pseudonym, 'Attended'], [b.pseudonym, 'Attended'], [c.pseudonym, 'Took part by phone']].sort((x, y) => x[0]!.localeCompare(y[0]!)))
    assert.equal(await three.summaryValue('Took part (attended, online or by phone)'), '3 of 12 places')
    await three.checkAccessibility('attendance (three recorded)')

    // What to arrange for the session in three weeks: a BSL interpreter, with a mistake first.
    await page.goto(`/engagement/activities/${activityId}`)
    await EngagementPage.verifyOnPage(page, WORKSHOP)
    await page.getByRole('link', { name: /^What to arrange for the session on/ }).nth(1).click()
    const arrange = await ArrangementsPage.verifyOnPage(page, 'Accommodations')
    await arrange.checkAccessibility('accommodations (none yet)')
    assert.equal(await arrange.main.getByRole('group', { name: 'Where is it up to?' }).getByLabel('Needed', { exact: true }).isChecked(), true, 'a new one is needed')
    await arrange.choose('What must be arranged?', 'Something else')
    await arrange.fill('Who is it for? (optional)', 'P-ZZZZZ9')
    assert.equal(await arrange.press('Add'), 400)
    const arrangeWrong = await ArrangementsPage.verifyOnPage(page, 'Accommodations')
    await arrangeWrong.expectErrors([
      { field: 'pseudonym', message: /^P-ZZZZZ9 is not a pseudonym/ },
      { field: 'note', message: 'Say what must be arranged' },
    ])
    await arrangeWrong.checkAccessibility('accommodations: errors')
    await arrangeWrong.choose('What must be arranged?', 'BSL interpreter')
    await arrangeWrong.fill('Who is it for? (optional)', a.pseudonym)
    await arrangeWrong.choose('Where is it up to?', 'Needed')
    await arrangeWrong.fill('Note (optional unless it is something else)', 'Two interpreters for the whole morning')
    assert.equal(await arrangeWrong.press('Add'), 200)
    const added = await ArrangementsPage.verifyOnPage(page, 'Accommodations')
    assert.deepEqual((await added.tableRows('accommodations')).map(r => r.slice(0, 4)), [['BSL interpreter', a.pseudonym, 'Needed', 'Two interpreters for the whole morning']])
    await added.checkAccessibility('accommodations (one needed)')
    await added.press('See everything still to arrange for upcoming sessions')
    const toArrange = await ArrangementsPage.verifyOnPage(page, 'Accommodations to arrange')
    assert.deepEqual((await toArrange.tableRows('to-arrange')).map(r => r.slice(1, 4)), [['BSL interpreter', a.pseudonym, 'Needed']])
    await toArrange.checkAccessibility('accommodations to arrange (one)')
    await page.goBack()
    await (await ArrangementsPage.verifyOnPage(page, 'Accommodations')).press(/^Change BSL interpreter/)
    const change = await ArrangementsPage.verifyOnPage(page, /^Change/)
    await change.checkAccessibility('change an accommodation')
    await change.choose('Where is it up to?', 'Confirmed')
    await change.fill('Note (optional unless it is something else)', 'Two interpreters booked through the agency, reference 4471')
    await change.press('Save')
    const arranged = await ArrangementsPage.verifyOnPage(page, 'Accommodations')
    assert.deepEqual((await arranged.tableRows('accommodations')).map(r => r.slice(0, 3)), [['BSL interpreter', a.pseudonym, 'Confirmed']])
    await page.goto('/engagement/accommodations')
    const nothingLeft = await ArrangementsPage.verifyOnPage(page, 'Accommodations to arrange')
    assert.equal(await page.getByText('There is nothing left to arrange.').count(), 1)
    await nothingLeft.checkAccessibility('accommodations to arrange (none left)')

    // An expense claim for the session three days ago: mistakes first.
    await page.goto(`/engagement/activities/${activityId}`)
    await page.getByRole('link', { name: /^Expenses for the session on/ }).first().click()
    const expenses = await ArrangementsPage.verifyOnPage(page, 'Expenses')
    await expenses.checkAccessibility('expenses (none yet)')
    await expenses.fill('Pseudonym of the person claiming', c.pseudonym)
    await expenses.fill('Amount', '12.345')
    assert.equal(await expenses.press('Record the claim'), 400)
    const claimWrong = await ArrangementsPage.verifyOnPage(page, 'Expenses')
    await claimWrong.expectErrors([
      { field: 'kind', message: 'Select what the claim is for' },
      { field: 'amount', message: 'The amount must be in pounds and pence, for example 12.50' },
      { field: 'hasReceipt', message: 'Select whether there is a receipt' },
    ])
    assert.equal(await claimWrong.value('Pseudonym of the person claiming'), c.pseudonym)
    await claimWrong.checkAccessibility('expenses: errors')
    await claimWrong.expectEachErrorLinkFocusesItsField()
    await claimWrong.choose('What is the claim for?', 'Travel')
    await claimWrong.fill('Amount', '£12.50')
    await claimWrong.choose('Is there a receipt?', 'Yes')
    await claimWrong.fill('Note (optional unless it is something else)', 'Bus fare, return')
    assert.equal(await claimWrong.press('Record the claim'), 200)
    const claimed = await ArrangementsPage.verifyOnPage(page, 'Expenses')
    assert.deepEqual((await claimed.tableRows('expenses')).map(r => r.slice(0, 5)), [[c.pseudonym, 'Travel', '£12.50', 'Yes', 'Claimed']])
    assert.equal(await page.getByRole('link', { name: /^Approve or reject/ }).count(), 0, 'analysts do not decide claims')
    await claimed.checkAccessibility('expenses (one claimed)')

    // The panel manager approves it (a rejection without a reason first), pays it and downloads the payment file.
    const manager = (await signedInAs(h, 'panel_manager')).page
    await manager.goto(`/engagement/activities/${activityId}`)
    await EngagementPage.verifyOnPage(manager, WORKSHOP)
    assert.equal(await manager.getByRole('link', { name: 'Invitations' }).count(), 1, 'the panel manager sends invitations')
    await manager.getByRole('link', { name: /^Expenses for the session on/ }).first().click()
    await (await ArrangementsPage.verifyOnPage(manager, 'Expenses')).press(/^Approve or reject/)
    const decide = await ArrangementsPage.verifyOnPage(manager, `Approve or reject the claim by ${c.pseudonym}`)
    await decide.checkAccessibility('decide a claim')
    await decide.choose('Your decision', 'Reject')
    await decide.checkAccessibility('decide a claim (reason revealed)')
    assert.equal(await decide.press('Save decision'), 400)
    const decideWrong = await ArrangementsPage.verifyOnPage(manager, `Approve or reject the claim by ${c.pseudonym}`)
    await decideWrong.expectErrors([{ field: 'reason', message: 'Enter why the claim is rejected: the person will be told' }])
    await decideWrong.checkAccessibility('decide a claim: errors')
    await decideWrong.choose('Your decision', 'Approve')
    assert.equal(await decideWrong.press('Save decision'), 200)
    const approved = await ArrangementsPage.verifyOnPage(manager, 'Expenses')
    assert.match(await approved.successBanner.innerText(), new RegExp(`Claim of £12.50 by ${c.pseudonym} approved`))
    assert.equal((await approved.tableRows('expenses'))[0]![4], 'Approved')
    await approved.press('Pay approved claims')
    const payments = await ArrangementsPage.verifyOnPage(manager, 'Pay expense claims')
    const payable = await payments.tableRows('payable')
    assert.deepEqual(payable.map(r => [r[1], r[3], r[4], r[5]]), [[c.pseudonym, 'Travel', '£12.50', 'Yes']])
    await payments.checkAccessibility('pay expense claims')
    assert.equal(await payments.press('Mark these claims as paid and get the payment file'), 200)
    const batch = await ArrangementsPage.verifyOnPage(manager, 'Expense claims paid')
    assert.match(await batch.successBanner.innerText(), /1 claim marked as paid/)
    await batch.checkAccessibility('a payment batch')
    const csv = await batch.download('Download the payment file (CSV)')
    assert.match(csv.filename, /^expense-payments-[0-9a-f-]+\.csv$/)
    const lines = csv.text.trim().split('\r\n')
    assert.equal(lines[0], 'claim_id,pseudonym,activity,session_date,kind,amount_pounds,receipt,approved_at,paid_at')
    assert.equal(lines.length, 2)
    assert.match(lines[1]!, new RegExp(`^${payable[0]![0]},${c.pseudonym},${WORKSHOP},${day(-3)},Travel,12.50,yes,`))
    await manager.goto('/engagement/expenses/payments')
    const paid = await ArrangementsPage.verifyOnPage(manager, 'Pay expense claims')
    assert.equal(await manager.getByText('There are no approved claims waiting to be paid.').count(), 1)
    await paid.checkAccessibility('pay expense claims (nothing left)')

    // The panel list shows that the person who took part by phone has taken part.
    await manager.goto(`/panel?pseudonym=${c.pseudonym}`)
    await manager.getByRole('heading', { level: 1 }).waitFor()
    assert.match(await manager.locator('table#participants tbody tr').first().innerText(), /Last took part/)
    assert.deepEqual(h.problems, [])
  })
})
