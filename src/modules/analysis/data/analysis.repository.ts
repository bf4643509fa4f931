// The analysis module's SQL: projects, their prepared items (redactions, segments, duplicate groups), the codebook
// and its versions, coding and reviews, samples for agreement, suggestion runs, findings and "you said, we did".
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type {
  AnalysisCodeTable,
  AnalysisCodebookVersionTable,
  AnalysisCodingTable,
  AnalysisFeedbackTable,
  AnalysisFindingTable,
  AnalysisItemTable,
  AnalysisProjectTable,
  AnalysisRedactionTable,
  AnalysisSegmentTable,
  AnalysisSuggestionRunTable,
  AnalysisSuggestionTable,
  AnalysisTables,
  RedactionStatus,
} from './analysis.table.ts'

export type ProjectRow = Selectable<AnalysisProjectTable>
export type ItemRow = Selectable<AnalysisItemTable>
export type RedactionRow = Selectable<AnalysisRedactionTable>
export type SegmentRow = Selectable<AnalysisSegmentTable>
export type CodeRow = Selectable<AnalysisCodeTable>
export type CodebookVersionRow = Selectable<AnalysisCodebookVersionTable>
export type CodingRow = Selectable<AnalysisCodingTable>
export type SuggestionRunRow = Selectable<AnalysisSuggestionRunTable>
export type SuggestionRow = Selectable<AnalysisSuggestionTable>
export type FindingRow = Selectable<AnalysisFindingTable>
export type FeedbackRow = Selectable<AnalysisFeedbackTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof AnalysisTables]: AnalysisTables[K] }
const t = (db: Db) => db.withTables<Tables>()

/** Chunks small enough for either database's limit on bound parameters. */
const CHUNK = 400
function chunks<T>(xs: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}

// ---- projects ----

export async function insertProject(db: Db, row: Insertable<AnalysisProjectTable>): Promise<void> {
  await t(db).insertInto('analysis_project').values(row).execute()
}

export function findProject(db: Db, id: string): Promise<ProjectRow | undefined> {
  return t(db).selectFrom('analysis_project').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listProjects(db: Db): Promise<ProjectRow[]> {
  return t(db).selectFrom('analysis_project').selectAll().orderBy('created_at', 'desc').execute()
}

export async function updateProject(db: Db, id: string, changes: Updateable<AnalysisProjectTable>): Promise<void> {
  await t(db).updateTable('analysis_project').set(changes).where('id', '=', id).execute()
}

// ---- items, redactions, segments ----

export async function insertItems(db: Db, rows: readonly Insertable<AnalysisItemTable>[]): Promise<void> {
  for (const part of chunks(rows, 200)) await t(db).insertInto('analysis_item').values(part).execute()
}

export function listItemsOfProject(db: Db, projectId: string): Promise<ItemRow[]> {
  return t(db).selectFrom('analysis_item').selectAll().where('project_id', '=', projectId).orderBy('prepared_at').orderBy('id').execute()
}

export function findItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return t(db).selectFrom('analysis_item').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateItem(db: Db, id: string, changes: Updateable<AnalysisItemTable>): Promise<void> {
  await t(db).updateTable('analysis_item').set(changes).where('id', '=', id).execute()
}

export async function setDuplicateGroups(
  db: Db,
  projectId: string,
  groups: readonly { itemIds: readonly string[]; group: string; kind: string; representativeId: string }[],
): Promise<void> {
  await t(db).updateTable('analysis_item').set({ duplicate_group: null, duplicate_kind: null, duplicate_representative: 0 }).where('project_id', '=', projectId).execute()
  for (const g of groups) {
    for (const part of chunks(g.itemIds)) {
      await t(db).updateTable('analysis_item').set({ duplicate_group: g.group, duplicate_kind: g.kind }).where('id', 'in', part).execute()
    }
    await t(db).updateTable('analysis_item').set({ duplicate_representative: 1 }).where('id', '=', g.representativeId).execute()
  }
}

/** Remove items (and, by cascade, their redactions, segments and coding) whose evidence is gone. */
export async function deleteItemsOfEvidence(db: Db, evidenceItemIds: readonly string[]): Promise<number> {
  let n = 0
  for (const part of chunks(evidenceItemIds)) {
    const r = await t(db).deleteFrom('analysis_item').where('evidence_item_id', 'in', part).executeTakeFirst()
    n += Number(r.numDeletedRows)
  }
  return n
}

export async function insertRedactions(db: Db, rows: readonly Insertable<AnalysisRedactionTable>[]): Promise<void> {
  for (const part of chunks(rows, 200)) await t(db).insertInto('analysis_redaction').values(part).execute()
}

export async function listRedactionsOfItems(db: Db, itemIds: readonly string[]): Promise<RedactionRow[]> {
  const out: RedactionRow[] = []
  for (const part of chunks(itemIds)) out.push(...(await t(db).selectFrom('analysis_redaction').selectAll().where('item_id', 'in', part).orderBy('start_pos').execute()))
  return out
}

export async function listRedactionsOfProject(db: Db, projectId: string): Promise<RedactionRow[]> {
  return t(db)
    .selectFrom('analysis_redaction as r')
    .innerJoin('analysis_item as i', 'i.id', 'r.item_id')
    .selectAll('r')
    .where('i.project_id', '=', projectId)
    .orderBy('r.item_id')
    .orderBy('r.start_pos')
    .execute()
}

export async function setRedactionStatus(db: Db, id: string, status: RedactionStatus, by: string | null, at: string): Promise<void> {
  await t(db).updateTable('analysis_redaction').set({ status, decided_by_user_id: by, decided_at: at }).where('id', '=', id).execute()
}

export async function insertSegments(db: Db, rows: readonly Insertable<AnalysisSegmentTable>[]): Promise<void> {
  for (const part of chunks(rows, 300)) await t(db).insertInto('analysis_segment').values(part).execute()
}

export function listSegmentsOfProject(db: Db, projectId: string): Promise<SegmentRow[]> {
  return t(db).selectFrom('analysis_segment').selectAll().where('project_id', '=', projectId).orderBy('item_id').orderBy('ordinal').execute()
}

export function listSegmentsOfItem(db: Db, itemId: string): Promise<SegmentRow[]> {
  return t(db).selectFrom('analysis_segment').selectAll().where('item_id', '=', itemId).orderBy('ordinal').execute()
}

export function findSegment(db: Db, id: string): Promise<SegmentRow | undefined> {
  return t(db).selectFrom('analysis_segment').selectAll().where('id', '=', id).executeTakeFirst()
}

// ---- codebook ----

export async function insertCode(db: Db, row: Insertable<AnalysisCodeTable>): Promise<void> {
  await t(db).insertInto('analysis_code').values(row).execute()
}

export async function updateCode(db: Db, id: string, changes: Updateable<AnalysisCodeTable>): Promise<void> {
  await t(db).updateTable('analysis_code').set(changes).where('id', '=', id).execute()
}

export function listCodes(db: Db, projectId: string): Promise<CodeRow[]> {
  return t(db).selectFrom('analysis_code').selectAll().where('project_id', '=', projectId).orderBy('position').orderBy('name').execute()
}

export function findCode(db: Db, id: string): Promise<CodeRow | undefined> {
  return t(db).selectFrom('analysis_code').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertCodebookVersion(db: Db, row: Insertable<AnalysisCodebookVersionTable>): Promise<void> {
  await t(db).insertInto('analysis_codebook_version').values(row).execute()
}

export function listCodebookVersions(db: Db, projectId: string): Promise<CodebookVersionRow[]> {
  return t(db).selectFrom('analysis_codebook_version').selectAll().where('project_id', '=', projectId).orderBy('version', 'desc').execute()
}

// ---- coding and reviews ----

export async function insertCodings(db: Db, rows: readonly Insertable<AnalysisCodingTable>[]): Promise<number> {
  let n = 0
  for (const part of chunks(rows, 200)) {
    const r = await t(db)
      .insertInto('analysis_coding')
      .values(part)
      .onConflict(oc => oc.columns(['segment_id', 'code_id', 'coder_user_id']).doNothing())
      .executeTakeFirst()
    n += Number(r.numInsertedOrUpdatedRows ?? 0n)
  }
  return n
}

export async function deleteCodings(db: Db, segmentId: string, coderUserId: string, codeIds: readonly string[]): Promise<void> {
  if (codeIds.length === 0) return
  await t(db).deleteFrom('analysis_coding').where('segment_id', '=', segmentId).where('coder_user_id', '=', coderUserId).where('code_id', 'in', [...codeIds]).execute()
}

export function listCodingsOfSegment(db: Db, segmentId: string): Promise<CodingRow[]> {
  return t(db).selectFrom('analysis_coding').selectAll().where('segment_id', '=', segmentId).execute()
}

/** Every coding in a project (optionally one coder's). */
export function listCodingsOfProject(db: Db, projectId: string, coderUserId?: string): Promise<CodingRow[]> {
  let q = t(db).selectFrom('analysis_coding').selectAll().where('project_id', '=', projectId)
  if (coderUserId) q = q.where('coder_user_id', '=', coderUserId)
  return q.orderBy('created_at').execute()
}

export async function upsertReviews(db: Db, rows: readonly { segment_id: string; coder_user_id: string; project_id: string; reviewed_at: string }[]): Promise<void> {
  for (const part of chunks(rows, 300)) {
    await t(db)
      .insertInto('analysis_review')
      .values(part)
      .onConflict(oc => oc.columns(['segment_id', 'coder_user_id']).doUpdateSet(eb => ({ reviewed_at: eb.ref('excluded.reviewed_at') })))
      .execute()
  }
}

export async function listReviews(db: Db, projectId: string, coderUserId?: string): Promise<{ segment_id: string; coder_user_id: string; reviewed_at: string }[]> {
  let q = t(db).selectFrom('analysis_review').select(['segment_id', 'coder_user_id', 'reviewed_at']).where('project_id', '=', projectId)
  if (coderUserId) q = q.where('coder_user_id', '=', coderUserId)
  return q.execute()
}

// ---- samples for agreement ----

export async function insertSample(db: Db, row: { id: string; project_id: string; name: string; created_by_user_id: string | null; created_at: string }, segmentIds: readonly string[]): Promise<void> {
  await t(db).insertInto('analysis_sample').values(row).execute()
  for (const part of chunks(segmentIds)) await t(db).insertInto('analysis_sample_segment').values(part.map(segment_id => ({ sample_id: row.id, segment_id }))).execute()
}

export function listSamples(db: Db, projectId: string): Promise<{ id: string; name: string; created_at: string; created_by_user_id: string | null }[]> {
  return t(db).selectFrom('analysis_sample').select(['id', 'name', 'created_at', 'created_by_user_id']).where('project_id', '=', projectId).orderBy('created_at', 'desc').execute()
}

export async function listSampleSegmentIds(db: Db, sampleId: string): Promise<string[]> {
  return (await t(db).selectFrom('analysis_sample_segment').select('segment_id').where('sample_id', '=', sampleId).execute()).map(r => r.segment_id)
}

// ---- suggestions ----

export async function insertSuggestionRun(db: Db, row: Insertable<AnalysisSuggestionRunTable>, suggestions: readonly Insertable<AnalysisSuggestionTable>[]): Promise<void> {
  await t(db).insertInto('analysis_suggestion_run').values(row).execute()
  for (const part of chunks(suggestions, 300)) await t(db).insertInto('analysis_suggestion').values(part).execute()
}

export function findLatestSuggestionRun(db: Db, projectId: string, coderUserId: string): Promise<SuggestionRunRow | undefined> {
  return t(db)
    .selectFrom('analysis_suggestion_run')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('coder_user_id', '=', coderUserId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function listSuggestions(db: Db, runId: string, filter: { segmentId?: string; codeId?: string; bulk?: boolean } = {}): Promise<SuggestionRow[]> {
  let q = t(db).selectFrom('analysis_suggestion').selectAll().where('run_id', '=', runId)
  if (filter.segmentId) q = q.where('segment_id', '=', filter.segmentId)
  if (filter.codeId) q = q.where('code_id', '=', filter.codeId)
  if (filter.bulk !== undefined) q = q.where('bulk', '=', filter.bulk ? 1 : 0)
  return q.orderBy('confidence', 'desc').execute()
}

/** Old runs are only history: keep the last few per coder. */
export async function deleteSuggestionRunsBefore(db: Db, projectId: string, coderUserId: string, keepFrom: string): Promise<void> {
  await t(db).deleteFrom('analysis_suggestion_run').where('project_id', '=', projectId).where('coder_user_id', '=', coderUserId).where('created_at', '<', keepFrom).execute()
}

// ---- findings ----

export async function insertFinding(db: Db, row: Insertable<AnalysisFindingTable>): Promise<void> {
  await t(db).insertInto('analysis_finding').values(row).execute()
}

export async function updateFinding(db: Db, id: string, changes: Updateable<AnalysisFindingTable>): Promise<void> {
  await t(db).updateTable('analysis_finding').set(changes).where('id', '=', id).execute()
}

export async function deleteFinding(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('analysis_finding').where('id', '=', id).execute()
}

export function findFinding(db: Db, id: string): Promise<FindingRow | undefined> {
  return t(db).selectFrom('analysis_finding').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listFindings(db: Db, projectId: string | null, status?: 'draft' | 'published'): Promise<FindingRow[]> {
  let q = t(db).selectFrom('analysis_finding').selectAll()
  if (projectId) q = q.where('project_id', '=', projectId)
  if (status) q = q.where('status', '=', status)
  return q.orderBy('position').orderBy('created_at').execute()
}

export async function replaceFindingCodes(db: Db, findingId: string, codeIds: readonly string[]): Promise<void> {
  await t(db).deleteFrom('analysis_finding_code').where('finding_id', '=', findingId).execute()
  if (codeIds.length) await t(db).insertInto('analysis_finding_code').values(codeIds.map(code_id => ({ finding_id: findingId, code_id }))).execute()
}

export async function replaceFindingQuotes(db: Db, findingId: string, segmentIds: readonly string[]): Promise<void> {
  await t(db).deleteFrom('analysis_finding_quote').where('finding_id', '=', findingId).execute()
  if (segmentIds.length) await t(db).insertInto('analysis_finding_quote').values(segmentIds.map((segment_id, position) => ({ finding_id: findingId, segment_id, position }))).execute()
}

export async function listFindingCodes(db: Db, findingIds: readonly string[]): Promise<{ finding_id: string; code_id: string }[]> {
  if (findingIds.length === 0) return []
  return t(db).selectFrom('analysis_finding_code').selectAll().where('finding_id', 'in', [...findingIds]).execute()
}

export async function listFindingQuotes(db: Db, findingIds: readonly string[]): Promise<{ finding_id: string; segment_id: string; position: number }[]> {
  if (findingIds.length === 0) return []
  return t(db).selectFrom('analysis_finding_quote').selectAll().where('finding_id', 'in', [...findingIds]).orderBy('position').execute()
}

// ---- "you said, we did" ----

export async function insertFeedback(db: Db, row: Insertable<AnalysisFeedbackTable>): Promise<void> {
  await t(db).insertInto('analysis_feedback').values(row).execute()
}

export async function updateFeedback(db: Db, id: string, changes: Updateable<AnalysisFeedbackTable>): Promise<void> {
  await t(db).updateTable('analysis_feedback').set(changes).where('id', '=', id).execute()
}

export function findFeedback(db: Db, id: string): Promise<FeedbackRow | undefined> {
  return t(db).selectFrom('analysis_feedback').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listFeedback(db: Db, projectId: string): Promise<FeedbackRow[]> {
  return t(db).selectFrom('analysis_feedback').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').execute()
}

// ---- erasure ----

export function listItemsOfPerson(db: Db, personKey: string): Promise<ItemRow[]> {
  return t(db).selectFrom('analysis_item').selectAll().where('person_key', '=', personKey).execute()
}

export async function deleteItemsByIds(db: Db, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) await t(db).deleteFrom('analysis_item').where('id', 'in', part).execute()
}

/** Count the item as no one's: keyed by its evidence item, as anonymous items are. */
export async function unlinkItem(db: Db, id: string, evidenceItemId: string): Promise<void> {
  await t(db).updateTable('analysis_item').set({ person_key: `i:${evidenceItemId}` }).where('id', '=', id).execute()
}

/** Quotes taken from these items' segments (an erased person is never quoted). */
export async function deleteQuotesOfItems(db: Db, itemIds: readonly string[]): Promise<number> {
  let n = 0
  for (const part of chunks(itemIds)) {
    const r = await t(db)
      .deleteFrom('analysis_finding_quote')
      .where('segment_id', 'in', eb => eb.selectFrom('analysis_segment').select('id').where('item_id', 'in', part))
      .executeTakeFirst()
    n += Number(r.numDeletedRows)
  }
  return n
}

// ---- samples, findings and exchange (counts, agreement, findings pages) ----

export function findSample(db: Db, id: string): Promise<{ id: string; project_id: string; name: string; created_at: string; created_by_user_id: string | null } | undefined> {
  return t(db).selectFrom('analysis_sample').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertCodes(db: Db, rows: readonly Insertable<AnalysisCodeTable>[]): Promise<void> {
  for (const row of rows) await t(db).insertInto('analysis_code').values(row).execute()
}

