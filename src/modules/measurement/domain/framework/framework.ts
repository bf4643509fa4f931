// The measurement framework (issue 8, item 1): for each charter commitment, outcomes, and for each outcome the
// measures that show progress. The framework is versioned: a draft is changed, then submitted to the Core Group as
// a decision, and is agreed only when the Core Group adopts it. An agreed framework is never changed: a new version
// starts as a copy of it. Every change is audited.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { findDecisionsForSubject, raiseProposal, type DecisionSummary } from '../../../decisions/index.ts'
import { currentFramework, editableFramework, SUBJECT_TYPE, syncWithDecision, toFrameworkDto, type FrameworkDto } from './status.ts'
import {
  findFramework,
  findOutcome,
  insertFramework,
  insertMeasure,
  insertOutcome,
  latestFramework,
  latestFrameworkWithStatus,
  listFrameworks,
  listMeasures,
  listOutcomes,
  nextOutcomePosition,
  updateFramework,
  updateOutcome,
  type MeasureRow,
  type OutcomeRow,
} from '../../data/measurement.repository.ts'
import { assertMay, isEditable, mayManage, mayRead, notFound, validationFailed } from '../model.ts'
import { charterForMeasurement, commitmentsOf, type CommitmentRef } from './charter.ts'
import { toMeasureDto, type MeasureDto } from './measures.ts'

export interface OutcomeDto {
  id: string
  frameworkId: string
  commitmentKey: string
  title: string
  description: string
}

export function toOutcomeDto(r: OutcomeRow): OutcomeDto {
  return { id: r.id, frameworkId: r.framework_id, commitmentKey: r.commitment_key, title: r.title, description: r.description }
}

/** The version in force: the newest agreed one (what the dashboards and the annual report show), if any. */
export async function agreedFramework(deps: AppDeps): Promise<FrameworkDto | null> {
  await syncWithDecision(deps)
  const r = await latestFrameworkWithStatus(deps.db, 'agreed')
  return r ? toFrameworkDto(r) : null
}

export interface MeasureNode extends MeasureDto {
  href: string
}
export interface OutcomeNode extends OutcomeDto {
  measures: MeasureNode[]
}
export interface CommitmentNode extends CommitmentRef {
  outcomes: OutcomeNode[]
}
export interface SectionNode {
  key: string
  title: string
  commitments: CommitmentNode[]
}

export interface FrameworkOverview {
  framework: FrameworkDto | null
  agreed: FrameworkDto | null
  versions: FrameworkDto[]
  charterLabel: string
  sections: SectionNode[]
  /** Outcomes whose commitment is no longer in the charter. */
  orphans: OutcomeNode[]
  decisions: DecisionSummary[]
  counts: { outcomes: number; measures: number }
}

/** Outcomes and measures of a framework version, arranged section -> commitment -> outcome -> measure. */
export async function frameworkTree(deps: AppDeps, frameworkId: string | null): Promise<{ sections: SectionNode[]; orphans: OutcomeNode[]; charterLabel: string; outcomes: number; measures: number }> {
  const charter = await charterForMeasurement(deps)
  const [outcomes, measures] = frameworkId ? await Promise.all([listOutcomes(deps.db, frameworkId), listMeasures(deps.db, frameworkId)]) : [[], []]
  const nodes: OutcomeNode[] = outcomes.map(o => ({
    ...toOutcomeDto(o),
    measures: measures.filter(m => m.outcome_id === o.id).map(m => ({ ...toMeasureDto(m), href: `/measurement/measures/${m.id}` })),
  }))
  const used = new Set<string>()
  const sections = charter.content.sections.map(s => ({
    key: s.key,
    title: s.title,
    commitments: s.commitments.map(c => {
      const own = nodes.filter(n => n.commitmentKey === c.key)
      own.forEach(n => used.add(n.id))
      return { key: c.key, text: c.text, sectionKey: s.key, sectionTitle: s.title, outcomes: own }
    }),
  }))
  return { sections, orphans: nodes.filter(n => !used.has(n.id)), charterLabel: charter.label, outcomes: outcomes.length, measures: measures.length }
}

export async function getFrameworkOverview(deps: AppDeps, actor: Actor): Promise<FrameworkOverview> {
  assertMay(mayRead(actor), 'see the measurement framework')
  const current = await currentFramework(deps)
  const versions = (await listFrameworks(deps.db)).map(toFrameworkDto)
  const tree = await frameworkTree(deps, current?.id ?? null)
  const decisions = current ? await findDecisionsForSubject(deps, SUBJECT_TYPE, current.id) : []
  return {
    framework: current ? toFrameworkDto(current) : null,
    agreed: versions.find(v => v.status === 'agreed') ?? null,
    versions,
    charterLabel: tree.charterLabel,
    sections: tree.sections,
    orphans: tree.orphans,
    decisions,
    counts: { outcomes: tree.outcomes, measures: tree.measures },
  }
}

/**
 * Start the framework (version 1), or a new version as a copy of the newest one (its outcomes and measures, with the
 * same measure codes, so measurements carry over). Only when no version is being drafted or with the Core Group.
 */
export async function startFramework(deps: AppDeps, actor: Actor): Promise<{ id: string; version: number }> {
  assertMay(mayManage(actor), 'change the measurement framework')
  await syncWithDecision(deps)
  return inTransaction(deps, actor, async uow => {
    const latest = await latestFramework(uow.trx)
    if (latest && (isEditable(latest.status) || latest.status === 'submitted')) {
      throw new AppError(AppErrorCode.INVALID_STATE, { message: `Version ${latest.version} is still ${latest.status === 'submitted' ? 'with the Core Group' : 'a draft'}: finish it first` })
    }
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    const version = (latest?.version ?? 0) + 1
    await insertFramework(uow.trx, { id, version, status: 'draft', proposal_id: null, submitted_at: null, agreed_at: null, created_by_user_id: actor.userId, created_at: now, updated_at: now })
    if (latest) {
      const [outcomes, measures] = await Promise.all([listOutcomes(uow.trx, latest.id), listMeasures(uow.trx, latest.id)])
      const newOutcome = new Map<string, string>()
      for (const o of outcomes) {
        const oid = newId(uow.now.getTime())
        newOutcome.set(o.id, oid)
        await insertOutcome(uow.trx, { ...o, id: oid, framework_id: id, created_at: now, updated_at: now })
      }
      for (const m of measures) {
        await insertMeasure(uow.trx, { ...m, id: newId(uow.now.getTime()), framework_id: id, outcome_id: newOutcome.get(m.outcome_id)!, created_at: now, updated_at: now })
      }
    }
    await uow.audit({ action: 'measurement.framework_started', subjectType: SUBJECT_TYPE, subjectId: id, summary: { version, copiedFrom: latest?.id ?? null } })
    return { id, version }
  })
}

export interface OutcomeInput {
  commitmentKey: string
  title: string
  description: string
}

async function checkOutcome(deps: AppDeps, input: OutcomeInput): Promise<OutcomeInput> {
  const problems: FieldError[] = []
  const commitmentKey = input.commitmentKey.trim()
  const title = input.title.trim()
  const description = input.description.trim()
  const commitments = commitmentsOf((await charterForMeasurement(deps)).content)
  if (!commitmentKey) problems.push({ field: 'commitmentKey', message: 'Select the commitment this outcome is for' })
  else if (!commitments.some(c => c.key === commitmentKey)) problems.push({ field: 'commitmentKey', message: 'Select a commitment from the list: that one is not in the charter' })
  if (!title) problems.push({ field: 'title', message: 'Enter the outcome, for example “People get the right money at the right time”' })
  else if (title.length > 300) problems.push({ field: 'title', message: 'The outcome must be 300 characters or fewer' })
  if (description.length > 5000) problems.push({ field: 'description', message: 'The description must be 5,000 characters or fewer' })
  if (problems.length) throw validationFailed(problems)
  return { commitmentKey, title, description }
}

/** Add an outcome to a commitment in the draft framework. Audited. */
export async function addOutcome(deps: AppDeps, actor: Actor, input: OutcomeInput): Promise<{ id: string }> {
  assertMay(mayManage(actor), 'change the measurement framework')
  const v = await checkOutcome(deps, input)
  const f = await editableFramework(deps)
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    await insertOutcome(uow.trx, { id, framework_id: f.id, commitment_key: v.commitmentKey, title: v.title, description: v.description, position: await nextOutcomePosition(uow.trx, f.id), created_at: now, updated_at: now })
    await uow.audit({ action: 'measurement.outcome_added', subjectType: 'measurement_outcome', subjectId: id, summary: { frameworkId: f.id, commitmentKey: v.commitmentKey, title: v.title } })
    return { id }
  })
}

export async function getOutcome(deps: AppDeps, actor: Actor, id: string): Promise<OutcomeDto & { editable: boolean }> {
  assertMay(mayRead(actor), 'see the measurement framework')
  const o = await findOutcome(deps.db, id)
  if (!o) throw notFound('outcome')
  const f = await findFramework(deps.db, o.framework_id)
  return { ...toOutcomeDto(o), editable: !!f && isEditable(f.status) }
}

/** Change an outcome of the draft framework. Audited with what changed. */
export async function changeOutcome(deps: AppDeps, actor: Actor, id: string, input: OutcomeInput): Promise<void> {
  assertMay(mayManage(actor), 'change the measurement framework')
  const v = await checkOutcome(deps, input)
  const f = await editableFramework(deps)
  await inTransaction(deps, actor, async uow => {
    const o = await findOutcome(uow.trx, id)
    if (!o || o.framework_id !== f.id) throw notFound('outcome in the draft framework')
    await updateOutcome(uow.trx, id, { commitment_key: v.commitmentKey, title: v.title, description: v.description, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'measurement.outcome_changed',
      subjectType: 'measurement_outcome',
      subjectId: id,
      summary: { before: { commitmentKey: o.commitment_key, title: o.title }, after: { commitmentKey: v.commitmentKey, title: v.title } },
    })
  })
}

/**
 * Submit the draft framework to the Core Group: raises a proposal (the decisions module) about it. The framework is
 * locked until the Core Group decides; it is agreed only if they adopt it. Needs at least one measure.
 */
export async function submitFramework(deps: AppDeps, actor: Actor): Promise<{ proposalId: string }> {
  assertMay(mayManage(actor), 'submit the measurement framework')
  const f = await editableFramework(deps)
  const measures: MeasureRow[] = await listMeasures(deps.db, f.id)
  if (measures.length === 0) throw validationFailed([{ field: 'submit', message: 'Add at least one measure before you submit the framework' }])
  const outcomes = await listOutcomes(deps.db, f.id)
  const { id: proposalId } = await raiseProposal(deps, actor, {
    title: `Agree the measurement framework, version ${f.version}`,
    background:
      `The measurement framework says how we will show progress on each commitment in the charter: ${outcomes.length} ` +
      `${outcomes.length === 1 ? 'outcome' : 'outcomes'} and ${measures.length} ${measures.length === 1 ? 'measure' : 'measures'}, ` +
      'each with what it counts, where the figures come from, how often, the target and who is responsible. ' +
      'Read it at /measurement. If the Core Group agrees, the dashboards and the annual report will use it.',
    method: 'consent',
    subject: { type: SUBJECT_TYPE, id: f.id, label: `Measurement framework, version ${f.version}` },
  })
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await updateFramework(uow.trx, f.id, { status: 'submitted', proposal_id: proposalId, submitted_at: now, updated_at: now })
    await uow.audit({ action: 'measurement.framework_submitted', subjectType: SUBJECT_TYPE, subjectId: f.id, summary: { version: f.version, proposalId, outcomes: outcomes.length, measures: measures.length } })
  })
  return { proposalId }
}

/** A commitment's outcomes in the current framework (for choosing where a new outcome goes). */
export async function listCommitments(deps: AppDeps): Promise<CommitmentRef[]> {
  return commitmentsOf((await charterForMeasurement(deps)).content)
}
