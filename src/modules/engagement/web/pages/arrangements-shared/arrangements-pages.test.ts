// The arrangements pages with the whole app: attendance (one or several pseudonyms, every unknown one named, the
// panel's participation history updated), accommodations (per session and "to arrange"), expense claims (claim,
// approve or reject, pay in one step with a CSV). The GOV.UK error pattern on each form; only the right roles get in.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, tableRows, textareaValue } from '../../../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { addSession, createActivity } from '../../../domain/activities.ts'
import { panelMember } from '../../../domain/survey-fixtures.test-support.ts'

const SYSTEM = systemActor('arrangements tests')


describe('the arrangements pages', () => {
  let t: TestApp
  let analyst: Agent
  let manager: Agent
  let pastSession = ''
  let futureSession = ''
  let activityId = ''

  before(async () => {
    t = await createTestApp()
    analyst = await t.signInAs('analyst')
    manager = await t.signInAs('panel_manager')
    ;({ id: activityId } = await createActivity(t.deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: 'Workshop in Eastport', purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    }))
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const session = (d: string) => addSession(t.deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: `${d}T10:00:00.000Z`, endsAt: `${d}T12:00:00.000Z`, location: 'Eastport Community Centre, Eastport', address: '', joiningDetails: '', capacity: 12, accessibility: '',
    })
    pastSession = (await session(day(-3))).id
    futureSession = (await session(day(10))).id
  })
  after(() => t.close())

  it('records attendance after naming every problem at once, keeps what was typed, and updates the panel', async () => {
    const [a, b] = [await panelMember(t.deps), await panelMember(t.deps)]
    const first = [a, b].sort((x, y) => x.pseudonym.localeCompare(y.pseudonym))[0]!
    // What the panel list says in its "Taking part" column (the attrition flag and the last date).
    const takingPart = async (pseudonym: string) => tableRows((await manager.get(`/panel?pseudonym=${pseudonym}`)).body, 'participants')[0]?.[4]
    assert.equal(await takingPart(first.pseudonym), 'Never taken part')
    const page = await analyst.get(`/engagement/sessions/${pastSession}/attendance`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Nobody has been recorded yet/)
    const wrong = await analyst.post(`/engagement/sessions/${pastSession}/attendance`, { pseudonyms: `${a.pseudonym} P-ZZZZZZ`, status: '' })
    expectFormErrors(wrong, 'Attendance: Workshop in Eastport', [
      ['pseudonyms', 'P-ZZZZZZ is not a pseudonym of anyone on the panel: check it, for example P-7K3M9Q'],
      ['status', 'Select whether they attended, took part online or by phone, did not attend or cancelled in advance'],
    ])
    assert.equal(textareaValue(wrong.body, 'pseudonyms')?.trim(), `${a.pseudonym} P-ZZZZZZ`)
    const ok = await analyst.post(`/engagement/sessions/${pastSession}/attendance`, { pseudonyms: `${a.pseudonym}\n${b.pseudonym}`, status: 'attended' })
    assert.equal(ok.statusCode, 303)
    const list = await analyst.get(`/engagement/sessions/${pastSession}/attendance`)
    assert.match(list.body, /2 people recorded as attended/)
    assert.deepEqual(tableRows(list.body, 'attendance').map(r => r.slice(0, 2)), [[a.pseudonym, 'Attended'], [b.pseudonym, 'Attended']].sort())
    const panel = t.deps.db.withTables<{ panel_participant: { id: string; last_participated_at: string | null } }>()
    const row = await panel.selectFrom('panel_participant').select('last_participated_at').where('id', '=', a.id).executeTakeFirstOrThrow()
    assert.ok(row.last_participated_at, 'the panel knows they took part')
    assert.match((await takingPart(first.pseudonym))!, /^Last took part \d{1,2} [A-Z][a-z]+ \d{4}$/, 'the panel list shows it, with no "never" flag')

    const changeLink = /href="(\/engagement\/attendance\/[^"/]+)"/.exec(list.body)![1]!
    assert.equal((await analyst.get(changeLink)).statusCode, 200)
    expectFormErrors(await analyst.post(changeLink, { status: 'maybe' }), `Change attendance: ${[a.pseudonym, b.pseudonym].sort()[0]}`, [['status', /^Select whether/]])
    assert.equal((await analyst.post(changeLink, { status: 'by_phone' })).statusCode, 303)
    assert.equal((await analyst.get(`${changeLink}/remove`)).statusCode, 200)
    assert.equal((await analyst.post(`${changeLink}/remove`)).statusCode, 303)
    assert.equal(await takingPart(first.pseudonym), 'Never taken part', 'removing their only record of taking part puts the panel back')
    assert.equal(tableRows((await analyst.get(`/engagement/sessions/${pastSession}/attendance`)).body, 'attendance').length, 1)

    const future = await analyst.post(`/engagement/sessions/${futureSession}/attendance`, { pseudonyms: a.pseudonym, status: 'attended' })
    expectFormErrors(future, 'Attendance: Workshop in Eastport', [['status', 'The session has not started yet: record who attended once it has']])

    for (const role of ['stakeholder', 'panel_member', 'scrutiny_body'] as const) {
      const someone = await t.signInAs(role)
      assert.equal((await someone.get(`/engagement/sessions/${pastSession}/attendance`)).statusCode, 403, role)
    }
  })

  it('adds, changes and removes accommodations, and lists what is left to arrange', async () => {
    const p = await panelMember(t.deps)
    const wrong = await manager.post(`/engagement/sessions/${futureSession}/accommodations`, { kind: 'other', pseudonym: 'P-ZZZZZZ', status: '', note: '' })
    expectFormErrors(wrong, 'Accommodations: Workshop in Eastport', [
      ['pseudonym', /^P-ZZZZZZ is not a pseudonym/],
      ['status', 'Select whether it is needed, booked, confirmed or not possible'],
      ['note', 'Say what must be arranged'],
    ])
    assert.equal((await manager.post(`/engagement/sessions/${futureSession}/accommodations`, { kind: 'bsl_interpreter', pseudonym: p.pseudonym, status: 'needed', note: 'Two interpreters for a full day' })).statusCode, 303)
    assert.equal((await manager.post(`/engagement/sessions/${futureSession}/accommodations`, { kind: 'quiet_room', pseudonym: '', status: 'confirmed', note: '' })).statusCode, 303)
    const page = await analyst.get(`/engagement/sessions/${futureSession}/accommodations`)
    assert.deepEqual(tableRows(page.body, 'accommodations').map(r => r.slice(0, 4)), [
      ['BSL interpreter', p.pseudonym, 'Needed', 'Two interpreters for a full day'],
      ['Quiet room', 'Everyone', 'Confirmed', ''],
    ])
    const toArrange = await analyst.get('/engagement/accommodations')
    assert.equal(toArrange.statusCode, 200)
    assert.deepEqual(tableRows(toArrange.body, 'to-arrange').map(r => r[1]), ['BSL interpreter'], 'confirmed ones are done')
    const edit = /href="(\/engagement\/accommodations\/[^"/]+)\/edit"/.exec(page.body)![1]!
    assert.equal((await manager.get(`${edit}/edit`)).statusCode, 200)
    assert.equal((await manager.post(`${edit}/edit`, { kind: 'bsl_interpreter', pseudonym: p.pseudonym, status: 'confirmed', note: '' })).statusCode, 303)
    assert.match((await analyst.get('/engagement/accommodations')).body, /There is nothing left to arrange/)
    assert.equal((await manager.post(`${edit}/remove`)).statusCode, 303)
    const stakeholder = await t.signInAs('stakeholder')
    assert.equal((await stakeholder.get('/engagement/accommodations')).statusCode, 403)
  })

  it('records a claim after showing what to fix, approves and rejects, and pays approved claims in one audited step', async () => {
    const [p, q] = [await panelMember(t.deps), await panelMember(t.deps)]
    const url = `/engagement/sessions/${pastSession}/expenses`
    const wrong = await analyst.post(url, { pseudonym: 'P-ZZZZZZ', kind: '', amount: '12.345', note: '' })
    expectFormErrors(wrong, 'Expenses: Workshop in Eastport', [
      ['pseudonym', /^P-ZZZZZZ is not a pseudonym/],
      ['kind', 'Select what the claim is for'],
      ['amount', 'The amount must be in pounds and pence, for example 12.50'],
      ['hasReceipt', 'Select whether there is a receipt'],
    ])
    assert.equal((await analyst.post(url, { pseudonym: p.pseudonym, kind: 'travel', amount: '£12.50', hasReceipt: 'yes', note: 'Bus, return' })).statusCode, 303)
    assert.equal((await analyst.post(url, { pseudonym: q.pseudonym, kind: 'childcare', amount: '30', hasReceipt: 'no', note: '' })).statusCode, 303)
    const page = await analyst.get(url)
    assert.deepEqual(tableRows(page.body, 'expenses').map(r => r.slice(0, 5)), [
      [p.pseudonym, 'Travel', '£12.50', 'Yes', 'Claimed'],
      [q.pseudonym, 'Childcare', '£30.00', 'No', 'Claimed'],
    ])
    assert.doesNotMatch(page.body, /Approve or reject/, 'analysts record claims but do not decide them')
    const decideLinks = [...(await manager.get(url)).body.matchAll(/href="(\/engagement\/expenses\/[^"/]+\/decide)"/g)].map(m => m[1]!)
    assert.equal(decideLinks.length, 2)
    assert.equal((await analyst.get(decideLinks[0]!)).statusCode, 403)
    expectFormErrors(await manager.post(decideLinks[1]!, { decision: 'reject', reason: '' }), `Decide an expense claim: ${q.pseudonym}`, [['reason', /^Enter why the claim is rejected/]])
    assert.equal((await manager.post(decideLinks[1]!, { decision: 'reject', reason: 'Childcare was provided at the venue' })).statusCode, 303)
    assert.equal((await manager.post(decideLinks[0]!, { decision: 'approve' })).statusCode, 303)
    const late = await manager.post(decideLinks[0]!, { decision: 'reject', reason: 'Too late' })
    assert.equal(late.headers.location, url, 'deciding again goes back to the claims')
    assert.match((await manager.get(url)).body, new RegExp(`The claim of £12.50 by ${p.pseudonym} has already been approved`))

    const payments = await manager.get('/engagement/expenses/payments')
    assert.deepEqual(tableRows(payments.body, 'payable').map(r => [r[1], r[4]]), [[p.pseudonym, '£12.50']])
    const ids = [...payments.body.matchAll(/name="claimId" value="([^"]+)"/g)].map(m => m[1]!)
    const paid = await manager.post('/engagement/expenses/payments', { claimId: ids })
    assert.equal(paid.statusCode, 303)
    const batch = await manager.get(paid.headers.location as string)
    assert.match(batch.body, /1 claim marked as paid/)
    const csv = await manager.get(`${paid.headers.location}/csv`)
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    const lines = csv.body.trim().split('\r\n')
    assert.equal(lines[0], 'claim_id,pseudonym,activity,session_date,kind,amount_pounds,receipt,approved_at,paid_at')
    assert.equal(lines.length, 2)
    assert.match(lines[1]!, new RegExp(`^${ids[0]},${p.pseudonym},Workshop in Eastport,\\d{4}-\\d{2}-\\d{2},Travel,12.50,yes,`))
    assert.match((await manager.get('/engagement/expenses/payments')).body, /There are no approved claims waiting to be paid/)
    const audited = await t.database.db.selectFrom('audit_event').select(['summary']).where('action', '=', 'engagement.expenses_paid').execute()
    assert.deepEqual(JSON.parse(audited[0]!.summary), { claimIds: ids, count: 1, totalPence: 1250 })
    const again = await manager.post('/engagement/expenses/payments', { claimId: ids })
    assert.equal(again.headers.location, '/engagement/expenses/payments', 'paying twice pays nothing')
    assert.equal((await analyst.get('/engagement/expenses/payments')).statusCode, 403)
  })
})
