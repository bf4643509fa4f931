// The workflow pages with the whole app, without JavaScript: who sees the workflow page; moving on, with refusals in
// the GOV.UK error pattern (what was typed kept); sending back to drafting with a reason; the approver's page with the
// full text and its fingerprint, its errors (missing fields, a future date, a half-typed date) and the approval; and
// publishing with the review date.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import type { Actor } from '../../../../../platform/auth/actor.ts'
import { newId } from '../../../../../platform/ids.ts'
import type { CharterDraftingTables, ReviewAudience } from '../../../data/charter.table.ts'
import { findWorkflow } from '../../../data/workflow.repository.ts'
import { canonicalJson, contentHash, type CharterContent } from '../../../domain/versions/content.ts'
import { moveWorkflowForward } from '../../../domain/workflow/workflow.ts'

type Tables = { [K in keyof CharterDraftingTables]: CharterDraftingTables[K] }

const CONTENT: CharterContent = {
  title: 'Our social security charter',
  introduction: 'What you can expect from us.',
  sections: [
    {
      key: 'respect',
      title: 'Treating you with respect',
      introduction: '',
      commitments: [{ key: 'kind', text: 'We will treat you with kindness and respect', principleKeys: [] }],
      asks: [{ key: 'tell-us', text: 'Tell us if your circumstances change' }],
    },
  ],
}

describe('the charter workflow pages', () => {
  let t: TestApp
  let policy: Agent
  let approver: Agent
  let core: Agent
  let stakeholder: Agent
  let versionId = ''
  const hash = contentHash(CONTENT)

  const db = () => t.database.db.withTables<Tables>()

  async function addRound(audiences: ReviewAudience[]) {
    const id = newId()
    const now = new Date().toISOString()
    await db()
      .insertInto('charter_review_round')
      .values({ id, version_id: versionId, title: `Review by ${audiences.join(', ')}`, request: 'Read it', closes_on: '2027-01-31', status: 'closed', stage: null, created_by_user_id: null, created_at: now, closed_by_user_id: null, closed_at: now })
      .execute()
    for (const audience of audiences) await db().insertInto('charter_review_audience').values({ round_id: id, audience }).execute()
  }

  before(async () => {
    t = await createTestApp()
    policy = await t.signInAs('policy_official')
    approver = await t.signInAs('approver')
    core = await t.signInAs('core_group_member')
    stakeholder = await t.signInAs('stakeholder')
    versionId = newId()
    await db()
      .insertInto('charter_version')
      .values({ id: versionId, number: 1, content_json: canonicalJson(CONTENT), content_hash: hash, note: 'First full draft', created_by_user_id: null, created_at: '2026-01-05T10:00:00.000Z' })
      .execute()
  })
  after(() => t.close())

  it('shows the Core Group where the charter is, without the forms; stakeholders cannot see it', async () => {
    const res = await core.get('/charter/workflow')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<strong>Drafting \(the charter is here\)<\/strong>/)
    assert.match(res.body, /Next stage: <strong>Core Group review<\/strong>. A policy official takes this step./)
    assert.doesNotMatch(res.body, /action="\/charter\/workflow\/forward"/)
    assert.match(res.body, /href="\/charter\/workflow"/, 'the navigation has "Charter workflow"')
    assert.equal((await stakeholder.get('/charter/workflow')).statusCode, 403)
    assert.equal((await stakeholder.post('/charter/workflow/forward', { to: 'core_group_review' })).statusCode, 403)
    assert.equal((await core.post('/charter/workflow/forward', { to: 'core_group_review' })).statusCode, 403)
    assert.equal((await stakeholder.get('/charter/approval')).statusCode, 403)
  })

  it('refuses a skipped stage and a move without its review round, keeping the note typed', async () => {
    expectFormErrors(await policy.post('/charter/workflow/forward', { to: 'advice', note: '' }), 'Charter workflow', [['forward', /must go through “Core Group review” before/]])
    const page = await policy.get('/charter/workflow')
    assert.match(page.body, /Version 1 \(the latest\)/)
    const moved = await policy.post('/charter/workflow/forward', { to: 'core_group_review', versionId, note: 'First look' })
    assert.equal(moved.statusCode, 303)
    const res = await policy.post('/charter/workflow/forward', { to: 'stakeholder_sense_check', note: 'Ready for stakeholders' })
    expectFormErrors(res, 'Charter workflow', [['forward', /Close a review round for the Core Group on version 1/]])
    assert.equal(textareaValue(res.body, 'note'), 'Ready for stakeholders')
    const rows = tableRows(res.body, 'history')
    assert.equal(rows.length, 1)
    assert.equal(rows[0]![1], 'Drafting to Core Group review')
    assert.equal(rows[0]![2], '1')
    assert.match(rows[0]![3]!, /Policy official/)
    assert.equal(rows[0]![4], 'First look')
  })

  it('sends the charter back to drafting only with a reason', async () => {
    expectFormErrors(await policy.post('/charter/workflow/back-to-draft', { reason: ' ' }), 'Charter workflow', [['reason', 'Enter why the charter is going back to drafting']])
    expectFormErrors(await policy.post('/charter/workflow/version', {}), 'Charter workflow', [['newVersionId', 'Choose the newer version to review']])
    const res = await policy.post('/charter/workflow/back-to-draft', { reason: 'The Core Group asked for a new section' })
    assert.equal(res.statusCode, 303)
    assert.equal((await findWorkflow(t.database.db))?.stage, 'draft')
    expectFormErrors(await policy.post('/charter/workflow/back-to-draft', { reason: 'Again' }), 'Charter workflow', [['reason', 'The charter is already being drafted']])
  })

  it('lets the approver read the submitted version and record its approval, with errors that say what to fix', async () => {
    expectFormErrors(await approver.post('/charter/approval', {}), 'Record the approval of the charter', [['approval', /no version submitted/]])
    const none = await approver.get('/charter/approval')
    assert.match(none.body, /No version is waiting for approval/)

    const official: Actor = { userId: null, role: 'policy_official', displayName: 'Official' }
    await addRound(['core_group'])
    await addRound(['stakeholders', 'ombudsman', 'staff'])
    for (const to of ['core_group_review', 'stakeholder_sense_check', 'advice', 'core_group_sign_off']) await moveWorkflowForward(t.deps, official, { to })
    const wf = await findWorkflow(t.database.db)
    const signOff = await policy.get('/charter/workflow')
    assert.match(signOff.body, new RegExp(`href="/decisions/${wf!.decision_id}"`))
    assert.match(signOff.body, /not decided yet/)
    await sql`update decision_proposal set status = 'decided', result = 'adopted', decided_at = ${new Date().toISOString()} where id = ${wf!.decision_id}`.execute(t.database.db)
    assert.equal((await policy.post('/charter/workflow/forward', { to: 'submitted' })).statusCode, 303)

    const page = await approver.get('/charter/approval')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Record the approval of charter version 1/)
    assert.ok(page.body.includes(hash), 'the fingerprint is shown')
    assert.match(page.body, /We will treat you with kindness and respect/)
    assert.match(page.body, /Tell us if your circumstances change/)

    expectFormErrors(await approver.post('/charter/approval', { contentHash: hash }), 'Record the approval of the charter', [
      ['body', 'Enter the name of the body that approved the charter'],
      ['approvedOn-day', 'Enter the date it was approved'],
      ['confirmed', 'Confirm that the approving body approved this exact version'],
    ])
    const half = await approver.post('/charter/approval', { contentHash: hash, body: 'The Scottish Parliament', 'approvedOn-month': '3', 'approvedOn-year': '2026', reference: 'S6M-1' })
    expectFormErrors(half, 'Record the approval of the charter', [
      ['approvedOn-day', 'The date it was approved must include a day'],
      ['confirmed', 'Confirm that The Scottish Parliament approved this exact version'],
    ])
    assert.equal(inputValue(half.body, 'body'), 'The Scottish Parliament')
    assert.equal(inputValue(half.body, 'approvedOn-month'), '3')
    assert.equal(inputValue(half.body, 'reference'), 'S6M-1')
    assert.match(half.body, /I confirm The Scottish Parliament approved this exact version \(version 1\)/)
    const nextYear = String(new Date().getUTCFullYear() + 1)
    expectFormErrors(
      await approver.post('/charter/approval', { contentHash: hash, body: 'The Scottish Parliament', 'approvedOn-day': '1', 'approvedOn-month': '3', 'approvedOn-year': nextYear, confirmed: 'yes' }),
      'Record the approval of the charter',
      [['approvedOn-day', 'The date it was approved must be today or in the past']],
    )
    const ok = await approver.post('/charter/approval', { contentHash: hash, body: 'The Scottish Parliament', 'approvedOn-day': '29', 'approvedOn-month': '2', 'approvedOn-year': '2028', confirmed: 'yes', reference: 'S6M-1' })
    // 29 February 2028 may be in the future when this runs: then the page says so; otherwise it is recorded.
    if (new Date().toISOString().slice(0, 10) < '2028-02-29') {
      expectFormErrors(ok, 'Record the approval of the charter', [['approvedOn-day', 'The date it was approved must be today or in the past']])
      const recorded = await approver.post('/charter/approval', { contentHash: hash, body: 'The Scottish Parliament', 'approvedOn-day': '12', 'approvedOn-month': '1', 'approvedOn-year': '2026', confirmed: 'yes', reference: 'S6M-1' })
      assert.equal(recorded.statusCode, 303)
    } else {
      assert.equal(ok.statusCode, 303)
    }
    assert.equal((await findWorkflow(t.database.db))?.stage, 'approved')
  })

  it('publishes the approved version with its review due five years after approval', async () => {
    const approval = await db().selectFrom('charter_approval').selectAll().executeTakeFirstOrThrow()
    const page = await policy.get('/charter/workflow/publish')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Publish charter version 1/)
    const dueYear = String(Number(approval.approved_on.slice(0, 4)) + 5)
    assert.match(page.body, new RegExp(`Review due by[\\s\\S]*?${dueYear}`))
    assert.equal((await approver.post('/charter/workflow/publish', {})).statusCode, 403)
    const res = await policy.post('/charter/workflow/publish', {})
    assert.equal(res.statusCode, 303)
    const after = await policy.get('/charter/workflow')
    assert.match(after.body, /The charter is published/)
    assert.match(after.body, /<strong>Published \(the charter is here\)<\/strong>/)
    assert.equal(tableRows(after.body, 'history')[0]![1], 'Approved to Published')
    expectFormErrors(await policy.post('/charter/workflow/publish', {}), 'Publish the charter', [['publish', /Only an approved version can be published/]])
  })
})
