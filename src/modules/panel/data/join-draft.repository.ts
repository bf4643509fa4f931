import type { Selectable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'

/** Someone's answers while they join online. `answers_enc` is encrypted (it holds their name and contact details). */
export type JoinDraftTable = {
  id: string
  answers_enc: string
  /** SHA-256 of the one-time "come back later" link's token, while one is outstanding. */
  resume_token_hash: string | null
  resume_expires_at: string | null
  created_at: string
  updated_at: string
  expires_at: string
}

export type JoinDraftRow = Selectable<JoinDraftTable>

type Tables = { panel_join_draft: JoinDraftTable }

function drafts(db: Db) {
  return db.withTables<Tables>()
}

export async function insertJoinDraft(db: Db, row: JoinDraftRow): Promise<void> {
  await drafts(db).insertInto('panel_join_draft').values(row).execute()
}

/** A draft that has not expired. */
export function findLiveJoinDraft(db: Db, id: string, now: string): Promise<JoinDraftRow | undefined> {
  return drafts(db).selectFrom('panel_join_draft').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst()
}

export async function updateJoinDraftAnswers(db: Db, id: string, changes: { answers_enc: string; updated_at: string; expires_at: string }): Promise<void> {
  await drafts(db).updateTable('panel_join_draft').set(changes).where('id', '=', id).execute()
}

/** Give the draft a new resume token (an earlier one stops working). */
export async function setJoinDraftResumeToken(db: Db, id: string, tokenHash: string, expiresAt: string): Promise<void> {
  await drafts(db).updateTable('panel_join_draft').set({ resume_token_hash: tokenHash, resume_expires_at: expiresAt }).where('id', '=', id).execute()
}

export function findJoinDraftByResumeHash(db: Db, tokenHash: string): Promise<JoinDraftRow | undefined> {
  return drafts(db).selectFrom('panel_join_draft').selectAll().where('resume_token_hash', '=', tokenHash).executeTakeFirst()
}

/**
 * Use up a resume token: true only the first time, and only before it (and the draft) expire. A token works once.
 */
export async function takeJoinDraftResumeToken(db: Db, id: string, tokenHash: string, now: string): Promise<boolean> {
  const r = await drafts(db)
    .updateTable('panel_join_draft')
    .set({ resume_token_hash: null, resume_expires_at: null })
    .where('id', '=', id)
    .where('resume_token_hash', '=', tokenHash)
    .where('resume_expires_at', '>', now)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function deleteJoinDraft(db: Db, id: string): Promise<void> {
  await drafts(db).deleteFrom('panel_join_draft').where('id', '=', id).execute()
}

/** Remove drafts that expired before `now`; returns how many. */
export async function deleteExpiredJoinDrafts(db: Db, now: string): Promise<number> {
  const r = await drafts(db).deleteFrom('panel_join_draft').where('expires_at', '<=', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}
