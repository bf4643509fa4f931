// Expense claims: amounts in pence, the rules all at once, claimed -> approved/rejected (with a reason) -> paid in
// one audited batch, and the payment CSV (pseudonym and claim id; formulas neutralised). Every dialect in TEST_DIALECTS.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { addSession, createActivity } from './activities.ts'
import { claimExpense, decideExpense, expenseProblems, formatPence, getExpenses, getPayableExpenses, getPaymentBatch, parsePounds, payApprovedExpenses, paymentCsv, type ExpenseInput } from './expenses.ts'
import { panelMember, SYSTEM } from './survey-fixtures.test-support.ts'

const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const fields = (expected: string[]) => (err: unknown) => {
  assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED', String(err))
  assert.deepEqual(err.fieldErrors.map(e => e.field), expected)
  return true
}

describe('expense rules', () => {
  it('reads amounts in pounds and pence', () => {
    assert.equal(parsePounds('12.50'), 1250)
    assert.equal(parsePounds('£1,200'), 120_000)
    assert.equal(parsePounds('7.5'), 750)
    assert.equal(parsePounds('12.345'), null)
    assert.equal(parsePounds('twelve'), null)
    assert.equal(formatPence(120_050), '£1,200.50')
  })
  it('finds every problem at once, in the form order', () => {
    const input: ExpenseInput = { pseudonym: '', kind: 'other', amount: '2000', hasReceipt: null, note: '' }
    assert.deepEqual(expenseProblems(input).map(p => p.field), ['pseudonym', 'amount', 'hasReceipt', 'note'])
    assert.match(expenseProblems({ ...input, amount: '0' }).find(p => p.field === 'amount')!.message, /more than £0/)
  })
  it('writes a CSV a spreadsheet cannot run as formulas', () => {
    const csv = paymentCsv([{ id: 'c1', pseudonym: 'P-AAAAAA', activityTitle: '=HYPERLINK("x")', sessionStartsAt: '2027-03-01T10:00:00.000Z', kindLabel: 'Travel', amountPence: 1250, hasReceipt: true, decidedAt: 'd', paidAt: 'p' } as never])
    assert.equal(csv.split('\r\n')[1], `c1,P-AAAAAA,"'=HYPERLINK(""x"")",2027-03-01,Travel,12.50,yes,d,p`)
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`expenses (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let sessionId = ''
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: { now: () => new Date() }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      const { id: activityId } = await createActivity(deps, SYSTEM, {
        roundId: null, kind: 'workshop', title: 'Workshop', purpose: 'To hear', audience: 'whole_panel', audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
      sessionId = (await addSession(deps, SYSTEM, activityId, { mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport', address: '', joiningDetails: '', capacity: 10, accessibility: '' })).id
    })
    after(() => database.close())

    it('claims, decides and pays, each audited, only along the allowed moves', async () => {
      const p = await panelMember(deps)
      await assert.rejects(claimExpense(deps, ANALYST, sessionId, { pseudonym: 'P-ZZZZZZ', kind: 'travel', amount: 'x', hasReceipt: true, note: '' }), fields(['pseudonym', 'amount']))
      const a = await claimExpense(deps, ANALYST, sessionId, { pseudonym: p.pseudonym, kind: 'travel', amount: '12.50', hasReceipt: true, note: '' })
      const b = await claimExpense(deps, ANALYST, sessionId, { pseudonym: p.pseudonym, kind: 'care', amount: '40', hasReceipt: false, note: '' })
      assert.deepEqual((await getExpenses(deps, ANALYST, sessionId)).map(e => [e.amountPence, e.hasReceipt, e.status]), [[1250, true, 'claimed'], [4000, false, 'claimed']])

      await assert.rejects(decideExpense(deps, ANALYST, a.id, { decision: 'approve', reason: '' }), hasCode('FORBIDDEN'))
      await assert.rejects(decideExpense(deps, MANAGER, b.id, { decision: 'reject', reason: ' ' }), fields(['reason']))
      await decideExpense(deps, MANAGER, b.id, { decision: 'reject', reason: 'No care was needed' })
      await decideExpense(deps, MANAGER, a.id, { decision: 'approve', reason: '' })
      await assert.rejects(decideExpense(deps, MANAGER, a.id, { decision: 'reject', reason: 'Changed my mind' }), hasCode('INVALID_STATE'))

      assert.deepEqual((await getPayableExpenses(deps, MANAGER)).map(e => e.id), [a.id])
      assert.equal(await payApprovedExpenses(deps, MANAGER, [b.id]), null, 'a rejected claim is never paid')
      const batch = await payApprovedExpenses(deps, MANAGER, [a.id, a.id])
      assert.equal(batch?.count, 1)
      const paid = await getPaymentBatch(deps, MANAGER, batch!.batchId)
      assert.deepEqual(paid.map(e => [e.id, e.status, e.pseudonym]), [[a.id, 'paid', p.pseudonym]])
      assert.deepEqual((await getPayableExpenses(deps, MANAGER)).length, 0)
      assert.equal(await payApprovedExpenses(deps, MANAGER, [a.id]), null, 'paid once only')
      await assert.rejects(getPaymentBatch(deps, MANAGER, newId()), hasCode('NOT_FOUND'))

      const actions = await database.db.selectFrom('audit_event').select(['action', 'subject_id']).where('action', 'like', 'engagement.expense%').orderBy('seq').execute()
      assert.deepEqual(actions.map(x => x.action), ['engagement.expense_claimed', 'engagement.expense_claimed', 'engagement.expense_rejected', 'engagement.expense_approved', 'engagement.expenses_paid'])
    })
  })
}
