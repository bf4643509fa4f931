import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { AppUserTable, SessionTable, SignInTokenTable } from './auth.table.ts'

export type UserRow = Selectable<AppUserTable>
export type SignInTokenRow = Selectable<SignInTokenTable>
export type SessionRow = Selectable<SessionTable>

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
}

export async function insertUser(db: Db, row: Insertable<AppUserTable>): Promise<void> {
  await db.insertInto('app_user').values({ ...row, email: row.email.trim().toLowerCase() }).execute()
}

export async function updateUser(db: Db, id: string, changes: Updateable<AppUserTable>): Promise<void> {
  await db.updateTable('app_user').set(changes).where('id', '=', id).execute()
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('app_user').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}

export interface UserListFilter {
  role?: string
  status?: string
  /** Prefix of email or name. */
  query?: string
  excludeRoles?: string[]
}

export async function listUsers(
  db: Db,
  filter: UserListFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  let q = db.selectFrom('app_user')
  if (filter.role) q = q.where('role', '=', filter.role)
  if (filter.status) q = q.where('status', '=', filter.status as UserRow['status'])
  if (filter.excludeRoles && filter.excludeRoles.length > 0) q = q.where('role', 'not in', filter.excludeRoles)
  if (filter.query) {
    const like = `%${filter.query.toLowerCase().replace(/[%_]/g, '')}%`
    q = q.where(eb => eb.or([eb('email', 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like)]))
  }
  const rows = await q.selectAll().orderBy('display_name').orderBy('id').limit(page.limit).offset(page.offset).execute()
  const c = await q.select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return { rows, total: Number(c.n) }
}

export async function countUsersByRole(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('app_user')
    .select(['role', eb => eb.fn.countAll<number>().as('n')])
    .groupBy('role')
    .execute()
  return Object.fromEntries(rows.map(r => [r.role, Number(r.n)]))
}

// ---- one-time tokens (sign-in links and invitations); only the SHA-256 of the token is stored ----

export async function insertSignInToken(db: Db, row: Insertable<SignInTokenTable>): Promise<void> {
  await db.insertInto('sign_in_token').values(row).execute()
}

export function findSignInTokenByHash(db: Db, tokenHash: string): Promise<SignInTokenRow | undefined> {
  return db.selectFrom('sign_in_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

/** Marks a token used; returns false if it was already used (so a token works exactly once). */
export async function markSignInTokenUsed(db: Db, id: string, usedAt: string): Promise<boolean> {
  const r = await db.updateTable('sign_in_token').set({ used_at: usedAt }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function expireUnusedTokens(db: Db, userId: string, purpose: SignInTokenRow['purpose'], at: string): Promise<void> {
  await db
    .updateTable('sign_in_token')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute()
}

// ---- sessions ----

export function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function upsertSession(db: Db, row: SessionRow): Promise<void> {
  await db
    .insertInto('session')
    .values(row)
    .onConflict(oc =>
      oc.column('id').doUpdateSet({ data: row.data, expires_at: row.expires_at, user_id: row.user_id, updated_at: row.updated_at }),
    )
    .execute()
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute()
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('session').where('user_id', '=', userId).execute()
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const r = await db.deleteFrom('session').where('expires_at', '<', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}
