// Reviewing redactions: personal details found in an item are redacted from analysis straight away (proposed), and
// shown to a reviewer with the words they hide, who keeps each one (confirmed), puts the words back because they
// are not personal (rejected), or redacts more by typing the exact words (added). Only analysts see the hidden
// words here; everything downstream (coding, suggestions, exports, quotes) sees the redacted text.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import { getEvidenceItems } from '../../evidence/index.ts'
import { findItem, insertRedactions, listItemsOfProject, listRedactionsOfItems, listRedactionsOfProject, setRedactionStatus, updateItem } from '../data/analysis.repository.ts'
import type { RedactionStatus } from '../data/analysis.table.ts'
import { activeRedactions, redactedSlice } from './coding.ts'
import { assertMay, mayCode, mayReadAnalysis, notFound, validationFailed, type Problem } from './model.ts'
import { REDACTION_LABELS, type RedactionKind } from './prepare/redact.ts'

export interface RedactionReviewItem {
  itemId: string
  reviewed: boolean
  /** The text with every redaction in force applied. */
  redactedText: string
  redactions: { id: string; kind: string; kindLabel: string; hidden: string; status: RedactionStatus; context: string }[]
}

export interface RedactionQueue {
  toReview: number
  reviewed: number
  withoutRedactions: number
  /** Items with proposed redactions not yet reviewed, first ones first. */
  items: { itemId: string; proposed: number }[]
}

export async function getRedactionQueue(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, limit = 50): Promise<RedactionQueue> {
  assertMay(mayReadAnalysis(actor), 'review redactions')
  const items = await listItemsOfProject(deps.db, projectId)
  const redactions = await listRedactionsOfProject(deps.db, projectId)
  const count = new Map<string, number>()
  for (const r of redactions) count.set(r.item_id, (count.get(r.item_id) ?? 0) + 1)
  const withSome = items.filter(i => count.has(i.id))
  const toReview = withSome.filter(i => !i.redactions_reviewed_at)
  return {
    toReview: toReview.length,
    reviewed: withSome.length - toReview.length,
    withoutRedactions: items.length - withSome.length,
    items: toReview.slice(0, limit).map(i => ({ itemId: i.id, proposed: count.get(i.id)! })),
  }
}

export async function getRedactionReview(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, itemId: string): Promise<RedactionReviewItem> {
  assertMay(mayReadAnalysis(actor), 'review redactions')
  const item = await findItem(deps.db, itemId)
  if (!item || item.project_id !== projectId) throw notFound('item')
  const evidence = (await getEvidenceItems(deps, actor, [item.evidence_item_id])).get(item.evidence_item_id)
  if (!evidence) throw notFound('item: its evidence has been removed')
  const rows = await listRedactionsOfItems(deps.db, [itemId])
  const body = evidence.body
  return {
    itemId,
    reviewed: item.redactions_reviewed_at !== null,
    redactedText: redactedSlice(body, 0, body.length, activeRedactions(rows)),
    redactions: rows.map(r => ({
      id: r.id,
      kind: r.kind,
      kindLabel: REDACTION_LABELS[r.kind as RedactionKind] ?? r.kind,
      hidden: body.slice(r.start_pos, r.end_pos),
      status: r.status,
      context: `${body.slice(Math.max(0, r.start_pos - 40), r.start_pos)}[${body.slice(r.start_pos, r.end_pos)}]${body.slice(r.end_pos, r.end_pos + 40)}`,
    })),
  }
}

export interface RedactionDecisions {
  /** Redaction id → keep (true) or put the words back (false). */
  keep: Record<string, boolean>
  /** Exact words to redact as well (every occurrence in the item), one per line. */
  add: string
  addKind: string
}

/** Record the reviewer's decisions on one item; the item counts as reviewed. */
export async function reviewRedactions(deps: AppDeps, actor: Actor, projectId: string, itemId: string, decisions: RedactionDecisions): Promise<{ kept: number; rejected: number; added: number }> {
  assertMay(mayCode(actor), 'review redactions')
  const item = await findItem(deps.db, itemId)
  if (!item || item.project_id !== projectId) throw notFound('item')
  const evidence = (await getEvidenceItems(deps, actor, [item.evidence_item_id])).get(item.evidence_item_id)
  if (!evidence) throw notFound('item: its evidence has been removed')
  const rows = await listRedactionsOfItems(deps.db, [itemId])
  const problems: Problem[] = []
  for (const r of rows) if (decisions.keep[r.id] === undefined) problems.push({ field: `keep-${r.id}`, message: `Choose whether to keep hiding "${evidence.body.slice(r.start_pos, r.end_pos)}"` })
  const additions: { start: number; end: number }[] = []
  const kind = (decisions.addKind || 'name') as RedactionKind
  if (!(kind in REDACTION_LABELS)) problems.push({ field: 'addKind', message: 'Choose what kind of detail the words are' })
  for (const line of decisions.add.split('\n').map(l => l.trim()).filter(Boolean)) {
    const lower = evidence.body.toLowerCase()
    const needle = line.toLowerCase()
    let at = lower.indexOf(needle)
    if (at < 0) {
      problems.push({ field: 'add', message: `"${line}" is not in the text: copy the words exactly as they appear` })
      continue
    }
    while (at >= 0) {
      additions.push({ start: at, end: at + needle.length })
      at = lower.indexOf(needle, at + needle.length)
    }
  }
  if (problems.length) throw validationFailed(problems)
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    let kept = 0
    let rejected = 0
    for (const r of rows) {
      const status: RedactionStatus = decisions.keep[r.id] ? (r.status === 'added' ? 'added' : 'confirmed') : 'rejected'
      if (status === 'rejected') rejected += 1
      else kept += 1
      if (status !== r.status) await setRedactionStatus(uow.trx, r.id, status, actor.userId, now)
    }
    const fresh = additions.filter(a => !rows.some(r => r.status !== 'rejected' && r.start_pos <= a.start && r.end_pos >= a.end))
    await insertRedactions(
      uow.trx,
      fresh.map(a => ({ id: newId(uow.now.getTime()), item_id: itemId, start_pos: a.start, end_pos: a.end, kind, status: 'added' as const, decided_by_user_id: actor.userId, decided_at: now })),
    )
    await updateItem(uow.trx, itemId, { redactions_reviewed_at: now, redactions_reviewed_by: actor.userId })
    // Counts and kinds only: never the hidden words.
    await uow.audit({ action: 'analysis.redactions_reviewed', subjectType: 'analysis_item', subjectId: itemId, summary: { projectId, kept, rejected, added: fresh.length } })
    return { kept, rejected, added: fresh.length }
  })
}
