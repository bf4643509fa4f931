import type { Actor } from '../../../platform/auth/actor.ts'
import { ROLE_LABELS, type AccountRole } from '../../../platform/auth/roles.ts'
import { findUserByEmail, insertUser } from '../../../platform/auth/user.repository.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { fieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { invitationEmail } from './emails.ts'
import { issueToken } from './tokens.ts'

export interface InviteUserInput {
  email: string
  displayName: string
  role: AccountRole
  /** Send the invitation by email (default). The CLI may print the link instead. */
  sendEmail?: boolean
}

/** Invite someone: an account in the "invited" state and a one-time link to accept it. */
export async function inviteUser(deps: AppDeps, actor: Actor, input: InviteUserInput): Promise<{ userId: string; link: string }> {
  const email = input.email.trim().toLowerCase()
  const { userId, token, expiresAt } = await inTransaction(deps, actor, async uow => {
    if (await findUserByEmail(uow.trx, email)) throw fieldError('email', 'There is already an account with this email address')
    const userId = newId(uow.now.getTime())
    const now = uow.now.toISOString()
    await insertUser(uow.trx, {
      id: userId,
      email,
      display_name: input.displayName.trim(),
      role: input.role,
      password_hash: null,
      status: 'invited',
      failed_sign_in_count: 0,
      locked_until: null,
      last_sign_in_at: null,
      created_at: now,
      updated_at: now,
    })
    const issued = await issueToken(uow, userId, 'invitation', deps.config.auth.invitationDays * 24 * 60)
    await uow.audit({ action: 'accounts.user_invited', subjectType: 'user', subjectId: userId, summary: { after: { role: input.role, status: 'invited' } } })
    return { userId, ...issued }
  })
  const link = `${deps.config.server.baseUrl}/invitation/${token}`
  if (input.sendEmail !== false) {
    await deps.mailer.send(invitationEmail(deps.config.organisation, email, input.displayName.trim(), ROLE_LABELS[input.role], link, expiresAt))
  }
  return { userId, link }
}
