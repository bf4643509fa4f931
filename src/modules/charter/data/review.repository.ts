import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db, DbOrTrx } from '../../../platform/db/database.ts'
import type {
  CharterCommentResponseTable,
  CharterCommentTable,
  CharterDraftingTables,
  CharterReviewerTable,
  CharterReviewRoundTable,
  CharterVersionTable,
  ReviewAudience,
} from './charter.table.ts'

// The review slice's SQL: who reviews for which audience, review rounds and their audiences, comments and responses.
// Versions are only read here (the drafting slice writes them; the database refuses to change one).

export type ReviewerRow = Selectable<CharterReviewerTable>
export type RoundRow = Selectable<CharterReviewRoundTable>
export type CommentRow = Selectable<CharterCommentTable>
export type ResponseRow = Selectable<CharterCommentResponseTable>
export type ReviewVersionRow = Selectable<CharterVersionTable>

function review(db: Db | DbOrTrx) {
  return db.withTables<CharterDraftingTables>()
}

// Versions (read only)

export function findVersionById(db: Db | DbOrTrx, id: string): Promise<ReviewVersionRow | undefined> {
  return review(db).selectFrom('charter_version').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findVersionByNumber(db: Db | DbOrTrx, n: number): Promise<ReviewVersionRow | undefined> {
  return review(db).selectFrom('charter_version').selectAll().where('number', '=', n).executeTakeFirst()
}

/** Every version, newest first, without its content. */
export function listVersionSummaries(db: Db | DbOrTrx): Promise<Pick<ReviewVersionRow, 'id' | 'number' | 'note' | 'created_at'>[]> {
  return review(db).selectFrom('charter_version').select(['id', 'number', 'note', 'created_at']).orderBy('number', 'desc').execute()
}

export function findVersionNumbers(db: Db | DbOrTrx, ids: readonly string[]): Promise<Pick<ReviewVersionRow, 'id' | 'number'>[]> {
  if (ids.length === 0) return Promise.resolve([])
  return review(db).selectFrom('charter_version').select(['id', 'number']).where('id', 'in', [...new Set(ids)]).execute()
}

// Reviewers

export function findReviewer(db: Db | DbOrTrx, userId: string): Promise<ReviewerRow | undefined> {
  return review(db).selectFrom('charter_reviewer').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

export function listReviewerRows(db: Db | DbOrTrx, userIds: readonly string[]): Promise<ReviewerRow[]> {
  if (userIds.length === 0) return Promise.resolve([])
  return review(db).selectFrom('charter_reviewer').selectAll().where('user_id', 'in', [...new Set(userIds)]).execute()
}

export async function upsertReviewer(db: DbOrTrx, row: Insertable<CharterReviewerTable>): Promise<void> {
  const { user_id, ...rest } = row
  const done = await review(db).updateTable('charter_reviewer').set(rest).where('user_id', '=', user_id).executeTakeFirst()
  if (Number(done.numUpdatedRows) === 0) await review(db).insertInto('charter_reviewer').values(row).execute()
}

export async function deleteReviewer(db: DbOrTrx, userId: string): Promise<boolean> {
  const done = await review(db).deleteFrom('charter_reviewer').where('user_id', '=', userId).executeTakeFirst()
  return Number(done.numDeletedRows) > 0
}

// Rounds

export async function insertRound(db: DbOrTrx, row: Insertable<CharterReviewRoundTable>, audiences: readonly ReviewAudience[]): Promise<void> {
  await review(db).insertInto('charter_review_round').values(row).execute()
  await review(db)
    .insertInto('charter_review_audience')
    .values(audiences.map(audience => ({ round_id: row.id, audience })))
    .execute()
}

export function findRound(db: Db | DbOrTrx, id: string): Promise<RoundRow | undefined> {
  return review(db).selectFrom('charter_review_round').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Rounds, newest first: all of them, or those opened to any of the given audiences, or those of one version. */
export function listRounds(db: Db | DbOrTrx, filter: { audiences?: readonly ReviewAudience[]; versionId?: string } = {}): Promise<RoundRow[]> {
  let q = review(db).selectFrom('charter_review_round').selectAll()
  if (filter.versionId) q = q.where('version_id', '=', filter.versionId)
  if (filter.audiences) {
    const audiences = [...filter.audiences]
    if (audiences.length === 0) return Promise.resolve([])
    q = q.where('id', 'in', eb => eb.selectFrom('charter_review_audience').select('round_id').where('audience', 'in', audiences))
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
}

export function listRoundAudiences(db: Db | DbOrTrx, roundIds: readonly string[]): Promise<{ round_id: string; audience: ReviewAudience }[]> {
  if (roundIds.length === 0) return Promise.resolve([])
  return review(db).selectFrom('charter_review_audience').selectAll().where('round_id', 'in', [...new Set(roundIds)]).execute()
}

export async function updateRound(db: DbOrTrx, id: string, changes: Updateable<CharterReviewRoundTable>): Promise<void> {
  await review(db).updateTable('charter_review_round').set(changes).where('id', '=', id).execute()
}

// Comments

export async function insertComment(db: DbOrTrx, row: Insertable<CharterCommentTable>): Promise<void> {
  await review(db).insertInto('charter_comment').values(row).execute()
}

export function findComment(db: Db | DbOrTrx, id: string): Promise<CommentRow | undefined> {
  return review(db).selectFrom('charter_comment').selectAll().where('id', '=', id).executeTakeFirst()
}

/** A round's comments, oldest first (ids are time-ordered, so ties keep the order they were made in). */
export function listRoundComments(db: Db | DbOrTrx, roundId: string): Promise<CommentRow[]> {
  return review(db).selectFrom('charter_comment').selectAll().where('round_id', '=', roundId).orderBy('created_at').orderBy('id').execute()
}

/** Comments made by an account online, or entered by staff for a panel member, newest first. */
export function listCommentsOf(db: Db | DbOrTrx, who: { userId: string; participantId?: string | null }): Promise<CommentRow[]> {
  return review(db)
    .selectFrom('charter_comment')
    .selectAll()
    .where(eb => {
      const ors = [eb('commenter_user_id', '=', who.userId)]
      if (who.participantId) ors.push(eb('commenter_participant_id', '=', who.participantId))
      return eb.or(ors)
    })
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function updateComment(db: DbOrTrx, id: string, changes: Updateable<CharterCommentTable>): Promise<void> {
  await review(db).updateTable('charter_comment').set(changes).where('id', '=', id).execute()
}

/** How many comments each round has, and how many of them are open. */
export async function countComments(db: Db | DbOrTrx, roundIds: readonly string[]): Promise<Map<string, { total: number; open: number }>> {
  const out = new Map<string, { total: number; open: number }>()
  if (roundIds.length === 0) return out
  const rows = await review(db)
    .selectFrom('charter_comment')
    .select(['round_id', 'status', eb => eb.fn.countAll<number>().as('n')])
    .where('round_id', 'in', [...new Set(roundIds)])
    .groupBy(['round_id', 'status'])
    .execute()
  for (const r of rows) {
    const c = out.get(r.round_id) ?? { total: 0, open: 0 }
    c.total += Number(r.n)
    if (r.status === 'open') c.open += Number(r.n)
    out.set(r.round_id, c)
  }
  return out
}

// Responses

export async function insertResponse(db: DbOrTrx, row: Insertable<CharterCommentResponseTable>): Promise<void> {
  await review(db).insertInto('charter_comment_response').values(row).execute()
}

export function listResponses(db: Db | DbOrTrx, commentIds: readonly string[]): Promise<ResponseRow[]> {
  if (commentIds.length === 0) return Promise.resolve([])
  return review(db)
    .selectFrom('charter_comment_response')
    .selectAll()
    .where('comment_id', 'in', [...new Set(commentIds)])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

// ---- erasure ----

/** The comments staff entered for a panel member (by their participant id). */
export function listCommentsForParticipant(db: DbOrTrx, participantId: string): Promise<CommentRow[]> {
  return review(db).selectFrom('charter_comment').selectAll().where('commenter_participant_id', '=', participantId).execute()
}

/** Keep the comments but unlink them from the person. */
export async function unlinkCommentsOfParticipant(db: DbOrTrx, participantId: string): Promise<void> {
  await review(db).updateTable('charter_comment').set({ commenter_participant_id: null }).where('commenter_participant_id', '=', participantId).execute()
}

/** Delete comments (and the answers to them). */
export async function deleteComments(db: DbOrTrx, commentIds: readonly string[]): Promise<void> {
  if (commentIds.length === 0) return
  await review(db).deleteFrom('charter_comment_response').where('comment_id', 'in', commentIds).execute()
  await review(db).deleteFrom('charter_comment').where('id', 'in', commentIds).execute()
}
