// Complaints through storage, on every dialect in TEST_DIALECTS: deadlines on the working-day calendar across
// Christmas and New Year, stage 1 extended once only, stage 2 only after stage 1, outcomes, the ombudsman, learning
// actions, messages by the preferred channel, and contact details encrypted at rest, read only by the complaints
// handler with each read audited.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { rejectedWith as hasCode, fieldProblem as problem } from '../../../../test/support/app-errors.ts'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { sealAuditEvents } from '../../../platform/audit/audit.ts'
import { PUBLIC_ACTOR, type Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import type { OutgoingMessage } from '../../../platform/mail/mailer.ts'
import { addLearningAction, completeLearningAction, escalate, extend, acknowledge, referToOmbudsman, respond, submitComplaint, type ComplaintInput } from './complaints.ts'
import { listMessagesToSend, markMessageDone } from './messages.ts'
import { complaintCases, getComplaint, getContactDetails, listComplaints } from './queries.ts'
import { seedPublishedCharter } from './seed.test-support.ts'

const actor = (role: Actor['role'], name: string): Actor => ({ userId: newId(), role, displayName: name })
const HANDLER = actor('complaints_handler', 'Hana Handler')
const ANALYST = actor('analyst', 'Ann Analyst')
const SCRUTINY = actor('scrutiny_body', 'Commission')

// Wednesday 23 December 2026, 10:00 in London.
let clock = new Date('2026-12-23T10:00:00.000Z')
const setDay = (iso: string) => {
  clock = new Date(`${iso}T10:00:00.000Z`)
}
const sent: OutgoingMessage[] = []

function depsOf(database: TestDatabase): AppDeps {
  return { config: database.config, db: database.db, dialect: database.dialect, clock: { now: () => new Date(clock) }, mailer: { send: async m => void sent.push(m), close: () => {} }, logger: createLogger('silent') }
}

const complaint = (over: Partial<ComplaintInput> = {}): ComplaintInput => ({
  name: 'Morag Complainer',
  email: 'morag@example.com',
  phone: '',
  address: '',
  preferredChannel: 'email',
  preferredFormat: 'standard',
  commitments: ['c-phone'],
  whatHappened: 'Nobody answered the phone for an hour.',
  whatWanted: 'An apology.',
  ...over,
})

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: complaints`, () => {
    let d: TestDatabase
    let deps: AppDeps

    before(async () => {
      d = await createTestDatabase(dialect)
      deps = depsOf(d)
      await seedPublishedCharter(d.db)
    })
    after(() => d?.close())

    it('takes a complaint from anyone, says what to fix, and gives a reference and a due date across Christmas', async () => {
      setDay('2026-12-23')
      await assert.rejects(submitComplaint(deps, PUBLIC_ACTOR, complaint({ name: ' ', commitments: [], whatHappened: '', preferredChannel: 'email', email: '' })), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['commitments', 'whatHappened', 'name', 'email'])
        return true
      })
      await assert.rejects(submitComplaint(deps, PUBLIC_ACTOR, complaint({ commitments: ['c-nope'] })), problem('commitments', /not in the charter/))
      await assert.rejects(submitComplaint(deps, PUBLIC_ACTOR, complaint({ preferredChannel: 'letter', address: '' })), problem('address', /postal address/))
      sent.length = 0
      const c = await submitComplaint(deps, PUBLIC_ACTOR, complaint())
      assert.equal(c.reference, 'C-2026-000001')
      // Holidays 25, 28 December and 1, 4 January: 5 working days after Wednesday 23 December is Tuesday 5 January.
      assert.equal(c.respondBy, '2027-01-05')
      assert.equal(sent.length, 1)
      assert.equal(sent[0]!.to, 'morag@example.com')
      assert.match(sent[0]!.text, /C-2026-000001/)
      const second = await submitComplaint(deps, PUBLIC_ACTOR, complaint({ commitments: ['not_sure'], preferredChannel: 'letter', address: '1 High Street\nEdinburgh' }))
      assert.equal(second.reference, 'C-2026-000002')
      const waiting = await listMessagesToSend(deps, HANDLER)
      assert.deepEqual(waiting.map(m => [m.reference, m.channel, m.kind]), [['C-2026-000002', 'letter', 'received']])
    })

    it('lets only the complaints handler enter complaints for someone, with the date received', async () => {
      setDay('2027-01-06')
      await assert.rejects(submitComplaint(deps, ANALYST, complaint({ channel: 'phone' })), hasCode('FORBIDDEN'))
      await assert.rejects(submitComplaint(deps, HANDLER, complaint({ channel: 'fax' })), problem('channel', /how the complaint was made/))
      await assert.rejects(submitComplaint(deps, HANDLER, complaint({ channel: 'phone', receivedOn: '2027-02-01' })), problem('receivedOn-day', /today or in the past/))
      const c = await submitComplaint(deps, HANDLER, complaint({ channel: 'letter', receivedOn: '2027-01-04', preferredChannel: 'phone', phone: '0131 496 0000', email: '' }))
      assert.equal(c.reference, 'C-2027-000001')
      assert.equal(c.respondBy, '2027-01-11') // Monday 4 January 2027 is a holiday in Scotland
      const detail = await getComplaint(deps, HANDLER, c.id)
      assert.equal(detail.row.channel, 'letter')
      assert.equal(detail.row.entered_by_user_id, HANDLER.userId)
    })

    it('extends stage 1 once only, within 10 working days, with a reason', async () => {
      setDay('2026-12-23')
      const { id } = await submitComplaint(deps, PUBLIC_ACTOR, complaint())
      await assert.rejects(extend(deps, ANALYST, id, { newDate: '2027-01-08', reason: 'x' }), hasCode('FORBIDDEN'))
      await assert.rejects(extend(deps, HANDLER, id, { newDate: '2027-01-08', reason: '' }), problem('extensionReason', /reason/))
      await assert.rejects(extend(deps, HANDLER, id, { newDate: '2027-01-13', reason: 'Waiting for records' }), problem('extendedTo-day', /no later than 2027-01-12/))
      await extend(deps, HANDLER, id, { newDate: '2027-01-12', reason: 'Waiting for records' })
      await assert.rejects(extend(deps, HANDLER, id, { newDate: '2027-01-12', reason: 'Again' }), problem('extendedTo-day', /only once/))
      const c = await getComplaint(deps, HANDLER, id)
      assert.equal(c.deadlines.respondBy, '2027-01-12')
      setDay('2027-01-13')
      assert.ok((await listComplaints(deps, HANDLER, { overdue: true })).some(x => x.id === id), 'overdue after the extended date')
    })

    it('takes a complaint to stage 2 only after stage 1, through to the ombudsman, with outcomes and messages', async () => {
      setDay('2027-03-01')
      const { id } = await submitComplaint(deps, PUBLIC_ACTOR, complaint({ commitments: ['c-decide'] }))
      await assert.rejects(escalate(deps, HANDLER, id, { reason: 'Not happy' }), hasCode('INVALID_STATE'))
      await assert.rejects(respond(deps, HANDLER, id, { outcome: 'maybe', response: '' }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['outcome', 'response'])
        return true
      })
      sent.length = 0
      await respond(deps, HANDLER, id, { outcome: 'not_upheld', response: 'We explained the decision in our letter.' })
      assert.match(sent.at(-1)!.text, /look at your complaint again \(stage 2\)/)
      await assert.rejects(respond(deps, HANDLER, id, { outcome: 'upheld', response: 'again' }), hasCode('INVALID_STATE'))
      await assert.rejects(escalate(deps, HANDLER, id, { reason: '' }), problem('escalationReason', /not satisfied/))
      setDay('2027-03-03')
      await escalate(deps, HANDLER, id, { reason: 'The letter did not explain it' })
      let c = await getComplaint(deps, HANDLER, id)
      assert.equal(c.stage, 2)
      assert.equal(c.deadlines.acknowledgeBy, '2027-03-08')
      // 20 working days, skipping Good Friday (26 March 2027).
      assert.equal(c.deadlines.respondBy, '2027-04-01')
      await assert.rejects(escalate(deps, HANDLER, id, { reason: 'again' }), hasCode('INVALID_STATE'))
      await assert.rejects(referToOmbudsman(deps, HANDLER, id, { referredOn: '2027-03-03', ombudsmanReference: '' }), hasCode('INVALID_STATE'))
      await acknowledge(deps, HANDLER, id)
      await assert.rejects(acknowledge(deps, HANDLER, id), hasCode('INVALID_STATE'))
      // Stage 2 may be extended more than once.
      await extend(deps, HANDLER, id, { newDate: '2027-04-07', reason: 'Interviews with staff' })
      await extend(deps, HANDLER, id, { newDate: '2027-04-14', reason: 'One more interview' })
      setDay('2027-04-13')
      await respond(deps, HANDLER, id, { outcome: 'partly_upheld', response: 'We should have explained better.' })
      assert.match(sent.at(-1)!.text, /Scottish Public Services Ombudsman/)
      await assert.rejects(referToOmbudsman(deps, HANDLER, id, { referredOn: '2027-04-01', ombudsmanReference: '' }), problem('referredOn-day', /on or after/))
      setDay('2027-05-02')
      await referToOmbudsman(deps, HANDLER, id, { referredOn: '2027-05-01', ombudsmanReference: 'SPSO-123' })
      c = await getComplaint(deps, HANDLER, id)
      assert.equal(c.status, 'referred')
      assert.equal(c.row.stage1_outcome, 'not_upheld')
      assert.equal(c.row.stage2_outcome, 'partly_upheld')
      // Several steps happen in the same millisecond here, so compare the messages as a set.
      assert.deepEqual(c.messages.map(m => m.kind).sort(), ['acknowledged', 'escalated', 'extended', 'extended', 'received', 'responded', 'responded'])
      assert.ok(c.messages.every(m => m.status === 'sent'))
      assert.ok(c.timeline.length >= 8)
      await sealAuditEvents(d)
      const events = await d.db.selectFrom('audit_event').select(['action']).where('subject_id', '=', id).orderBy('seq').execute()
      const actions = events.map(e => e.action)
      for (const a of ['redress.complaint_received', 'redress.responded', 'redress.escalated', 'redress.acknowledged', 'redress.extended', 'redress.referred_to_ombudsman', 'redress.message_sent']) assert.ok(actions.includes(a), a)
      const cases = await complaintCases(deps, SCRUTINY)
      const kc = cases.find(k => k.id === id)!
      assert.equal(kc.escalatedOn, '2027-03-03')
      assert.equal(kc.stage2Extended, true)
      await assert.rejects(complaintCases(deps, ANALYST), hasCode('FORBIDDEN'))
    })

    it('records learning actions linked to commitments', async () => {
      setDay('2027-06-01')
      const { id } = await submitComplaint(deps, PUBLIC_ACTOR, complaint())
      await assert.rejects(addLearningAction(deps, ANALYST, id, { action: 'x', owner: 'y', dueOn: '2027-07-01', commitmentKey: '' }), hasCode('FORBIDDEN'))
      await assert.rejects(addLearningAction(deps, HANDLER, id, { action: '', owner: '', dueOn: 'not-a-date', commitmentKey: 'c-nope' }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['learningAction', 'owner', 'dueOn-day', 'commitmentKey'])
        return true
      })
      const l = await addLearningAction(deps, HANDLER, id, { action: 'Add staff to the phone line at lunchtime', owner: 'Contact centre manager', dueOn: '2027-07-01', commitmentKey: 'c-phone' })
      await completeLearningAction(deps, HANDLER, id, l.id)
      await assert.rejects(completeLearningAction(deps, HANDLER, id, l.id), hasCode('INVALID_STATE'))
      const c = await getComplaint(deps, HANDLER, id)
      assert.deepEqual(c.learning.map(x => [x.commitment_key, x.done_on]), [['c-phone', '2027-06-01']])
      assert.ok((await listComplaints(deps, HANDLER, { commitment: 'c-phone' })).some(x => x.id === id))
      assert.ok(!(await listComplaints(deps, HANDLER, { commitment: 'c-decide' })).some(x => x.id === id))
    })

    it('keeps contact details encrypted at rest, shown only to the complaints handler, every read audited', async () => {
      setDay('2027-06-02')
      const { id } = await submitComplaint(deps, PUBLIC_ACTOR, complaint({ name: 'Isla Private', email: 'isla@example.com', phone: '07700 900 982', address: '2 Low Road' }))
      const raw = await d.db.selectFrom('redress_contact' as never).selectAll().where('complaint_id' as never, '=', id as never).executeTakeFirstOrThrow()
      const rawText = JSON.stringify(raw)
      for (const secret of ['Isla', 'isla@example.com', '07700', 'Low Road']) assert.ok(!rawText.includes(secret), `the stored row holds ${secret}`)
      const complaintRow = JSON.stringify(await d.db.selectFrom('redress_complaint' as never).selectAll().where('id' as never, '=', id as never).executeTakeFirstOrThrow())
      assert.ok(!complaintRow.includes('Isla') && !complaintRow.includes('isla@'))
      for (const who of [ANALYST, SCRUTINY, PUBLIC_ACTOR]) await assert.rejects(getContactDetails(deps, who, id), hasCode('FORBIDDEN'))
      const details = await getContactDetails(deps, HANDLER, id)
      assert.deepEqual(details, { name: 'Isla Private', email: 'isla@example.com', phone: '07700 900 982', address: '2 Low Road', preferredChannel: 'email', preferredFormat: 'standard' })
      await sealAuditEvents(d)
      const events = await d.db.selectFrom('audit_event').select(['action', 'summary']).where('subject_id', '=', id).orderBy('seq').execute()
      assert.equal(events.filter(e => e.action === 'redress.contact_viewed').length, 1)
      assert.equal(events.filter(e => e.action === 'redress.contact_view_refused').length, 3)
      assert.ok(!JSON.stringify(events).includes('Isla'), 'no personal details in the audit trail')
    })

    it('gives complaints received at the same moment different references', async () => {
      setDay('2028-01-10')
      const refs = await Promise.all([1, 2, 3].map(() => submitComplaint(deps, PUBLIC_ACTOR, complaint()).then(c => c.reference)))
      assert.deepEqual(refs.sort(), ['C-2028-000001', 'C-2028-000002', 'C-2028-000003'])
    })

    it('lists letters and calls for staff, and marks them done once', async () => {
      setDay('2027-06-03')
      const { id } = await submitComplaint(deps, PUBLIC_ACTOR, complaint({ preferredChannel: 'phone', phone: '0131 496 0001', email: '' }))
      const m = (await listMessagesToSend(deps, HANDLER)).find(x => x.complaintId === id)!
      assert.equal(m.channel, 'phone')
      await assert.rejects(listMessagesToSend(deps, ANALYST), hasCode('FORBIDDEN'))
      await markMessageDone(deps, HANDLER, m.id)
      await assert.rejects(markMessageDone(deps, HANDLER, m.id), hasCode('INVALID_STATE'))
      assert.ok(!(await listMessagesToSend(deps, HANDLER)).some(x => x.id === m.id))
    })
  })
}
