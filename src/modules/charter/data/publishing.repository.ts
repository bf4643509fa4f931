// The published charter's SQL: which versions are approved and published (read only here: the workflow slice writes
// approvals and publications), and the Easy Read text and translations of a version (written here).
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { CharterDraftingTables, CharterEasyReadTable, CharterTranslationTable } from './charter.table.ts'

export type EasyReadRow = Selectable<CharterEasyReadTable>
export type TranslationRow = Selectable<CharterTranslationTable>

function charter(db: Db) {
  return db.withTables<CharterDraftingTables>()
}

/** A version with its approval and publication, when it has them. */
export interface VersionStatusRow {
  id: string
  number: number
  content_json: string
  content_hash: string
  created_at: string
  approval_body: string | null
  approved_on: string | null
  approval_reference: string | null
  published_at: string | null
  review_due_on: string | null
}

function versionStatus(db: Db) {
  return charter(db)
    .selectFrom('charter_version as v')
    .leftJoin('charter_approval as a', 'a.version_id', 'v.id')
    .leftJoin('charter_publication as p', 'p.version_id', 'v.id')
    .select([
      'v.id',
      'v.number',
      'v.content_json',
      'v.content_hash',
      'v.created_at',
      'a.body as approval_body',
      'a.approved_on',
      'a.reference as approval_reference',
      'p.published_at',
      'p.review_due_on',
    ])
}

export function findVersionStatusByNumber(db: Db, number: number): Promise<VersionStatusRow | undefined> {
  return versionStatus(db).where('v.number', '=', number).executeTakeFirst()
}

export function findVersionStatusById(db: Db, id: string): Promise<VersionStatusRow | undefined> {
  return versionStatus(db).where('v.id', '=', id).executeTakeFirst()
}

export function listEasyReadRows(db: Db, versionId: string): Promise<EasyReadRow[]> {
  return charter(db).selectFrom('charter_easy_read').selectAll().where('version_id', '=', versionId).orderBy('target_key').execute()
}

export function findEasyReadRow(db: Db, versionId: string, targetKey: string): Promise<EasyReadRow | undefined> {
  return charter(db).selectFrom('charter_easy_read').selectAll().where('version_id', '=', versionId).where('target_key', '=', targetKey).executeTakeFirst()
}

export async function insertEasyRead(db: Db, row: Insertable<CharterEasyReadTable>): Promise<void> {
  await charter(db).insertInto('charter_easy_read').values(row).execute()
}

export async function updateEasyRead(db: Db, id: string, changes: Updateable<CharterEasyReadTable>): Promise<void> {
  await charter(db).updateTable('charter_easy_read').set(changes).where('id', '=', id).execute()
}

export function listTranslationRows(db: Db, versionId: string): Promise<TranslationRow[]> {
  return charter(db).selectFrom('charter_translation').selectAll().where('version_id', '=', versionId).orderBy('language_name').execute()
}

export function findTranslationRow(db: Db, versionId: string, languageCode: string): Promise<TranslationRow | undefined> {
  return charter(db).selectFrom('charter_translation').selectAll().where('version_id', '=', versionId).where('language_code', '=', languageCode).executeTakeFirst()
}

export async function insertTranslation(db: Db, row: Insertable<CharterTranslationTable>): Promise<void> {
  await charter(db).insertInto('charter_translation').values(row).execute()
}

export async function updateTranslation(db: Db, id: string, changes: Updateable<CharterTranslationTable>): Promise<void> {
  await charter(db).updateTable('charter_translation').set(changes).where('id', '=', id).execute()
}

/** Where the charter's one workflow is (for the page shown before anything is published), or undefined. */
export function findWorkflowStage(db: Db): Promise<{ stage: string; updated_at: string } | undefined> {
  return charter(db).selectFrom('charter_workflow').select(['stage', 'updated_at']).where('id', '=', 'charter').executeTakeFirst()
}

/** Every approved version, newest first (published or not). */
export function listApprovedVersionRows(db: Db): Promise<VersionStatusRow[]> {
  return versionStatus(db).where('a.id', 'is not', null).orderBy('v.number', 'desc').execute()
}
