// The workflow's state machine, pure: the order of stages, one step forward at a time, back to drafting before
// approval (or to start the next edition), the gates in plain English, and review dates five years on.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReviewAudience } from '../../data/charter.table.ts'
import {
  audiencesNeededFor,
  fiveYearsOn,
  forwardMoveProblem,
  gateProblem,
  isRealIsoDate,
  mayReturnToDraft,
  maySwitchVersion,
  nextStage,
  ownerOfMoveTo,
  STAGES,
  ukDate,
  type GateFacts,
} from './stages.ts'

const facts = (audiences: ReviewAudience[], decisions: GateFacts['signOff']['decisionsForVersion'] = [], versionNumber: number | null = 3): GateFacts => ({
  versionNumber,
  reviewedAudiences: new Set(audiences),
  signOff: { decisionsForVersion: decisions },
})

describe('the charter workflow state machine', () => {
  it('has the stages in order and moves one step forward at a time', () => {
    assert.deepEqual(STAGES, ['draft', 'core_group_review', 'stakeholder_sense_check', 'advice', 'core_group_sign_off', 'submitted', 'approved', 'published'])
    for (let i = 0; i < STAGES.length - 1; i++) {
      assert.equal(nextStage(STAGES[i]!), STAGES[i + 1])
      assert.equal(forwardMoveProblem(STAGES[i]!, STAGES[i + 1]!), null)
    }
    assert.equal(nextStage('published'), null)
    assert.match(forwardMoveProblem('draft', 'advice') ?? '', /must go through “Core Group review” before “Advice from the ombudsman and staff”/)
    assert.match(forwardMoveProblem('advice', 'stakeholder_sense_check') ?? '', /can only go back to drafting/)
    assert.match(forwardMoveProblem('advice', 'advice') ?? '', /already at/)
    assert.match(forwardMoveProblem('published', 'draft') ?? '', /start the next edition/)
  })

  it('goes back to drafting from any stage before approval, and from published for the next edition', () => {
    assert.deepEqual(STAGES.filter(mayReturnToDraft), ['core_group_review', 'stakeholder_sense_check', 'advice', 'core_group_sign_off', 'submitted', 'published'])
    assert.deepEqual(STAGES.filter(maySwitchVersion), ['core_group_review', 'stakeholder_sense_check', 'advice'])
  })

  it('leaves approval to the approver and every other step to a policy official', () => {
    assert.equal(ownerOfMoveTo('approved').permission, 'charter:approve')
    for (const s of STAGES.filter(s => s !== 'approved')) assert.equal(ownerOfMoveTo(s).permission, 'charter:manage_workflow')
  })

  it('needs the closed review rounds of each audience, in one round or several', () => {
    assert.deepEqual(audiencesNeededFor('stakeholder_sense_check'), ['core_group'])
    assert.deepEqual(audiencesNeededFor('advice'), ['stakeholders'])
    assert.deepEqual(audiencesNeededFor('core_group_sign_off'), ['ombudsman', 'staff'])
    assert.equal(gateProblem('stakeholder_sense_check', facts(['core_group'])), null)
    assert.match(gateProblem('stakeholder_sense_check', facts(['stakeholders'])) ?? '', /Close a review round for the Core Group on version 3 or an earlier version/)
    assert.match(gateProblem('core_group_sign_off', facts(['ombudsman'])) ?? '', /for service staff/)
    assert.match(gateProblem('core_group_sign_off', facts([])) ?? '', /for the ombudsman and service staff/)
    assert.equal(gateProblem('core_group_sign_off', facts(['ombudsman', 'staff'])), null)
    assert.match(gateProblem('core_group_review', facts([], [], null)) ?? '', /no version/)
  })

  it('submits only with an adopted sign-off decision for the version', () => {
    assert.match(gateProblem('submitted', facts([])) ?? '', /has not signed off version 3/)
    assert.match(gateProblem('submitted', facts([], [{ id: 'a', outcome: null }])) ?? '', /has not signed off/)
    assert.match(gateProblem('submitted', facts([], [{ id: 'a', outcome: 'not_adopted' }, { id: 'b', outcome: 'no_quorum' }])) ?? '', /has not signed off/)
    assert.equal(gateProblem('submitted', facts([], [{ id: 'a', outcome: 'not_adopted' }, { id: 'b', outcome: 'adopted' }])), null)
  })

  it('puts the review five years on, and 29 February on 28 February in a common year', () => {
    assert.equal(fiveYearsOn('2027-06-14'), '2032-06-14')
    assert.equal(fiveYearsOn('2028-02-29'), '2033-02-28')
    assert.equal(fiveYearsOn('2032-02-29'), '2037-02-28')
    assert.equal(fiveYearsOn('2035-02-28'), '2040-02-28')
    assert.equal(fiveYearsOn('2027-12-31'), '2032-12-31')
  })

  it('reads real dates and today in the UK', () => {
    assert.equal(isRealIsoDate('2028-02-29'), true)
    assert.equal(isRealIsoDate('2027-02-29'), false)
    assert.equal(isRealIsoDate('27-02-2027'), false)
    // 23:30 UTC on 30 June is already 1 July in London (summer time).
    assert.equal(ukDate(new Date('2027-06-30T23:30:00Z')), '2027-07-01')
    assert.equal(ukDate(new Date('2027-12-31T23:30:00Z')), '2027-12-31')
  })
})
