// Analysis projects: what is being analysed (the evidence in scope) and why; taking the evidence in and preparing
// it: personal details found for redaction (shown for review, redacted until then), sentence segments as the unit of
// coding, near-duplicates and campaigns grouped. Offsets index into the evidence text as prepared (body_hash); an
// item whose text changed since is prepared again, and its coding (on segments that no longer exist) goes with it.
import { createHash } from 'node:crypto'
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import { EVIDENCE_CHANNELS, getEvidenceItems, listEvidenceInScope, type EvidenceChannel, type EvidenceItemDto } from '../../evidence/index.ts'
import {
  deleteItemsOfEvidence,
  findProject,
  insertItems,
  insertProject,
  insertRedactions,
  insertSegments,
  listCodes,
  listCodingsOfProject,
  listItemsOfProject,
  listProjects,
  listRedactionsOfProject,
  listReviews,
  listSegmentsOfProject,
  setDuplicateGroups,
  updateProject,
  type ProjectRow,
} from '../data/analysis.repository.ts'
import { groupDuplicates } from './prepare/duplicates.ts'
import { findRedactions } from './prepare/redact.ts'
import { splitSegments } from './prepare/segments.ts'
import { assertMay, mayCode, mayReadAnalysis, notFound, personKeyOf, validationFailed, type Problem } from './model.ts'

export const PROJECT_FIELDS = ['title', 'purpose', 'channel', 'activityId', 'questionId'] as const

export interface ProjectInput {
  title: string
  purpose: string
  /** An evidence channel, or '' for any. */
  channel: string
  activityId: string
  questionId: string
}

export interface ProjectDto {
  id: string
  title: string
  purpose: string
  scope: { channel: EvidenceChannel | null; channelLabel: string | null; activityId: string | null; questionId: string | null }
  status: 'open' | 'closed'
  codebookVersion: number
  createdAt: string
  updatedAt: string
}

export function toProjectDto(r: ProjectRow): ProjectDto {
  const channel = (r.scope_channel as EvidenceChannel | null) ?? null
  return {
    id: r.id,
    title: r.title,
    purpose: r.purpose,
    scope: { channel, channelLabel: channel ? (EVIDENCE_CHANNELS.find(c => c.code === channel)?.label ?? channel) : null, activityId: r.scope_activity_id, questionId: r.scope_question_id },
    status: r.status,
    codebookVersion: r.codebook_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function checkProjectInput(input: ProjectInput): Problem[] {
  const problems: Problem[] = []
  const title = input.title.trim()
  if (!title) problems.push({ field: 'title', message: 'Enter a title for the analysis' })
  else if (title.length > 200) problems.push({ field: 'title', message: 'Title must be 200 characters or fewer' })
  if (!input.purpose.trim()) problems.push({ field: 'purpose', message: 'Enter what this analysis is for: the question it should answer' })
  else if (input.purpose.length > 5000) problems.push({ field: 'purpose', message: 'What it is for must be 5,000 characters or fewer' })
  if (input.channel && !EVIDENCE_CHANNELS.some(c => c.code === input.channel)) problems.push({ field: 'channel', message: 'Choose a channel from the list, or any channel' })
  if (input.activityId.trim() && !UUID.test(input.activityId.trim())) problems.push({ field: 'activityId', message: 'Choose an activity from the list, or any activity' })
  if (input.questionId.trim() && !UUID.test(input.questionId.trim())) problems.push({ field: 'questionId', message: 'Enter a survey question reference like 01a2b3c4-…, or leave it empty' })
  if (!input.channel && !input.activityId.trim() && !input.questionId.trim()) {
    // Allowed: everything in the evidence store. Said on the page, not an error.
  }
  return problems
}

export async function createProject(deps: AppDeps, actor: Actor, input: ProjectInput): Promise<{ id: string }> {
  assertMay(mayCode(actor), 'start an analysis')
  const problems = checkProjectInput(input)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await insertProject(uow.trx, {
      id,
      title: input.title.trim(),
      purpose: input.purpose.trim(),
      scope_channel: input.channel || null,
      scope_activity_id: input.activityId.trim() || null,
      scope_question_id: input.questionId.trim() || null,
      status: 'open',
      codebook_version: 0,
      created_by_user_id: actor.userId,
      created_at: now,
      updated_at: now,
    })
    await uow.audit({ action: 'analysis.project_created', subjectType: 'analysis_project', subjectId: id, summary: { channel: input.channel || null, activityId: input.activityId || null, questionId: input.questionId || null } })
  })
  return { id }
}

export async function getProject(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<ProjectDto> {
  assertMay(mayReadAnalysis(actor), 'see analyses')
  const row = await findProject(deps.db, id)
  if (!row) throw notFound('analysis')
  return toProjectDto(row)
}

export async function listAnalysisProjects(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<ProjectDto[]> {
  assertMay(mayReadAnalysis(actor), 'see analyses')
  return (await listProjects(deps.db)).map(toProjectDto)
}

export function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('hex')
}

export interface TakeInReport {
  added: number
  preparedAgain: number
  removed: number
  segments: number
  redactionsFound: number
  duplicateGroups: number
}

/**
 * Take in every evidence item in the project's scope that is not in it yet, prepare it, and group duplicates across
 * the whole project again. Items whose evidence text changed since are prepared again; items whose evidence is gone
 * (removed, or its person erased with their contributions) are removed. One transaction, one audit event (counts).
 */
export async function takeInEvidence(deps: AppDeps, actor: Actor, projectId: string): Promise<TakeInReport> {
  assertMay(mayCode(actor), 'take evidence into an analysis')
  const project = await findProject(deps.db, projectId)
  if (!project) throw notFound('analysis')
  const inScope = await listEvidenceInScope(deps, actor, {
    channel: (project.scope_channel as EvidenceChannel | null) ?? undefined,
    activityId: project.scope_activity_id ?? undefined,
    questionId: project.scope_question_id ?? undefined,
  })
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const existing = await listItemsOfProject(uow.trx, projectId)
    const byEvidence = new Map(existing.map(i => [i.evidence_item_id, i]))
    const inScopeIds = new Set(inScope.map(e => e.id))
    // Items already in the project but no longer in scope stay (the scope is what to take in, not a filter), unless
    // their evidence no longer exists at all.
    const outOfScope = existing.filter(i => !inScopeIds.has(i.evidence_item_id)).map(i => i.evidence_item_id)
    const stillThere = outOfScope.length ? await getEvidenceItems(deps, actor, outOfScope) : new Map<string, EvidenceItemDto>()
    const gone = outOfScope.filter(id => !stillThere.has(id))
    const changed = inScope.filter(e => byEvidence.has(e.id) && byEvidence.get(e.id)!.body_hash !== bodyHash(e.body)).map(e => e.id)
    const removed = await deleteItemsOfEvidence(uow.trx, [...gone, ...changed])
    const toPrepare = inScope.filter(e => !byEvidence.has(e.id) || changed.includes(e.id))

    const items = []
    const redactions = []
    const segments = []
    for (const e of toPrepare) {
      const itemId = newId(uow.now.getTime())
      items.push({
        id: itemId,
        project_id: projectId,
        evidence_item_id: e.id,
        source_role: e.sourceRole,
        person_key: personKeyOf(e.id, e.participantId),
        body_hash: bodyHash(e.body),
        prepared_at: now,
        redactions_reviewed_at: null,
        redactions_reviewed_by: null,
        duplicate_group: null,
        duplicate_kind: null,
        duplicate_representative: 0,
      })
      for (const r of findRedactions(e.body)) redactions.push({ id: newId(uow.now.getTime()), item_id: itemId, start_pos: r.start, end_pos: r.end, kind: r.kind, status: 'proposed' as const, decided_by_user_id: null, decided_at: null })
      for (const s of splitSegments(e.body)) segments.push({ id: newId(uow.now.getTime()), item_id: itemId, project_id: projectId, ordinal: s.ordinal, start_pos: s.start, end_pos: s.end })
    }
    await insertItems(uow.trx, items)
    await insertRedactions(uow.trx, redactions)
    await insertSegments(uow.trx, segments)

    // Duplicates across the whole project, on the evidence text.
    const all = await listItemsOfProject(uow.trx, projectId)
    const bodies = new Map(inScope.map(e => [e.id, e.body]))
    for (const [id, e] of stillThere) bodies.set(id, e.body)
    const groups = groupDuplicates(all.filter(i => bodies.has(i.evidence_item_id)).map(i => ({ id: i.id, text: bodies.get(i.evidence_item_id)! })))
    await setDuplicateGroups(
      uow.trx,
      projectId,
      groups.map(g => ({ itemIds: g.ids, group: g.representativeId, kind: g.kind, representativeId: g.representativeId })),
    )
    await updateProject(uow.trx, projectId, { updated_at: now })
    const report: TakeInReport = {
      added: toPrepare.length - changed.length,
      preparedAgain: changed.length,
      removed: removed - changed.length,
      segments: segments.length,
      redactionsFound: redactions.length,
      duplicateGroups: groups.length,
    }
    await uow.audit({ action: 'analysis.evidence_taken_in', subjectType: 'analysis_project', subjectId: projectId, summary: { ...report } })
    return report
  })
}

export interface ProjectOverview {
  project: ProjectDto
  items: number
  /** Items from stakeholders: labelled, and counted apart from lived experience. */
  stakeholderItems: number
  segments: number
  duplicateGroups: number
  redactionsToReview: number
  codes: number
  /** This analyst's progress. */
  reviewedByMe: number
  codedByMe: number
}

export async function getProjectOverview(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<ProjectOverview> {
  const project = await getProject(deps, actor, projectId)
  const items = await listItemsOfProject(deps.db, projectId)
  const [segments, redactions, codes, reviews, codings] = await Promise.all([
    listSegmentsOfProject(deps.db, projectId),
    listRedactionsOfProject(deps.db, projectId),
    listCodes(deps.db, projectId),
    actor.userId ? listReviews(deps.db, projectId, actor.userId) : Promise.resolve([]),
    actor.userId ? listCodingsOfProject(deps.db, projectId, actor.userId) : Promise.resolve([]),
  ])
  const withRedactions = new Set(redactions.map(r => r.item_id))
  return {
    project,
    items: items.length,
    stakeholderItems: items.filter(i => i.source_role === 'stakeholder').length,
    segments: segments.length,
    duplicateGroups: new Set(items.map(i => i.duplicate_group).filter(Boolean)).size,
    redactionsToReview: items.filter(i => withRedactions.has(i.id) && !i.redactions_reviewed_at).length,
    codes: codes.filter(c => !c.retired_at).length,
    reviewedByMe: reviews.length,
    codedByMe: new Set(codings.map(c => c.segment_id)).size,
  }
}
