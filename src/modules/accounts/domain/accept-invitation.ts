import type { Actor } from '../../../platform/auth/actor.ts'
import { hashPassword, passwordProblem } from '../../../platform/auth/passwords.ts'
import { findSignInTokenByHash, findUserById, markSignInTokenUsed, updateUser } from '../../../platform/auth/user.repository.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../platform/errors.ts'
import { hashToken } from './tokens.ts'
import { toUserDto, type UserDto } from './user.ts'

/**
 * Accept an invitation: confirm your name and, if you want one, set a password.
 * Without a password you sign in with an emailed link.
 */
export async function acceptInvitation(
  deps: AppDeps,
  actor: Actor,
  input: { token: string; displayName: string; password?: string },
): Promise<UserDto> {
  const row = await findSignInTokenByHash(deps.db, hashToken(input.token))
  if (!row || row.purpose !== 'invitation') throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This invitation link is not valid' })
  const user = await findUserById(deps.db, row.user_id)
  if (!user) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This invitation link is not valid' })
  if (input.password) {
    const problem = passwordProblem(input.password, user.email)
    if (problem) throw fieldError('password', problem)
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    if (row.expires_at < now) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This invitation has expired. Ask the person who invited you to send a new one.' })
    if (!(await markSignInTokenUsed(uow.trx, row.id, now))) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This invitation has already been used. Sign in instead.' })
    await updateUser(uow.trx, user.id, {
      display_name: input.displayName.trim(),
      password_hash: passwordHash ?? user.password_hash,
      status: 'active',
      last_sign_in_at: now,
      updated_at: now,
    })
    await uow.audit({
      action: 'accounts.invitation_accepted',
      subjectType: 'user',
      subjectId: user.id,
      summary: { before: { status: user.status }, after: { status: 'active', passwordSet: passwordHash !== null } },
    })
    return toUserDto({ ...user, status: 'active', display_name: input.displayName.trim(), password_hash: passwordHash ?? user.password_hash, last_sign_in_at: now })
  })
}
