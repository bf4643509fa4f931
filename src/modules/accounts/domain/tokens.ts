import { createHash } from 'node:crypto'
import { newId, newToken } from '../../../platform/ids.ts'
import type { UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import { expireUnusedTokens, insertSignInToken } from '../../../platform/auth/user.repository.ts'

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Issue a one-time token; earlier unused tokens of the same purpose stop working. Only the hash is stored. */
export async function issueToken(
  uow: UnitOfWork,
  userId: string,
  purpose: 'sign_in_link' | 'invitation',
  validMinutes: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken()
  const expiresAt = new Date(uow.now.getTime() + validMinutes * 60_000)
  await expireUnusedTokens(uow.trx, userId, purpose, uow.now.toISOString())
  await insertSignInToken(uow.trx, {
    id: newId(uow.now.getTime()),
    user_id: userId,
    purpose,
    token_hash: hashToken(token),
    expires_at: expiresAt.toISOString(),
    used_at: null,
    created_at: uow.now.toISOString(),
  })
  return { token, expiresAt }
}
