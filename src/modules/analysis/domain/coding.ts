// Coding: an analyst looks at one segment at a time (in the context of its whole item) and chooses the codes that
// apply, or none. Each analyst's coding is their own (two analysts can code the same sample for agreement). Saving a
// segment replaces that analyst's codes on it and marks it reviewed, in one transaction with one audit event.
// What is shown is always the REDACTED text: redactions proposed and not rejected, confirmed and added ones.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import { getEvidenceItems, type EvidenceItemDto } from '../../evidence/index.ts'
import {
  deleteCodings,
  findItem,
  findProject,
  findSegment,
  insertCodings,
  listCodes,
  listCodingsOfProject,
  listCodingsOfSegment,
  listRedactionsOfItems,
  listReviews,
  listSegmentsOfItem,
  listSegmentsOfProject,
  listItemsOfProject,
  upsertReviews,
  type CodingRow,
  type ItemRow,
  type RedactionRow,
  type SegmentRow,
} from '../data/analysis.repository.ts'
import type { CodingOrigin } from '../data/analysis.table.ts'
import { codeTree, type CodeDto } from './codebook.ts'
import { applyRedactions, REDACTION_LABELS, type RedactionKind } from './prepare/redact.ts'
import { assertMay, coderOf, mayCode, mayReadAnalysis, notFound, validationFailed } from './model.ts'

/** The redactions in force: every one not rejected. */
export function activeRedactions(rows: readonly RedactionRow[]): { start: number; end: number; kind: RedactionKind; text: string }[] {
  return rows.filter(r => r.status !== 'rejected').map(r => ({ start: r.start_pos, end: r.end_pos, kind: r.kind as RedactionKind, text: '' }))
}

/** A piece of the original text with the redactions in force applied (offsets relative to the original). */
export function redactedSlice(body: string, start: number, end: number, redactions: readonly { start: number; end: number; kind: RedactionKind; text: string }[]): string {
  const inside = redactions.filter(r => r.end > start && r.start < end).map(r => ({ ...r, start: Math.max(r.start, start) - start, end: Math.min(r.end, end) - start }))
  return applyRedactions(body.slice(start, end), inside).trim()
}

export interface SegmentView {
  id: string
  ordinal: number
  text: string
}

export interface CodingPage {
  projectId: string
  item: { id: string; evidenceItemId: string; channelLabel: string; sourceRoleLabel: string; isStakeholder: boolean; pseudonym: string | null; questionText: string | null; duplicateKind: string | null }
  segment: SegmentView
  /** Every segment of the item, for context, with the current one marked. */
  context: (SegmentView & { current: boolean })[]
  codes: (CodeDto & { checked: boolean })[]
  reviewed: boolean
  progress: { reviewed: number; total: number }
  codebookVersion: number
}

async function textOf(deps: Pick<AppDeps, 'db'>, actor: Actor, item: ItemRow): Promise<{ evidence: EvidenceItemDto | undefined; redactions: ReturnType<typeof activeRedactions> }> {
  const evidence = (await getEvidenceItems(deps, actor, [item.evidence_item_id])).get(item.evidence_item_id)
  const redactions = activeRedactions(await listRedactionsOfItems(deps.db, [item.id]))
  return { evidence, redactions }
}

/** The coding page for one segment, as the analyst has coded it so far. */
export async function getCodingPage(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, segmentId: string): Promise<CodingPage> {
  assertMay(mayReadAnalysis(actor), 'see coding')
  const coder = coderOf(actor)
  const project = await findProject(deps.db, projectId)
  const segment = await findSegment(deps.db, segmentId)
  if (!project || !segment || segment.project_id !== projectId) throw notFound('segment')
  const item = (await findItem(deps.db, segment.item_id))!
  const { evidence, redactions } = await textOf(deps, actor, item)
  if (!evidence) throw notFound('segment: its evidence has been removed')
  const segments = await listSegmentsOfItem(deps.db, item.id)
  const mine = new Set((await listCodingsOfSegment(deps.db, segmentId)).filter(c => c.coder_user_id === coder).map(c => c.code_id))
  const reviews = await listReviews(deps.db, projectId, coder)
  const total = (await listSegmentsOfProject(deps.db, projectId)).length
  const view = (s: SegmentRow): SegmentView => ({ id: s.id, ordinal: s.ordinal, text: redactedSlice(evidence.body, s.start_pos, s.end_pos, redactions) })
  return {
    projectId,
    item: {
      id: item.id,
      evidenceItemId: item.evidence_item_id,
      channelLabel: evidence.channelLabel,
      sourceRoleLabel: evidence.sourceRoleLabel,
      isStakeholder: evidence.isStakeholder,
      pseudonym: evidence.pseudonym,
      questionText: evidence.questionText,
      duplicateKind: item.duplicate_kind,
    },
    segment: view(segment),
    context: segments.map(s => ({ ...view(s), current: s.id === segmentId })),
    codes: codeTree(await listCodes(deps.db, projectId)).map(c => ({ ...c, checked: mine.has(c.id) })),
    reviewed: reviews.some(r => r.segment_id === segmentId),
    progress: { reviewed: reviews.length, total },
    codebookVersion: project.codebook_version,
  }
}

/**
 * The next segment this analyst has not reviewed, after `afterSegmentId` in project order (wrapping round), or null
 * when every segment is done. Duplicates that are not their group's representative come last.
 */
export async function nextSegmentToCode(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, afterSegmentId?: string): Promise<string | null> {
  assertMay(mayReadAnalysis(actor), 'see coding')
  const coder = coderOf(actor)
  const [segments, items, reviews] = await Promise.all([listSegmentsOfProject(deps.db, projectId), listItemsOfProject(deps.db, projectId), listReviews(deps.db, projectId, coder)])
  const done = new Set(reviews.map(r => r.segment_id))
  const itemOrder = new Map(items.map((i, n) => [i.id, n]))
  const secondary = new Set(items.filter(i => i.duplicate_group && !i.duplicate_representative).map(i => i.id))
  const ordered = [...segments].sort((a, b) => Number(secondary.has(a.item_id)) - Number(secondary.has(b.item_id)) || itemOrder.get(a.item_id)! - itemOrder.get(b.item_id)! || a.ordinal - b.ordinal)
  const start = afterSegmentId ? ordered.findIndex(s => s.id === afterSegmentId) + 1 : 0
  for (let k = 0; k < ordered.length; k++) {
    const s = ordered[(start + k) % ordered.length]!
    if (!done.has(s.id)) return s.id
  }
  return null
}

/**
 * Replace this analyst's codes on a segment with `codeIds` and mark it reviewed. With `scope: 'item'`, every segment
 * of the segment's item gets exactly these codes (coding a whole answer at once), in the same transaction.
 */
export async function codeSegment(
  deps: AppDeps,
  actor: Actor,
  projectId: string,
  segmentId: string,
  codeIds: readonly string[],
  origin: CodingOrigin = 'analyst',
  scope: 'segment' | 'item' = 'segment',
): Promise<{ added: string[]; removed: string[]; segments: number }> {
  assertMay(mayCode(actor), 'code evidence')
  const coder = coderOf(actor)
  const project = await findProject(deps.db, projectId)
  const segment = await findSegment(deps.db, segmentId)
  if (!project || !segment || segment.project_id !== projectId) throw notFound('segment')
  const codes = await listCodes(deps.db, projectId)
  const unique = [...new Set(codeIds)]
  const unknown = unique.filter(id => !codes.some(c => c.id === id))
  if (unknown.length) throw validationFailed([{ field: 'codes', message: 'One of the codes chosen is no longer in the codebook: choose again' }])
  const targets = scope === 'item' ? await listSegmentsOfItem(deps.db, segment.item_id) : [segment]
  const changes: { segmentId: string; added: string[]; removed: string[] }[] = []
  for (const target of targets) {
    const before = new Set((await listCodingsOfSegment(deps.db, target.id)).filter(c => c.coder_user_id === coder).map(c => c.code_id))
    const retiredNew = unique.filter(id => !before.has(id) && codes.find(c => c.id === id)!.retired_at)
    if (retiredNew.length) throw validationFailed([{ field: 'codes', message: 'A retired code cannot be given to new segments: choose another code' }])
    changes.push({ segmentId: target.id, added: unique.filter(id => !before.has(id)), removed: [...before].filter(id => !unique.includes(id)) })
  }
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    for (const c of changes) {
      await deleteCodings(uow.trx, c.segmentId, coder, c.removed)
      await insertCodings(
        uow.trx,
        c.added.map(code_id => ({ id: newId(uow.now.getTime()), project_id: projectId, segment_id: c.segmentId, code_id, coder_user_id: coder, origin, confidence: null, codebook_version: project.codebook_version, created_at: now })),
      )
      await uow.audit({ action: 'analysis.segment_coded', subjectType: 'analysis_segment', subjectId: c.segmentId, summary: { projectId, added: c.added, removed: c.removed, origin, scope } })
    }
    await upsertReviews(uow.trx, changes.map(c => ({ segment_id: c.segmentId, coder_user_id: coder, project_id: projectId, reviewed_at: now })))
  })
  const mine = changes.find(c => c.segmentId === segmentId)!
  return { added: mine.added, removed: mine.removed, segments: changes.length }
}

export interface CodedSegment {
  segmentId: string
  itemId: string
  text: string
  codeIds: string[]
  reviewed: boolean
}

/**
 * Every segment of a project with its redacted text and this coder's codes (for suggestions, counts and exports).
 * Segments whose evidence is gone are left out.
 */
export async function loadProjectSegments(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, coderUserId: string | null): Promise<{ segments: CodedSegment[]; items: ItemRow[]; evidence: Map<string, EvidenceItemDto>; codings: CodingRow[] }> {
  assertMay(mayReadAnalysis(actor), 'see coding')
  const [items, segments, codings, reviews] = await Promise.all([
    listItemsOfProject(deps.db, projectId),
    listSegmentsOfProject(deps.db, projectId),
    listCodingsOfProject(deps.db, projectId, coderUserId ?? undefined),
    coderUserId ? listReviews(deps.db, projectId, coderUserId) : Promise.resolve([]),
  ])
  const evidence = await getEvidenceItems(deps, actor, items.map(i => i.evidence_item_id))
  const redactions = await listRedactionsOfItems(deps.db, items.map(i => i.id))
  const redactionsOf = new Map<string, RedactionRow[]>()
  for (const r of redactions) redactionsOf.set(r.item_id, [...(redactionsOf.get(r.item_id) ?? []), r])
  const itemById = new Map(items.map(i => [i.id, i]))
  const codesOf = new Map<string, string[]>()
  for (const c of codings) codesOf.set(c.segment_id, [...(codesOf.get(c.segment_id) ?? []), c.code_id])
  const reviewed = new Set(reviews.map(r => r.segment_id))
  const out: CodedSegment[] = []
  for (const s of segments) {
    const item = itemById.get(s.item_id)
    const e = item ? evidence.get(item.evidence_item_id) : undefined
    if (!item || !e) continue
    out.push({ segmentId: s.id, itemId: s.item_id, text: redactedSlice(e.body, s.start_pos, s.end_pos, activeRedactions(redactionsOf.get(item.id) ?? [])), codeIds: codesOf.get(s.id) ?? [], reviewed: reviewed.has(s.id) })
  }
  return { segments: out, items, evidence, codings }
}

export { REDACTION_LABELS }
