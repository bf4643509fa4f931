// The charter workflow's commands and queries (issue 7 item 4): draft -> Core Group review -> stakeholder
// sense-check -> advice -> Core Group sign-off (a decision in the decisions module) -> submitted -> approved (the exact
// version frozen, with the approving body and date) -> published (review due five years on). Every step is checked
// against the state machine in stages.ts, written to charter_workflow_step and audited in the same transaction.
import { z } from 'zod'
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can, type Action } from '../../../../platform/auth/permissions.ts'
import { ROLE_LABELS } from '../../../../platform/auth/roles.ts'
import { findUserById } from '../../../../platform/auth/user.repository.ts'
import { inTransaction, type UnitOfWork } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { findDecisionsForSubject, raiseProposal, type DecisionSubject } from '../../../decisions/index.ts'
import type { ReviewAudience } from '../../data/charter.table.ts'
import {
  findApprovalOfVersion,
  findLatestVersionSummary,
  findVersion,
  findWorkflow,
  insertApproval,
  insertPublication,
  insertWorkflow,
  insertWorkflowStep,
  listClosedRoundAudiences,
  listRoundAudiences,
  listVersionSummaries,
  listWorkflowSteps,
  numbersOfVersions,
  updateWorkflow,
  WORKFLOW_ID,
  type VersionRow,
  type WorkflowRow,
} from '../../data/workflow.repository.ts'
import { canonicalJson, contentHash, parseContent, type CharterContent } from '../versions/content.ts'
import {
  AUDIENCE_LABELS,
  fiveYearsOn,
  forwardMoveProblem,
  gateProblem,
  isRealIsoDate,
  isStage,
  mayReturnToDraft,
  maySwitchVersion,
  nextStage,
  ownerOfMoveTo,
  STAGE_LABELS,
  ukDate,
  type GateFacts,
  type WorkflowStage,
} from './stages.ts'

export const WORKFLOW_AUDIT_EVENTS = [
  'charter.workflow_moved',
  'charter.workflow_returned_to_draft',
  'charter.workflow_version_changed',
  'charter.version_approved',
  'charter.version_published',
] as const

/** The subject type of a sign-off decision in the decisions module. */
export const SIGN_OFF_SUBJECT_TYPE = 'charter_version'

// ---- shared helpers ----

function allowed(actor: Actor, action: Action): boolean {
  return actor.role === 'system' || can(actor.role, action)
}

function requireManage(actor: Actor): void {
  if (!allowed(actor, 'charter:manage_workflow')) {
    throw new AppError(AppErrorCode.FORBIDDEN, {
      message: 'Only a policy official can move the charter through its workflow. The Core Group signs off through its decision.',
    })
  }
}

function invalid(message: string): AppError {
  return new AppError(AppErrorCode.INVALID_STATE, { message })
}

function validationFailed(fieldErrors: FieldError[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: fieldErrors[0]?.message, fieldErrors })
}

function zodProblems(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = []
  for (const issue of issues) {
    const field = issue.path.map(String).join('-') || 'form'
    if (!out.some(e => e.field === field)) out.push({ field, message: issue.message })
  }
  return out
}

/** The workflow as stored, or a fresh one at drafting (the row is made by the first step). */
async function currentWorkflow(db: AppDeps['db']): Promise<WorkflowRow> {
  return (
    (await findWorkflow(db)) ?? { id: WORKFLOW_ID, stage: 'draft', version_id: null, decision_id: null, updated_by_user_id: null, updated_at: '' }
  )
}

/**
 * Write the workflow's new state and its history step, in the command's transaction. Refuses when someone else moved
 * the workflow since it was read (`expected`).
 */
async function writeStep(
  uow: UnitOfWork,
  expected: WorkflowRow,
  next: { stage: WorkflowStage; versionId: string | null; decisionId: string | null; note: string },
): Promise<void> {
  const now = uow.now.toISOString()
  const changes = { stage: next.stage, version_id: next.versionId, decision_id: next.decisionId, updated_by_user_id: uow.actor.userId, updated_at: now }
  if (expected.updated_at === '') {
    // No row yet: make it. A second writer racing us fails on the primary key and sees the conflict below.
    const exists = await findWorkflow(uow.trx)
    if (exists) throw movedMeanwhile()
    await insertWorkflow(uow.trx, { id: WORKFLOW_ID, ...changes })
  } else {
    const fresh = await findWorkflow(uow.trx)
    if (!fresh || fresh.stage !== expected.stage || fresh.version_id !== expected.version_id || fresh.updated_at !== expected.updated_at) {
      throw movedMeanwhile()
    }
    if (!(await updateWorkflow(uow.trx, expected.stage, changes))) throw movedMeanwhile()
  }
  await insertWorkflowStep(uow.trx, {
    id: newId(uow.now.getTime()),
    from_stage: expected.stage,
    to_stage: next.stage,
    version_id: next.versionId,
    note: next.note,
    actor_user_id: uow.actor.userId,
    created_at: now,
  })
}

function movedMeanwhile(): AppError {
  return new AppError(AppErrorCode.CONFLICT, {
    message: 'Someone else changed the charter’s workflow at the same time. Look at where it is now and try again.',
  })
}

async function gateFacts(deps: AppDeps, version: { id: string; number: number } | null): Promise<GateFacts> {
  if (!version) return { versionNumber: null, reviewedAudiences: new Set(), signOff: { decisionsForVersion: [] } }
  const rounds = await listClosedRoundAudiences(deps.db, version.number)
  const decisions = await findDecisionsForSubject(deps, SIGN_OFF_SUBJECT_TYPE, version.id)
  return {
    versionNumber: version.number,
    reviewedAudiences: new Set<ReviewAudience>(rounds.map(r => r.audience)),
    signOff: { decisionsForVersion: decisions.map(d => ({ id: d.id, outcome: d.outcome })) },
  }
}

function signOffSubject(version: { id: string; number: number }): DecisionSubject {
  return { type: SIGN_OFF_SUBJECT_TYPE, id: version.id, label: `Charter version ${version.number}` }
}

/**
 * The sign-off decision for exactly this version: one already adopted, or one still being decided (draft or open),
 * is used again; otherwise a new proposal is raised for the Core Group to decide by consent.
 */
async function signOffDecisionFor(deps: AppDeps, actor: Actor, version: { id: string; number: number }): Promise<string> {
  const existing = await findDecisionsForSubject(deps, SIGN_OFF_SUBJECT_TYPE, version.id)
  const reusable = existing.find(d => d.outcome === 'adopted') ?? existing.find(d => d.outcome === null && (d.status === 'draft' || d.status === 'open'))
  if (reusable) return reusable.id
  const { id } = await raiseProposal(deps, actor, {
    title: `Sign off charter version ${version.number}`,
    background:
      `The Core Group is asked to sign off version ${version.number} of the charter, after the Core Group's review, ` +
      'the stakeholder sense-check and the advice of the ombudsman and service staff. If the Core Group adopts this ' +
      'proposal, this exact version is submitted for approval. Nobody else can sign it off.',
    method: 'consent',
    subject: signOffSubject(version),
  })
  return id
}

// ---- commands ----

export interface MoveForwardInput {
  /** The stage to move to: must be the next one. */
  to: string
  /** Entering Core Group review only: the version to review (default the latest). */
  versionId?: string
  note?: string
}

/**
 * Move the charter on one stage (not to approved or published: those have their own commands). Refused, in plain
 * English, when a stage would be skipped or its gate is not met. Entering Core Group sign-off raises the sign-off
 * decision in the decisions module (or uses the one already there for this version).
 */
export async function moveWorkflowForward(deps: AppDeps, actor: Actor, input: MoveForwardInput): Promise<{ stage: WorkflowStage }> {
  requireManage(actor)
  const to = input.to
  if (!isStage(to)) throw invalid('Choose a stage the charter can move to')
  const wf = await currentWorkflow(deps.db)
  const problem = forwardMoveProblem(wf.stage, to)
  if (problem) throw invalid(problem)
  if (to === 'approved') throw invalid('Only the approver records the approval of the submitted version, on the approval page')
  if (to === 'published') throw invalid('Publish the approved version on the publishing page')
  const note = (input.note ?? '').trim()
  if (note.length > 2000) throw validationFailed([{ field: 'note', message: 'The note must be 2,000 characters or fewer' }])

  let version: { id: string; number: number } | null
  if (to === 'core_group_review') {
    if (input.versionId) {
      const v = await findVersion(deps.db, input.versionId)
      if (!v) throw validationFailed([{ field: 'versionId', message: 'Choose a version of the charter to review' }])
      version = { id: v.id, number: Number(v.number) }
    } else {
      const latest = await findLatestVersionSummary(deps.db)
      version = latest ? { id: latest.id, number: Number(latest.number) } : null
    }
  } else {
    version = wf.version_id ? { id: wf.version_id, number: (await numbersOfVersions(deps.db, [wf.version_id])).get(wf.version_id) ?? 0 } : null
  }

  const gate = gateProblem(to, await gateFacts(deps, version))
  if (gate) throw invalid(gate)
  if (!version) throw invalid('There is no version of the charter to review yet: save a version of the draft first')

  // The sign-off decision lives in the decisions module, which runs its own transaction: raise it first; if our step
  // then fails, the same undecided proposal is found and used next time.
  const decisionId = to === 'core_group_sign_off' ? await signOffDecisionFor(deps, actor, version) : wf.decision_id
  const v = version
  await inTransaction(deps, actor, async uow => {
    await writeStep(uow, wf, { stage: to, versionId: v.id, decisionId: to === 'core_group_review' ? null : decisionId, note })
    await uow.audit({
      action: 'charter.workflow_moved',
      subjectType: 'charter_workflow',
      subjectId: WORKFLOW_ID,
      summary: {
        before: { stage: wf.stage },
        after: { stage: to, versionId: v.id, versionNumber: v.number, ...(to === 'core_group_sign_off' ? { decisionId } : {}) },
      },
    })
  })
  return { stage: to }
}

export interface ReturnToDraftInput {
  reason: string
}

/** Back to drafting, with a reason: from any stage before approval, or from published to start the next edition. */
export async function returnWorkflowToDraft(deps: AppDeps, actor: Actor, input: ReturnToDraftInput): Promise<void> {
  requireManage(actor)
  const wf = await currentWorkflow(deps.db)
  if (!mayReturnToDraft(wf.stage)) {
    throw invalid(
      wf.stage === 'draft'
        ? 'The charter is already being drafted'
        : 'The approved version must be published: its approval is recorded and cannot be undone',
    )
  }
  const reason = (input.reason ?? '').trim()
  const newEdition = wf.stage === 'published'
  if (!newEdition && reason === '') throw validationFailed([{ field: 'reason', message: 'Enter why the charter is going back to drafting' }])
  if (reason.length > 2000) throw validationFailed([{ field: 'reason', message: 'The reason must be 2,000 characters or fewer' }])
  const note = reason || 'Started work on the next edition'
  await inTransaction(deps, actor, async uow => {
    await writeStep(uow, wf, { stage: 'draft', versionId: null, decisionId: null, note })
    await uow.audit({
      action: 'charter.workflow_returned_to_draft',
      subjectType: 'charter_workflow',
      subjectId: WORKFLOW_ID,
      summary: { before: { stage: wf.stage, versionId: wf.version_id }, after: { stage: 'draft' }, reason: note, newEdition },
    })
  })
}

export interface SwitchVersionInput {
  versionId: string
  note?: string
}

/** During the review stages, a newer version replaces the one under review (recorded in the history). */
export async function switchWorkflowVersion(deps: AppDeps, actor: Actor, input: SwitchVersionInput): Promise<void> {
  requireManage(actor)
  const wf = await currentWorkflow(deps.db)
  if (!maySwitchVersion(wf.stage)) {
    throw invalid(`The version can only change during the review stages, not at “${STAGE_LABELS[wf.stage]}”`)
  }
  const current = wf.version_id ? await findVersion(deps.db, wf.version_id) : undefined
  const chosen = input.versionId ? await findVersion(deps.db, input.versionId) : undefined
  if (!chosen) throw validationFailed([{ field: 'versionId', message: 'Choose the newer version to review' }])
  if (current && Number(chosen.number) <= Number(current.number)) {
    throw validationFailed([{ field: 'versionId', message: `Choose a version newer than version ${current.number}` }])
  }
  const typed = (input.note ?? '').trim()
  if (typed.length > 2000) throw validationFailed([{ field: 'note', message: 'The note must be 2,000 characters or fewer' }])
  const note = typed || `Version ${chosen.number} replaced version ${current?.number ?? '(none)'}`
  await inTransaction(deps, actor, async uow => {
    await writeStep(uow, wf, { stage: wf.stage, versionId: chosen.id, decisionId: null, note })
    await uow.audit({
      action: 'charter.workflow_version_changed',
      subjectType: 'charter_workflow',
      subjectId: WORKFLOW_ID,
      summary: { stage: wf.stage, before: { versionId: wf.version_id, versionNumber: current?.number ?? null }, after: { versionId: chosen.id, versionNumber: Number(chosen.number) } },
    })
  })
}

export interface ApproveVersionInput {
  /** The approving body, e.g. "The Scottish Parliament". */
  body: string
  /** YYYY-MM-DD (the page builds it from the day, month and year fields). */
  approvedOn: string
  reference?: string
  /** "I confirm <body> approved this exact version." */
  confirmed: boolean
  /** The content hash shown to the approver: the version approved must still be exactly that one. */
  contentHash: string
}

export const approveVersionSchema = z.object({
  body: z
    .string({ error: 'Enter the name of the body that approved the charter' })
    .trim()
    .min(1, 'Enter the name of the body that approved the charter')
    .max(200, 'The name of the body must be 200 characters or fewer'),
  approvedOn: z.string({ error: 'Enter the date it was approved' }).trim().min(1, 'Enter the date it was approved'),
  reference: z.preprocess(
    v => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(300, 'The reference must be 300 characters or fewer').optional(),
  ),
  confirmed: z.boolean(),
  contentHash: z.string().trim().default(''),
})

/** Whether the stored version is exactly what its hash says: its JSON is canonical and hashes to content_hash. */
export function versionIntact(version: Pick<VersionRow, 'content_json' | 'content_hash'>): { ok: true; content: CharterContent } | { ok: false } {
  const parsed = parseContent(version.content_json)
  if (!parsed.ok) return { ok: false }
  if (canonicalJson(parsed.content) !== version.content_json) return { ok: false }
  if (contentHash(parsed.content) !== version.content_hash.toLowerCase()) return { ok: false }
  return { ok: true, content: parsed.content }
}

/**
 * The approver records that the approving body approved the submitted version: body, date (not in the future),
 * reference. The version must be intact (a fresh hash of its content equals the stored one) and exactly the one the
 * approver was shown. Writes charter_approval (frozen by the database) and moves the workflow to approved.
 */
export async function approveVersion(deps: AppDeps, actor: Actor, input: ApproveVersionInput): Promise<void> {
  if (!allowed(actor, 'charter:approve')) {
    throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only the approver can record the approval of the charter' })
  }
  const wf = await currentWorkflow(deps.db)
  if (wf.stage !== 'submitted' || !wf.version_id) {
    throw invalid(`There is no version submitted for approval: the charter is at “${STAGE_LABELS[wf.stage]}”`)
  }
  const version = await findVersion(deps.db, wf.version_id)
  if (!version) throw invalid('The submitted version cannot be found')

  const parsed = approveVersionSchema.safeParse(input)
  const problems: FieldError[] = parsed.success ? [] : zodProblems(parsed.error.issues)
  const v = parsed.success ? parsed.data : undefined
  const approvedOn = (input.approvedOn ?? '').trim()
  if (!problems.some(p => p.field === 'approvedOn')) {
    if (!isRealIsoDate(approvedOn)) problems.push({ field: 'approvedOn', message: 'The date it was approved must be a real date, like 27 3 2028' })
    else if (approvedOn > ukDate(deps.clock.now())) problems.push({ field: 'approvedOn', message: 'The date it was approved must be today or in the past' })
    else if (approvedOn < ukDate(new Date(version.created_at))) {
      problems.push({ field: 'approvedOn', message: `The date it was approved cannot be before version ${version.number} was made` })
    }
  }
  if (input.confirmed !== true && !problems.some(p => p.field === 'confirmed')) {
    const body = v?.body || 'the approving body'
    problems.push({ field: 'confirmed', message: `Confirm that ${body} approved this exact version` })
  }
  if (problems.length > 0 || !v) throw validationFailed(problems)

  const intact = versionIntact(version)
  if (!intact.ok) {
    throw invalid(
      `Version ${version.number} does not match the fingerprint taken when it was made: it may have been altered. ` +
        'Do not record an approval: tell the administrator.',
    )
  }
  if (v.contentHash.toLowerCase() !== version.content_hash.toLowerCase()) {
    throw invalid('The version submitted is not the one you were shown. Read the submitted version again before you record its approval.')
  }

  await inTransaction(deps, actor, async uow => {
    if (await findApprovalOfVersion(uow.trx, version.id)) throw invalid(`Version ${version.number} is already approved`)
    const id = newId(uow.now.getTime())
    await insertApproval(uow.trx, {
      id,
      version_id: version.id,
      content_hash: version.content_hash,
      body: v.body,
      approved_on: approvedOn,
      reference: v.reference ?? null,
      recorded_by_user_id: actor.userId,
      recorded_at: uow.now.toISOString(),
    })
    await writeStep(uow, wf, {
      stage: 'approved',
      versionId: version.id,
      decisionId: wf.decision_id,
      note: `Approved by ${v.body} on ${approvedOn}${v.reference ? ` (${v.reference})` : ''}`,
    })
    await uow.audit({
      action: 'charter.version_approved',
      subjectType: 'charter_version',
      subjectId: version.id,
      summary: { versionNumber: Number(version.number), contentHash: version.content_hash, body: v.body, approvedOn, reference: v.reference ?? null, approvalId: id },
    })
  })
}

/**
 * Publish the approved version: records charter_publication (now) with its review due five years after the approval
 * date. Earlier published versions stay available as older editions.
 */
export async function publishCharter(deps: AppDeps, actor: Actor): Promise<{ versionId: string; reviewDueOn: string }> {
  requireManage(actor)
  const wf = await currentWorkflow(deps.db)
  if (wf.stage !== 'approved' || !wf.version_id) {
    throw invalid(`Only an approved version can be published: the charter is at “${STAGE_LABELS[wf.stage]}”`)
  }
  const versionId = wf.version_id
  const approval = await findApprovalOfVersion(deps.db, versionId)
  if (!approval) throw invalid('The approval of this version cannot be found')
  const reviewDueOn = fiveYearsOn(approval.approved_on)
  const number = (await numbersOfVersions(deps.db, [versionId])).get(versionId) ?? 0
  await inTransaction(deps, actor, async uow => {
    await insertPublication(uow.trx, {
      id: newId(uow.now.getTime()),
      version_id: versionId,
      published_at: uow.now.toISOString(),
      review_due_on: reviewDueOn,
      published_by_user_id: actor.userId,
    })
    await writeStep(uow, wf, { stage: 'published', versionId, decisionId: wf.decision_id, note: `Published; review due by ${reviewDueOn}` })
    await uow.audit({
      action: 'charter.version_published',
      subjectType: 'charter_version',
      subjectId: versionId,
      summary: { versionNumber: number, reviewDueOn, approvedOn: approval.approved_on, body: approval.body },
    })
  })
  return { versionId, reviewDueOn }
}

// ---- queries ----

export interface WorkflowHistoryEntry {
  at: string
  from: string | null
  to: string
  versionNumber: number | null
  note: string
  by: string
}

export interface WorkflowOverview {
  stage: WorkflowStage
  stageLabel: string
  version: { id: string; number: number; note: string; createdAt: string; contentHash: string } | null
  decision: { id: string; title: string; status: string; outcome: string | null; decidedAt: string | null; href: string } | null
  /** The next step: what it is, who takes it, what is still missing (null when it can be taken now). */
  next: { to: WorkflowStage; label: string; who: string; problem: string | null; mayTake: boolean } | null
  mayManage: boolean
  mayApprove: boolean
  mayReturnToDraft: boolean
  maySwitchVersion: boolean
  /** For choosing the version to review (entering Core Group review) or a newer one (switching). */
  versions: { id: string; number: number; note: string; createdAt: string }[]
  newerVersions: { id: string; number: number; note: string; createdAt: string }[]
  /** Review rounds held, per audience. */
  roundsByAudience: { audience: ReviewAudience; label: string; title: string; rounds: { title: string; versionNumber: number; status: 'open' | 'closed'; closesOn: string }[] }[]
  history: WorkflowHistoryEntry[]
}

/** Everything the workflow page shows. */
export async function getWorkflowOverview(deps: AppDeps, actor: Actor): Promise<WorkflowOverview> {
  const wf = await currentWorkflow(deps.db)
  const versions = (await listVersionSummaries(deps.db)).map(v => ({ id: v.id, number: Number(v.number), note: v.note, createdAt: v.created_at, contentHash: v.content_hash }))
  const current = wf.version_id ? versions.find(v => v.id === wf.version_id) ?? null : null

  let decision: WorkflowOverview['decision'] = null
  if (current) {
    const decisions = await findDecisionsForSubject(deps, SIGN_OFF_SUBJECT_TYPE, current.id)
    const d = decisions.find(x => x.id === wf.decision_id) ?? (wf.stage === 'core_group_sign_off' || wf.decision_id ? decisions[0] : undefined)
    if (d) decision = { id: d.id, title: d.title, status: d.status, outcome: d.outcome, decidedAt: d.decidedAt, href: d.href }
  }

  const mayManage = allowed(actor, 'charter:manage_workflow')
  const mayApprove = allowed(actor, 'charter:approve')
  let next: WorkflowOverview['next'] = null
  const to = nextStage(wf.stage)
  if (to) {
    const owner = ownerOfMoveTo(to)
    const target = to === 'core_group_review' ? (versions[0] ?? null) : current
    let problem = gateProblem(to, await gateFacts(deps, target))
    if (!problem && to === 'approved' && !current) problem = 'There is no submitted version'
    next = { to, label: STAGE_LABELS[to], who: owner.who, problem, mayTake: allowed(actor, owner.permission) }
  }

  const rounds = await listRoundAudiences(deps.db)
  const audiences: ReviewAudience[] = ['core_group', 'stakeholders', 'ombudsman', 'staff', 'advisory_group']
  const roundsByAudience = audiences.map(audience => ({
    audience,
    label: AUDIENCE_LABELS[audience],
    title: AUDIENCE_LABELS[audience].charAt(0).toUpperCase() + AUDIENCE_LABELS[audience].slice(1),
    rounds: rounds.filter(r => r.audience === audience).map(r => ({ title: r.title, versionNumber: r.version_number, status: r.status, closesOn: r.closes_on })),
  }))

  const steps = await listWorkflowSteps(deps.db)
  const numbers = new Map(versions.map(v => [v.id, v.number]))
  const names = new Map<string, string>()
  for (const userId of new Set(steps.map(s => s.actor_user_id).filter((x): x is string => x !== null))) {
    const user = await findUserById(deps.db, userId)
    names.set(userId, user ? `${user.display_name} (${ROLE_LABELS[user.role as keyof typeof ROLE_LABELS] ?? user.role})` : 'A former user')
  }
  const history = steps.map(s => ({
    at: s.created_at,
    from: s.from_stage && isStage(s.from_stage) ? STAGE_LABELS[s.from_stage] : null,
    to: isStage(s.to_stage) ? STAGE_LABELS[s.to_stage] : s.to_stage,
    versionNumber: s.version_id ? (numbers.get(s.version_id) ?? null) : null,
    note: s.note,
    by: s.actor_user_id ? (names.get(s.actor_user_id) ?? 'A former user') : 'The system',
  }))

  return {
    stage: wf.stage,
    stageLabel: STAGE_LABELS[wf.stage],
    version: current ? { id: current.id, number: current.number, note: current.note, createdAt: current.createdAt, contentHash: current.contentHash } : null,
    decision,
    next,
    mayManage,
    mayApprove,
    mayReturnToDraft: mayManage && mayReturnToDraft(wf.stage),
    maySwitchVersion: mayManage && maySwitchVersion(wf.stage),
    versions: versions.map(({ contentHash: _h, ...v }) => v),
    newerVersions: current ? versions.filter(v => v.number > current.number).map(({ contentHash: _h, ...v }) => v) : [],
    roundsByAudience,
    history,
  }
}

export interface ApprovalPage {
  stage: WorkflowStage
  stageLabel: string
  /** The submitted version, when the charter is at "submitted". */
  version: { id: string; number: number; note: string; createdAt: string; contentHash: string; content: CharterContent | null; intact: boolean } | null
  decision: WorkflowOverview['decision']
  approval: { body: string; approvedOn: string; reference: string | null } | null
}

/** What the approver reads before recording an approval: the submitted version's full text and its hash. */
export async function getApprovalPage(deps: AppDeps): Promise<ApprovalPage> {
  const wf = await currentWorkflow(deps.db)
  let version: ApprovalPage['version'] = null
  let decision: ApprovalPage['decision'] = null
  let approval: ApprovalPage['approval'] = null
  if (wf.version_id && (wf.stage === 'submitted' || wf.stage === 'approved' || wf.stage === 'published')) {
    const row = await findVersion(deps.db, wf.version_id)
    if (row) {
      const intact = versionIntact(row)
      version = {
        id: row.id,
        number: Number(row.number),
        note: row.note,
        createdAt: row.created_at,
        contentHash: row.content_hash,
        content: intact.ok ? intact.content : null,
        intact: intact.ok,
      }
      const decisions = await findDecisionsForSubject(deps, SIGN_OFF_SUBJECT_TYPE, row.id)
      const d = decisions.find(x => x.id === wf.decision_id) ?? decisions.find(x => x.outcome === 'adopted')
      if (d) decision = { id: d.id, title: d.title, status: d.status, outcome: d.outcome, decidedAt: d.decidedAt, href: d.href }
      const a = await findApprovalOfVersion(deps.db, row.id)
      if (a) approval = { body: a.body, approvedOn: a.approved_on, reference: a.reference }
    }
  }
  return { stage: wf.stage, stageLabel: STAGE_LABELS[wf.stage], version, decision, approval }
}

export interface PublishPage {
  stage: WorkflowStage
  stageLabel: string
  version: { id: string; number: number } | null
  approval: { body: string; approvedOn: string; reference: string | null } | null
  reviewDueOn: string | null
}

/** What the official sees before publishing: the approved version, its approval and the review date it will get. */
export async function getPublishPage(deps: AppDeps): Promise<PublishPage> {
  const wf = await currentWorkflow(deps.db)
  if (wf.stage !== 'approved' || !wf.version_id) return { stage: wf.stage, stageLabel: STAGE_LABELS[wf.stage], version: null, approval: null, reviewDueOn: null }
  const number = (await numbersOfVersions(deps.db, [wf.version_id])).get(wf.version_id) ?? 0
  const a = await findApprovalOfVersion(deps.db, wf.version_id)
  return {
    stage: wf.stage,
    stageLabel: STAGE_LABELS[wf.stage],
    version: { id: wf.version_id, number },
    approval: a ? { body: a.body, approvedOn: a.approved_on, reference: a.reference } : null,
    reviewDueOn: a ? fiveYearsOn(a.approved_on) : null,
  }
}
