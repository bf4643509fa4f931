// The charter workflow's SQL: the one workflow row, its step history, approvals and publications; and read-only
// views of versions and review rounds (written by the drafting and review slices) that the workflow's gates need.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type {
  CharterApprovalTable,
  CharterDraftingTables,
  CharterPublicationTable,
  CharterVersionTable,
  CharterWorkflowStepTable,
  CharterWorkflowTable,
  ReviewAudience,
} from './charter.table.ts'

export type WorkflowRow = Selectable<CharterWorkflowTable>
export type WorkflowStepRow = Selectable<CharterWorkflowStepTable>
export type ApprovalRow = Selectable<CharterApprovalTable>
export type PublicationRow = Selectable<CharterPublicationTable>
export type VersionRow = Selectable<CharterVersionTable>
/** A version without its (possibly large) content. */
export type VersionSummaryRow = Pick<VersionRow, 'id' | 'number' | 'note' | 'created_at' | 'content_hash'>

/** The charter has one workflow; this is its row's id. */
export const WORKFLOW_ID = 'charter'

type Tables = { [K in keyof CharterDraftingTables]: CharterDraftingTables[K] }
const t = (db: Db) => db.withTables<Tables>()

// ---- the workflow row and its history ----

export function findWorkflow(db: Db): Promise<WorkflowRow | undefined> {
  return t(db).selectFrom('charter_workflow').selectAll().where('id', '=', WORKFLOW_ID).executeTakeFirst()
}

export async function insertWorkflow(db: Db, row: Insertable<CharterWorkflowTable>): Promise<void> {
  await t(db).insertInto('charter_workflow').values(row).execute()
}

/**
 * Change the workflow row only if it is still at `expectedStage` (two people pressing the button at once: the second
 * finds it has moved). Returns whether the row was changed.
 */
export async function updateWorkflow(db: Db, expectedStage: string, changes: Updateable<CharterWorkflowTable>): Promise<boolean> {
  const r = await t(db)
    .updateTable('charter_workflow')
    .set(changes)
    .where('id', '=', WORKFLOW_ID)
    .where('stage', '=', expectedStage as CharterWorkflowTable['stage'])
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function insertWorkflowStep(db: Db, row: Insertable<CharterWorkflowStepTable>): Promise<void> {
  await t(db).insertInto('charter_workflow_step').values(row).execute()
}

/** Newest first (ids are time-ordered UUIDv7, which breaks ties within one millisecond). */
export function listWorkflowSteps(db: Db): Promise<WorkflowStepRow[]> {
  return t(db).selectFrom('charter_workflow_step').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
}

// ---- versions (read only: the drafting slice writes them) ----

export function findVersion(db: Db, id: string): Promise<VersionRow | undefined> {
  return t(db).selectFrom('charter_version').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findLatestVersionSummary(db: Db): Promise<VersionSummaryRow | undefined> {
  return t(db)
    .selectFrom('charter_version')
    .select(['id', 'number', 'note', 'created_at', 'content_hash'])
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Newest first. */
export function listVersionSummaries(db: Db): Promise<VersionSummaryRow[]> {
  return t(db).selectFrom('charter_version').select(['id', 'number', 'note', 'created_at', 'content_hash']).orderBy('number', 'desc').execute()
}

export async function numbersOfVersions(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map()
  const rows = await t(db).selectFrom('charter_version').select(['id', 'number']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map(r => [r.id, Number(r.number)]))
}

// ---- review rounds (read only: the review slice writes them) ----

export interface ClosedRoundAudienceRow {
  round_id: string
  title: string
  version_number: number
  closed_at: string | null
  audience: ReviewAudience
}

/** The audiences of every closed review round on a version numbered at most `maxVersionNumber`. */
export async function listClosedRoundAudiences(db: Db, maxVersionNumber: number): Promise<ClosedRoundAudienceRow[]> {
  const rows = await t(db)
    .selectFrom('charter_review_round as r')
    .innerJoin('charter_version as v', 'v.id', 'r.version_id')
    .innerJoin('charter_review_audience as a', 'a.round_id', 'r.id')
    .select(['r.id as round_id', 'r.title', 'v.number as version_number', 'r.closed_at', 'a.audience'])
    .where('r.status', '=', 'closed')
    .where('v.number', '<=', maxVersionNumber)
    .orderBy('v.number', 'desc')
    .orderBy('r.created_at', 'desc')
    .execute()
  return rows.map(r => ({ ...r, version_number: Number(r.version_number) }))
}

export interface RoundAudienceRow {
  round_id: string
  title: string
  status: 'open' | 'closed'
  version_number: number
  closes_on: string
  audience: ReviewAudience
}

/** Every review round's audiences, with its version's number: newest version first. */
export async function listRoundAudiences(db: Db): Promise<RoundAudienceRow[]> {
  const rows = await t(db)
    .selectFrom('charter_review_round as r')
    .innerJoin('charter_version as v', 'v.id', 'r.version_id')
    .innerJoin('charter_review_audience as a', 'a.round_id', 'r.id')
    .select(['r.id as round_id', 'r.title', 'r.status', 'v.number as version_number', 'r.closes_on', 'a.audience'])
    .orderBy('v.number', 'desc')
    .orderBy('r.created_at', 'desc')
    .execute()
  return rows.map(r => ({ ...r, version_number: Number(r.version_number) }))
}

// ---- approvals and publications ----

export async function insertApproval(db: Db, row: Insertable<CharterApprovalTable>): Promise<void> {
  await t(db).insertInto('charter_approval').values(row).execute()
}

export function findApprovalOfVersion(db: Db, versionId: string): Promise<ApprovalRow | undefined> {
  return t(db).selectFrom('charter_approval').selectAll().where('version_id', '=', versionId).executeTakeFirst()
}

export async function insertPublication(db: Db, row: Insertable<CharterPublicationTable>): Promise<void> {
  await t(db).insertInto('charter_publication').values(row).execute()
}

export function findPublicationOfVersion(db: Db, versionId: string): Promise<PublicationRow | undefined> {
  return t(db).selectFrom('charter_publication').selectAll().where('version_id', '=', versionId).executeTakeFirst()
}

export interface PublishedVersionRow {
  version_id: string
  number: number
  published_at: string
  review_due_on: string
  body: string
  approved_on: string
  reference: string | null
}

/** Every published version with its approval, newest publication first. */
export async function listPublishedVersionRows(db: Db): Promise<PublishedVersionRow[]> {
  const rows = await t(db)
    .selectFrom('charter_publication as p')
    .innerJoin('charter_version as v', 'v.id', 'p.version_id')
    .innerJoin('charter_approval as a', 'a.version_id', 'p.version_id')
    .select(['p.version_id', 'v.number', 'p.published_at', 'p.review_due_on', 'a.body', 'a.approved_on', 'a.reference'])
    .orderBy('p.published_at', 'desc')
    .orderBy('v.number', 'desc')
    .execute()
  return rows.map(r => ({ ...r, number: Number(r.number) }))
}
