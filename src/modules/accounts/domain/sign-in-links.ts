import type { Actor } from '../../../platform/auth/actor.ts'
import { findSignInTokenByHash, findUserByEmail, findUserById, markSignInTokenUsed, updateUser } from '../../../platform/auth/user.repository.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { signInLinkEmail } from './emails.ts'
import { hashToken, issueToken } from './tokens.ts'
import { toUserDto, type UserDto } from './user.ts'

/**
 * Email a one-time sign-in link, so panel members never need a password. The answer is the same
 * whether or not the email belongs to an account.
 */
export async function requestSignInLink(deps: AppDeps, actor: Actor, input: { email: string }): Promise<void> {
  const user = await findUserByEmail(deps.db, input.email)
  if (!user || user.status !== 'active') {
    deps.logger.info('sign-in link requested for an address with no active account')
    return
  }
  const { token, expiresAt } = await inTransaction(deps, actor, async uow => {
    const issued = await issueToken(uow, user.id, 'sign_in_link', deps.config.auth.signInLinkMinutes)
    await uow.audit({ action: 'accounts.sign_in_link_sent', subjectType: 'user', subjectId: user.id })
    return issued
  })
  const link = `${deps.config.server.baseUrl}/sign-in/link/${token}`
  await deps.mailer.send(signInLinkEmail(deps.config.organisation, user.email, link, expiresAt))
}

export type TokenCheck = { ok: true; userId: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' }

/** Is this token usable (without using it)? Shown before the person confirms, so mail scanners cannot use it up. */
export async function checkToken(deps: AppDeps, token: string, purpose: 'sign_in_link' | 'invitation'): Promise<TokenCheck> {
  const row = await findSignInTokenByHash(deps.db, hashToken(token))
  if (!row || row.purpose !== purpose) return { ok: false, reason: 'unknown' }
  if (row.used_at) return { ok: false, reason: 'used' }
  if (row.expires_at < deps.clock.now().toISOString()) return { ok: false, reason: 'expired' }
  return { ok: true, userId: row.user_id }
}

/** Use a sign-in link: it works once, before it expires, for an active account. */
export async function redeemSignInLink(deps: AppDeps, actor: Actor, token: string): Promise<{ ok: true; user: UserDto } | { ok: false }> {
  const row = await findSignInTokenByHash(deps.db, hashToken(token))
  if (!row || row.purpose !== 'sign_in_link') return { ok: false }
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    if (row.expires_at < now) return { ok: false } as const
    if (!(await markSignInTokenUsed(uow.trx, row.id, now))) return { ok: false } as const
    const user = await findUserById(uow.trx, row.user_id)
    if (!user || user.status !== 'active') return { ok: false } as const
    await updateUser(uow.trx, user.id, { last_sign_in_at: now, failed_sign_in_count: 0, locked_until: null, updated_at: now })
    await uow.audit({ action: 'accounts.signed_in', subjectType: 'user', subjectId: user.id, summary: { method: 'email_link' } })
    return { ok: true, user: toUserDto({ ...user, last_sign_in_at: now }) } as const
  })
}
