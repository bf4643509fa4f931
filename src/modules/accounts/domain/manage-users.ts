import type { Actor } from '../../../platform/auth/actor.ts'
import { hashPassword, passwordProblem, verifyPassword } from '../../../platform/auth/passwords.ts'
import type { AccountRole } from '../../../platform/auth/roles.ts'
import {
  countUsersByRole,
  deleteSessionsOfUser,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  updateUser,
  type UserListFilter,
} from '../../../platform/auth/user.repository.ts'
import { advisoryLock } from '../../../platform/db/database.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { PANEL_ROLES, toUserDto, type UserDto } from './user.ts'

async function loadUser(deps: Pick<AppDeps, 'db'>, userId: string) {
  const user = await findUserById(deps.db, userId)
  if (!user) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such user' })
  return user
}

/** Staff and partner accounts for the admin's list. Panel members' accounts are identity data, kept to the panel manager. */
export async function findStaffUsers(
  deps: Pick<AppDeps, 'db'>,
  filter: Omit<UserListFilter, 'excludeRoles'>,
  page: { limit: number; offset: number },
): Promise<{ users: UserDto[]; total: number }> {
  const { rows, total } = await listUsers(deps.db, { ...filter, excludeRoles: [...PANEL_ROLES] }, page)
  return { users: rows.map(toUserDto), total }
}

export async function getUser(deps: Pick<AppDeps, 'db'>, userId: string): Promise<UserDto> {
  return toUserDto(await loadUser(deps, userId))
}

export async function countAccountsByRole(deps: Pick<AppDeps, 'db'>): Promise<Record<string, number>> {
  return countUsersByRole(deps.db)
}

const ADMIN_CHANGE_LOCK = 727_002

/**
 * Inside the change's transaction, holding a lock, so two administrators removing each other at the same
 * time cannot leave the service with none.
 */
async function assertNotLastAdmin(deps: AppDeps, uow: UnitOfWork, userId: string, role: string): Promise<void> {
  if (role !== 'admin') return
  await advisoryLock(uow.trx, deps.dialect, ADMIN_CHANGE_LOCK)
  const counts = await listUsers(uow.trx, { role: 'admin', status: 'active' }, { limit: 2, offset: 0 })
  if (counts.total <= 1 && counts.rows[0]?.id === userId) {
    throw fieldError('role', 'You cannot remove the last active administrator')
  }
}

export async function changeUserRole(deps: AppDeps, actor: Actor, input: { userId: string; role: AccountRole }): Promise<UserDto> {
  const user = await loadUser(deps, input.userId)
  if (user.role === input.role) return toUserDto(user)
  return inTransaction(deps, actor, async uow => {
    await assertNotLastAdmin(deps, uow, user.id, user.role)
    await updateUser(uow.trx, user.id, { role: input.role, updated_at: uow.now.toISOString() })
    // A new role means new permissions: end the person's sessions so they sign in afresh.
    await deleteSessionsOfUser(uow.trx, user.id)
    await uow.audit({ action: 'accounts.role_changed', subjectType: 'user', subjectId: user.id, summary: { before: { role: user.role }, after: { role: input.role } } })
    return toUserDto({ ...user, role: input.role })
  })
}

export async function setUserStatus(deps: AppDeps, actor: Actor, input: { userId: string; status: 'active' | 'disabled' }): Promise<UserDto> {
  const user = await loadUser(deps, input.userId)
  if (user.id === actor.userId) throw fieldError('status', 'You cannot disable your own account')
  if (user.status === input.status) return toUserDto(user)
  if (user.status === 'invited' && input.status === 'active') throw fieldError('status', 'This person has not accepted their invitation yet')
  return inTransaction(deps, actor, async uow => {
    if (input.status === 'disabled') await assertNotLastAdmin(deps, uow, user.id, user.role)
    await updateUser(uow.trx, user.id, { status: input.status, updated_at: uow.now.toISOString(), failed_sign_in_count: 0, locked_until: null })
    if (input.status === 'disabled') await deleteSessionsOfUser(uow.trx, user.id)
    await uow.audit({
      action: input.status === 'disabled' ? 'accounts.user_disabled' : 'accounts.user_enabled',
      subjectType: 'user',
      subjectId: user.id,
      summary: { before: { status: user.status }, after: { status: input.status } },
    })
    return toUserDto({ ...user, status: input.status })
  })
}

/** Set or change your own password. If you already have one, you must give it. */
export async function changeOwnPassword(
  deps: AppDeps,
  actor: Actor,
  input: { currentPassword?: string; newPassword: string },
): Promise<void> {
  if (!actor.userId) throw new AppError(AppErrorCode.UNAUTHENTICATED)
  const user = await loadUser(deps, actor.userId)
  if (user.password_hash) {
    if (!input.currentPassword) throw fieldError('currentPassword', 'Enter your current password')
    if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw fieldError('currentPassword', 'Your current password is not correct')
  }
  const problem = passwordProblem(input.newPassword, user.email)
  if (problem) throw fieldError('newPassword', problem)
  const passwordHash = await hashPassword(input.newPassword)
  await inTransaction(deps, actor, async uow => {
    await updateUser(uow.trx, user.id, { password_hash: passwordHash, updated_at: uow.now.toISOString() })
    await uow.audit({ action: user.password_hash ? 'accounts.password_changed' : 'accounts.password_set', subjectType: 'user', subjectId: user.id })
  })
}

export async function recordSignOut(deps: AppDeps, actor: Actor): Promise<void> {
  if (!actor.userId) return
  await inTransaction(deps, actor, uow => uow.audit({ action: 'accounts.signed_out', subjectType: 'user', subjectId: actor.userId ?? undefined }))
}

/** Create an active account directly (CLI and demo data), optionally with a password. */
export async function createActiveUser(
  deps: AppDeps,
  actor: Actor,
  input: { email: string; displayName: string; role: AccountRole; password?: string },
): Promise<UserDto> {
  const email = input.email.trim().toLowerCase()
  if (input.password) {
    const problem = passwordProblem(input.password, email)
    if (problem) throw fieldError('password', problem)
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return inTransaction(deps, actor, async uow => {
    if (await findUserByEmail(uow.trx, email)) throw fieldError('email', 'There is already an account with this email address')
    const now = uow.now.toISOString()
    const row = {
      id: newId(uow.now.getTime()),
      email,
      display_name: input.displayName.trim(),
      role: input.role,
      password_hash: passwordHash,
      status: 'active' as const,
      failed_sign_in_count: 0,
      locked_until: null,
      last_sign_in_at: null,
      created_at: now,
      updated_at: now,
    }
    await insertUser(uow.trx, row)
    await uow.audit({ action: 'accounts.user_created', subjectType: 'user', subjectId: row.id, summary: { after: { role: input.role, status: 'active' } } })
    return toUserDto(row)
  })
}
