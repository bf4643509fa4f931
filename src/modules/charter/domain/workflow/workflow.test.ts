// The charter workflow end to end on every dialect in TEST_DIALECTS: every stage in turn, with the refusals (a skipped
// stage, a move without the closed review round, submitting without an adopted sign-off or with one for another
// version, stakeholders, advisors and Core Group members trying to move or approve, a tampered version, a future
// approval date), publication with its review due five years on (29 February included), and the next edition.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { rejectedWith as refused, fieldProblem } from '../../../../../test/support/app-errors.ts'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { sealAuditEvents } from '../../../../platform/audit/audit.ts'
import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { newId } from '../../../../platform/ids.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { findDecisionsForSubject, raiseProposal } from '../../../decisions/index.ts'
import type { CharterDraftingTables, ReviewAudience } from '../../data/charter.table.ts'
import { findWorkflow, listWorkflowSteps } from '../../data/workflow.repository.ts'
import { canonicalJson, contentHash, type CharterContent } from '../versions/content.ts'
import { getCurrentPublished, getPublishedVersions } from './published.ts'
import {
  approveVersion,
  getApprovalPage,
  getWorkflowOverview,
  moveWorkflowForward,
  publishCharter,
  returnWorkflowToDraft,
  switchWorkflowVersion,
  type ApproveVersionInput,
} from './workflow.ts'

const POLICY: Actor = { userId: newId(), role: 'policy_official', displayName: 'Policy official' }
const APPROVER: Actor = { userId: newId(), role: 'approver', displayName: 'Approver' }
const STAKEHOLDER: Actor = { userId: newId(), role: 'stakeholder', displayName: 'Stakeholder' }
const ADVISOR: Actor = { userId: newId(), role: 'advisor', displayName: 'Ombudsman' }
const CORE: Actor = { userId: newId(), role: 'core_group_member', displayName: 'Core member' }

let clock = new Date('2027-01-10T10:00:00.000Z')
const setClock = (iso: string) => {
  clock = new Date(iso)
}

function depsOf(database: TestDatabase): AppDeps {
  return { config: database.config, db: database.db, dialect: database.dialect, clock: { now: () => new Date(clock) }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
}

type Tables = { [K in keyof CharterDraftingTables]: CharterDraftingTables[K] }

function contentOf(n: number): CharterContent {
  return {
    title: 'Our social security charter',
    introduction: `Edition text ${n}`,
    sections: [{ key: 'respect', title: 'Respect', introduction: '', commitments: [{ key: 'kind', text: `We will treat you with kindness (${n})`, principleKeys: [] }], asks: [] }],
  }
}

let nextNumber = 1
/** A version as the drafting slice makes one; `tampered` stores content that no longer matches its hash. */
async function addVersion(db: TestDatabase['db'], opts: { tampered?: boolean; createdAt?: string } = {}): Promise<{ id: string; number: number; hash: string }> {
  const number = nextNumber++
  const content = contentOf(number)
  const hash = contentHash(content)
  const id = newId()
  const stored = opts.tampered ? canonicalJson({ ...content, introduction: 'Quietly changed after it was made' }) : canonicalJson(content)
  await db
    .withTables<Tables>()
    .insertInto('charter_version')
    .values({ id, number, content_json: stored, content_hash: hash, note: `Version ${number}`, created_by_user_id: null, created_at: opts.createdAt ?? clock.toISOString() })
    .execute()
  return { id, number, hash }
}

/** A review round as the review slice makes one. */
async function addRound(db: TestDatabase['db'], versionId: string, audiences: ReviewAudience[], status: 'open' | 'closed' = 'closed'): Promise<string> {
  const id = newId()
  const now = clock.toISOString()
  await db
    .withTables<Tables>()
    .insertInto('charter_review_round')
    .values({
      id, version_id: versionId, title: `Round for ${audiences.join(' and ')}`, request: 'Please read it', closes_on: '2027-12-31', status, stage: null,
      created_by_user_id: null, created_at: now, closed_by_user_id: status === 'closed' ? POLICY.userId : null, closed_at: status === 'closed' ? now : null,
    })
    .execute()
  for (const audience of audiences) await db.withTables<Tables>().insertInto('charter_review_audience').values({ round_id: id, audience }).execute()
  return id
}

/**
 * The Core Group's vote happens in the decisions module (its own tests cover voting); here the proposal is marked
 * decided with a result, as closing the vote records it.
 */
async function decide(db: TestDatabase['db'], decisionId: string, result: 'adopted' | 'not_adopted'): Promise<void> {
  await sql`update decision_proposal set status = 'decided', result = ${result}, decided_at = ${clock.toISOString()} where id = ${decisionId}`.execute(db)
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the charter workflow`, () => {
    let d: TestDatabase
    let deps: AppDeps
    let v1: { id: string; number: number; hash: string }
    let v2: { id: string; number: number; hash: string }

    before(async () => {
      nextNumber = 1
      setClock('2027-01-10T10:00:00.000Z')
      d = await createTestDatabase(dialect)
      deps = depsOf(d)
    })
    after(() => d.close())

    const stage = async () => (await findWorkflow(d.db))?.stage ?? 'draft'
    const forward = (to: string, extra: { versionId?: string; note?: string } = {}, actor: Actor = POLICY) => moveWorkflowForward(deps, actor, { to, ...extra })

    it('needs a version before the Core Group can review, and moves one stage at a time', async () => {
      await assert.rejects(forward('core_group_review'), refused('INVALID_STATE', /no version of the charter/))
      v1 = await addVersion(d.db)
      await assert.rejects(forward('advice'), refused('INVALID_STATE', /must go through “Core Group review” before/))
      await assert.rejects(forward('published'), refused('INVALID_STATE', /one stage at a time/))
      assert.equal(await stage(), 'draft')
    })

    it('lets nobody but a policy official move the charter', async () => {
      for (const actor of [STAKEHOLDER, ADVISOR, CORE, APPROVER]) {
        await assert.rejects(forward('core_group_review', {}, actor), refused('FORBIDDEN'), actor.role)
      }
      assert.equal(await stage(), 'draft')
    })

    it('takes the latest version into Core Group review, and needs a closed Core Group round to move on', async () => {
      await forward('core_group_review', { note: 'First full draft' })
      const wf = await findWorkflow(d.db)
      assert.equal(wf?.stage, 'core_group_review')
      assert.equal(wf?.version_id, v1.id)
      await assert.rejects(forward('stakeholder_sense_check'), refused('INVALID_STATE', /Close a review round for the Core Group on version 1/))
      await addRound(d.db, v1.id, ['core_group'], 'open')
      await assert.rejects(forward('stakeholder_sense_check'), refused('INVALID_STATE', /Close a review round for the Core Group/))
      await addRound(d.db, v1.id, ['core_group'])
      await forward('stakeholder_sense_check')
      assert.equal(await stage(), 'stakeholder_sense_check')
    })

    it('lets a newer version replace the one under review, never an older one', async () => {
      v2 = await addVersion(d.db)
      await assert.rejects(switchWorkflowVersion(deps, STAKEHOLDER, { versionId: v2.id }), refused('FORBIDDEN'))
      await assert.rejects(switchWorkflowVersion(deps, POLICY, { versionId: v1.id }), fieldProblem('versionId', /newer than version 1/))
      await switchWorkflowVersion(deps, POLICY, { versionId: v2.id })
      assert.equal((await findWorkflow(d.db))?.version_id, v2.id)
      const switched = (await listWorkflowSteps(d.db)).filter(s => s.from_stage === s.to_stage)
      assert.equal(switched.length, 1)
      assert.equal(switched[0]?.to_stage, 'stakeholder_sense_check')
      assert.equal(switched[0]?.version_id, v2.id)
      assert.match(switched[0]?.note ?? '', /Version 2 replaced version 1/)
    })

    it('needs stakeholders, then the ombudsman and staff, to have reviewed (rounds on earlier versions count)', async () => {
      await assert.rejects(forward('advice'), refused('INVALID_STATE', /stakeholder organisations on version 2 or an earlier version/))
      await addRound(d.db, v1.id, ['stakeholders'])
      await forward('advice')
      await addRound(d.db, v2.id, ['ombudsman'])
      await assert.rejects(forward('core_group_sign_off'), refused('INVALID_STATE', /Close a review round for service staff/))
      await addRound(d.db, v2.id, ['staff', 'advisory_group'])
      await forward('core_group_sign_off')
      const wf = await findWorkflow(d.db)
      assert.equal(wf?.stage, 'core_group_sign_off')
      const decisions = await findDecisionsForSubject(deps, 'charter_version', v2.id)
      assert.equal(decisions.length, 1)
      assert.equal(wf?.decision_id, decisions[0]!.id)
      assert.equal(decisions[0]!.title, 'Sign off charter version 2')
      await assert.rejects(switchWorkflowVersion(deps, POLICY, { versionId: v2.id }), refused('INVALID_STATE', /only change during the review stages/))
    })

    it('submits only once the Core Group has adopted the sign-off of exactly this version', async () => {
      await assert.rejects(forward('submitted'), refused('INVALID_STATE', /has not signed off version 2/))
      // An adopted sign-off of another version does not count.
      const other = await raiseProposal(deps, POLICY, { title: 'Sign off charter version 1', background: 'An older version', method: 'consent', subject: { type: 'charter_version', id: v1.id, label: 'Charter version 1' } })
      await decide(d.db, other.id, 'adopted')
      await assert.rejects(forward('submitted'), refused('INVALID_STATE', /has not signed off version 2/))
      const wf = await findWorkflow(d.db)
      await decide(d.db, wf!.decision_id!, 'not_adopted')
      await assert.rejects(forward('submitted'), refused('INVALID_STATE', /has not signed off version 2/))
      await assert.rejects(forward('submitted', {}, STAKEHOLDER), refused('FORBIDDEN'))
      await decide(d.db, wf!.decision_id!, 'adopted')
      await forward('submitted')
      assert.equal(await stage(), 'submitted')
    })

    it('lets only the approver record the approval, with a date not in the future, of the version shown', async () => {
      setClock('2027-06-15T09:00:00.000Z')
      const good: ApproveVersionInput = { body: 'The Scottish Parliament', approvedOn: '2027-06-14', reference: 'Motion S6M-1234', confirmed: true, contentHash: v2.hash }
      for (const actor of [STAKEHOLDER, ADVISOR, POLICY, CORE]) await assert.rejects(approveVersion(deps, actor, good), refused('FORBIDDEN'), actor.role)
      await assert.rejects(forward('approved'), refused('INVALID_STATE', /Only the approver/))
      await assert.rejects(approveVersion(deps, APPROVER, { ...good, approvedOn: '2027-06-16' }), fieldProblem('approvedOn', /today or in the past/))
      await assert.rejects(approveVersion(deps, APPROVER, { ...good, approvedOn: '2027-02-30' }), fieldProblem('approvedOn', /real date/))
      await assert.rejects(approveVersion(deps, APPROVER, { ...good, approvedOn: '2026-12-01' }), fieldProblem('approvedOn', /before version 2 was made/))
      await assert.rejects(approveVersion(deps, APPROVER, { ...good, body: ' ', confirmed: false }), (err: unknown) => {
        fieldProblem('body', /Enter the name of the body/)(err)
        return fieldProblem('confirmed', /Confirm that the approving body approved this exact version/)(err)
      })
      await assert.rejects(approveVersion(deps, APPROVER, { ...good, contentHash: v1.hash }), refused('INVALID_STATE', /not the one you were shown/))
      const page = await getApprovalPage(deps)
      assert.equal(page.version?.number, 2)
      assert.equal(page.version?.intact, true)
      assert.equal(page.version?.contentHash, v2.hash)
      await approveVersion(deps, APPROVER, good)
      assert.equal(await stage(), 'approved')
      const approval = await d.db.withTables<Tables>().selectFrom('charter_approval').selectAll().where('version_id', '=', v2.id).executeTakeFirstOrThrow()
      assert.equal(approval.content_hash, v2.hash)
      assert.equal(approval.body, 'The Scottish Parliament')
      assert.equal(approval.approved_on, '2027-06-14')
      // Recorded, never edited: the database refuses.
      await assert.rejects(d.db.withTables<Tables>().updateTable('charter_approval').set({ body: 'Someone else' }).where('id', '=', approval.id).execute())
      await assert.rejects(approveVersion(deps, APPROVER, good), refused('INVALID_STATE', /no version submitted/))
      await assert.rejects(returnWorkflowToDraft(deps, POLICY, { reason: 'Second thoughts' }), refused('INVALID_STATE', /must be published/))
    })

    it('publishes the approved version with its review due five years after approval', async () => {
      await assert.rejects(publishCharter(deps, APPROVER), refused('FORBIDDEN'))
      await assert.rejects(publishCharter(deps, STAKEHOLDER), refused('FORBIDDEN'))
      assert.equal(await getCurrentPublished(deps), undefined)
      setClock('2027-06-20T12:00:00.000Z')
      const { reviewDueOn } = await publishCharter(deps, POLICY)
      assert.equal(reviewDueOn, '2032-06-14')
      assert.equal(await stage(), 'published')
      const published = await getPublishedVersions(deps)
      assert.deepEqual(published, [
        { versionId: v2.id, number: 2, publishedAt: '2027-06-20T12:00:00.000Z', reviewDueOn: '2032-06-14', approval: { body: 'The Scottish Parliament', approvedOn: '2027-06-14', reference: 'Motion S6M-1234' } },
      ])
      await assert.rejects(publishCharter(deps, POLICY), refused('INVALID_STATE', /Only an approved version/))
      await assert.rejects(forward('draft'), refused('INVALID_STATE'))
    })

    it('starts the next edition, refuses to approve a tampered version, and keeps the earlier edition', async () => {
      setClock('2028-01-05T10:00:00.000Z')
      await assert.rejects(returnWorkflowToDraft(deps, STAKEHOLDER, { reason: '' }), refused('FORBIDDEN'))
      await returnWorkflowToDraft(deps, POLICY, { reason: '' })
      assert.equal(await stage(), 'draft')
      const tampered = await addVersion(d.db, { tampered: true })
      const throughSignOff = async () => {
        await forward('core_group_review')
        await forward('stakeholder_sense_check')
        await forward('advice')
        await forward('core_group_sign_off')
        const wf = await findWorkflow(d.db)
        await decide(d.db, wf!.decision_id!, 'adopted')
        await forward('submitted')
      }
      await throughSignOff()
      assert.equal((await findWorkflow(d.db))?.version_id, tampered.id)
      assert.equal((await getApprovalPage(deps)).version?.intact, false)
      setClock('2028-03-10T10:00:00.000Z')
      await assert.rejects(
        approveVersion(deps, APPROVER, { body: 'The Scottish Parliament', approvedOn: '2028-03-01', confirmed: true, contentHash: tampered.hash }),
        refused('INVALID_STATE', /does not match the fingerprint/),
      )
      await assert.rejects(returnWorkflowToDraft(deps, POLICY, { reason: '  ' }), fieldProblem('reason', /Enter why/))
      await returnWorkflowToDraft(deps, POLICY, { reason: 'Version 3 does not match its fingerprint' })
      const v4 = await addVersion(d.db, { createdAt: '2028-02-01T10:00:00.000Z' })
      await throughSignOff()
      assert.equal((await findWorkflow(d.db))?.version_id, v4.id)
      await approveVersion(deps, APPROVER, { body: 'The Scottish Parliament', approvedOn: '2028-02-29', confirmed: true, contentHash: v4.hash })
      setClock('2028-03-10T11:00:00.000Z')
      const { reviewDueOn } = await publishCharter(deps, POLICY)
      assert.equal(reviewDueOn, '2033-02-28')
      const published = await getPublishedVersions(deps)
      assert.deepEqual(published.map(p => p.number), [4, 2])
      assert.equal((await getCurrentPublished(deps))?.versionId, v4.id)
    })

    it('shows where the charter is, the history and the rounds held, and audits every step', async () => {
      const overview = await getWorkflowOverview(deps, POLICY)
      assert.equal(overview.stage, 'published')
      assert.equal(overview.version?.number, 4)
      assert.equal(overview.decision?.outcome, 'adopted')
      assert.equal(overview.next, null)
      assert.equal(overview.mayReturnToDraft, true)
      const staff = overview.roundsByAudience.find(a => a.audience === 'staff')
      assert.deepEqual(staff?.rounds.map(r => [r.versionNumber, r.status]), [[2, 'closed']])
      assert.equal(overview.history[0]?.to, 'Published')
      assert.equal(overview.history.length, (await listWorkflowSteps(d.db)).length)
      const asStakeholder = await getWorkflowOverview(deps, STAKEHOLDER)
      assert.equal(asStakeholder.mayManage, false)
      assert.equal(asStakeholder.mayReturnToDraft, false)

      await sealAuditEvents({ db: d.db, dialect: d.dialect })
      const events = await d.db.selectFrom('audit_event').select(['action', 'subject_id']).where('action', 'like', 'charter.%').execute()
      const count = (action: string) => events.filter(e => e.action === action).length
      assert.equal(count('charter.workflow_moved'), 5 + 5 + 5)
      assert.equal(count('charter.workflow_version_changed'), 1)
      assert.equal(count('charter.workflow_returned_to_draft'), 2)
      assert.equal(count('charter.version_approved'), 2)
      assert.equal(count('charter.version_published'), 2)
      assert.ok(events.some(e => e.action === 'charter.version_approved' && e.subject_id === v2.id))
    })
  })
}
