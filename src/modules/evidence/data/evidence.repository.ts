// The evidence store's SQL: items in, items out with filters and counts, and what erasure does to a person's items.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { EvidenceChannel, EvidenceItemTable, EvidenceTables, SourceRole } from './evidence.table.ts'

export type EvidenceItemRow = Selectable<EvidenceItemTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof EvidenceTables]: EvidenceTables[K] }
const t = (db: Db) => db.withTables<Tables>()

export interface ItemFilter {
  channel?: EvidenceChannel
  activityId?: string
  sessionId?: string
  /** Only these roles (empty or absent: every role). */
  roles?: readonly SourceRole[]
  /** Every role but these. */
  notRoles?: readonly SourceRole[]
  quotableOnly?: boolean
}

function filtered(db: Db, f: ItemFilter) {
  let q = t(db).selectFrom('evidence_item')
  if (f.channel) q = q.where('channel', '=', f.channel)
  if (f.activityId) q = q.where('activity_id', '=', f.activityId)
  if (f.sessionId) q = q.where('session_id', '=', f.sessionId)
  if (f.roles && f.roles.length > 0) q = q.where('source_role', 'in', [...f.roles])
  if (f.notRoles && f.notRoles.length > 0) q = q.where('source_role', 'not in', [...f.notRoles])
  if (f.quotableOnly) q = q.where('consent_to_quote', '=', 'yes')
  return q
}

export async function insertItem(db: Db, row: Insertable<EvidenceItemTable>): Promise<void> {
  await t(db).insertInto('evidence_item').values(row).execute()
}

/** Insert the items whose source_ref is not in the store yet; returns the source refs actually added. */
export async function insertNewItems(db: Db, rows: readonly Insertable<EvidenceItemTable>[]): Promise<string[]> {
  const added: string[] = []
  for (const row of rows) {
    const r = await t(db).insertInto('evidence_item').values(row).onConflict(oc => oc.column('source_ref').doNothing()).executeTakeFirst()
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0) added.push(row.source_ref)
  }
  return added
}

/** Of these source refs, the ones already in the store. */
export async function findExistingSourceRefs(db: Db, refs: readonly string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set()
  const rows = await t(db).selectFrom('evidence_item').select('source_ref').where('source_ref', 'in', [...refs]).execute()
  return new Set(rows.map(r => r.source_ref))
}

export function findItem(db: Db, id: string): Promise<EvidenceItemRow | undefined> {
  return t(db).selectFrom('evidence_item').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateItem(db: Db, id: string, changes: Updateable<EvidenceItemTable>): Promise<void> {
  await t(db).updateTable('evidence_item').set(changes).where('id', '=', id).execute()
}

export async function deleteItem(db: Db, id: string): Promise<number> {
  const r = await t(db).deleteFrom('evidence_item').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** Items matching the filter, newest said first, one page. */
export function listItems(db: Db, f: ItemFilter, page: { limit: number; offset: number }): Promise<EvidenceItemRow[]> {
  return filtered(db, f).selectAll().orderBy('captured_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute()
}

export async function countItems(db: Db, f: ItemFilter): Promise<number> {
  const r = await filtered(db, f).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** How many items of each role match the filter. */
export async function countItemsByRole(db: Db, f: ItemFilter): Promise<Map<SourceRole, number>> {
  const rows = await filtered(db, f).select(eb => ['source_role', eb.fn.countAll<number>().as('n')] as const).groupBy('source_role').execute()
  return new Map(rows.map(r => [r.source_role, Number(r.n)]))
}

/** How many items one panel member's participant id is on. */
export async function countItemsOfParticipant(db: Db, participantId: string): Promise<number> {
  const r = await t(db).selectFrom('evidence_item').select(eb => eb.fn.countAll<number>().as('n')).where('participant_id', '=', participantId).executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function deleteItemsOfParticipant(db: Db, participantId: string): Promise<number> {
  const r = await t(db).deleteFrom('evidence_item').where('participant_id', '=', participantId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** Keep a person's items but cut them off from the person: no participant, no pseudonym, no answers, never quoted. */
export async function unlinkItemsOfParticipant(db: Db, participantId: string, now: string): Promise<number> {
  const r = await t(db)
    .updateTable('evidence_item')
    .set({ participant_id: null, pseudonym: null, demographic_snapshot_json: null, consent_to_quote: 'no', updated_at: now })
    .where('participant_id', '=', participantId)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Remember an erasure (once: a second record of the same person changes nothing). */
export async function recordErasure(db: Db, participantId: string, contributions: 'deleted' | 'unlinked', now: string): Promise<void> {
  await t(db)
    .insertInto('evidence_erased_participant')
    .values({ participant_id: participantId, contributions, erased_at: now })
    .onConflict(oc => oc.column('participant_id').doNothing())
    .execute()
}

/** Of these participants, the erased ones and what happened to their contributions. */
export async function findErasures(db: Db, participantIds: readonly string[]): Promise<Map<string, 'deleted' | 'unlinked'>> {
  if (participantIds.length === 0) return new Map()
  const rows = await t(db).selectFrom('evidence_erased_participant').selectAll().where('participant_id', 'in', [...new Set(participantIds)]).execute()
  return new Map(rows.map(r => [r.participant_id, r.contributions]))
}

/** Every item in an analysis project's scope (any of channel, activity, question), oldest first. */
export function listItemsInScope(db: Db, scope: { channel?: EvidenceChannel; activityId?: string; questionId?: string }): Promise<EvidenceItemRow[]> {
  let q = filtered(db, { channel: scope.channel, activityId: scope.activityId })
  if (scope.questionId) q = q.where('question_id', '=', scope.questionId)
  return q.selectAll().orderBy('captured_at', 'asc').orderBy('id', 'asc').execute()
}

export async function findItemsByIds(db: Db, ids: readonly string[]): Promise<EvidenceItemRow[]> {
  const out: EvidenceItemRow[] = []
  for (let i = 0; i < ids.length; i += 500) out.push(...(await t(db).selectFrom('evidence_item').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()))
  return out
}
