import type { Actor } from '../../../platform/auth/actor.ts'
import { decoyHash, verifyPassword } from '../../../platform/auth/passwords.ts'
import { findUserByEmail, updateUser } from '../../../platform/auth/user.repository.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { toUserDto, type UserDto } from './user.ts'

export type SignInResult = { ok: true; user: UserDto } | { ok: false }

/**
 * Email and password. Every failure looks the same to the person signing in (wrong email, wrong password,
 * locked, disabled), so the page never reveals whether an account exists. After LOCKOUT_THRESHOLD failures
 * in a row the account is locked for LOCKOUT_MINUTES, even for the right password.
 */
export async function signInWithPassword(
  deps: AppDeps,
  actor: Actor,
  input: { email: string; password: string },
): Promise<SignInResult> {
  const user = await findUserByEmail(deps.db, input.email)
  if (!user || !user.password_hash) {
    await verifyPassword(await decoyHash(), input.password)
    return { ok: false }
  }
  const passwordOk = await verifyPassword(user.password_hash, input.password)
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const locked = user.locked_until !== null && user.locked_until > now
    if (passwordOk && !locked && user.status === 'active') {
      await updateUser(uow.trx, user.id, { failed_sign_in_count: 0, locked_until: null, last_sign_in_at: now, updated_at: now })
      await uow.audit({ action: 'accounts.signed_in', subjectType: 'user', subjectId: user.id, summary: { method: 'password' } })
      return { ok: true, user: toUserDto({ ...user, last_sign_in_at: now }) }
    }
    if (!passwordOk && !locked) {
      const failures = user.failed_sign_in_count + 1
      const lockNow = failures >= deps.config.auth.lockoutThreshold
      const lockedUntil = lockNow ? new Date(uow.now.getTime() + deps.config.auth.lockoutMinutes * 60_000).toISOString() : null
      await updateUser(uow.trx, user.id, { failed_sign_in_count: lockNow ? 0 : failures, locked_until: lockedUntil, updated_at: now })
      await uow.audit({
        action: lockNow ? 'accounts.locked' : 'accounts.sign_in_failed',
        subjectType: 'user',
        subjectId: user.id,
        summary: lockNow ? { failures, lockedUntil } : { failures },
      })
    }
    return { ok: false }
  })
}
