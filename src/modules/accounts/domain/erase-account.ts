import { deleteSessionsOfUser, expireUnusedTokens, findUserById, listUsers, updateUser } from '../../../platform/auth/user.repository.ts'
import type { UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'

/** What an erased account's email becomes: unique (the column is), and in the `.invalid` domain, which never receives mail. */
export function erasedEmail(userId: string): string {
  return `erased-${userId}@erased.invalid`
}

export const ERASED_ACCOUNT_NAME = 'Erased account'

/**
 * Erase a person's account as part of a larger erasure (the panel erases a member and their account together), so it
 * runs INSIDE the caller's unit of work and commits or rolls back with it. The account is disabled for good, its email
 * and name are replaced, its password removed, its sessions ended and its unused sign-in links cancelled. The row
 * stays (the audit trail refers to it by id). Audited as 'accounts.account_erased', with no identity in the summary.
 *
 * Returns false if there is no such account (nothing to do).
 */
export async function eraseAccount(uow: UnitOfWork, input: { userId: string }): Promise<boolean> {
  const user = await findUserById(uow.trx, input.userId)
  if (!user) return false
  if (user.role === 'admin' && user.status === 'active') {
    const admins = await listUsers(uow.trx, { role: 'admin', status: 'active' }, { limit: 2, offset: 0 })
    if (admins.total <= 1) throw new AppError(AppErrorCode.CONFLICT, { message: 'This is the last active administrator account: another administrator is needed first' })
  }
  const now = uow.now.toISOString()
  await updateUser(uow.trx, user.id, {
    email: erasedEmail(user.id),
    display_name: ERASED_ACCOUNT_NAME,
    password_hash: null,
    status: 'disabled',
    failed_sign_in_count: 0,
    locked_until: null,
    updated_at: now,
  })
  await deleteSessionsOfUser(uow.trx, user.id)
  await expireUnusedTokens(uow.trx, user.id, 'sign_in_link', now)
  await expireUnusedTokens(uow.trx, user.id, 'invitation', now)
  await uow.audit({
    action: 'accounts.account_erased',
    subjectType: 'user',
    subjectId: user.id,
    summary: { before: { status: user.status, role: user.role }, after: { status: 'disabled' } },
  })
  return true
}
