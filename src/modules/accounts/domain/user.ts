import type { UserRow } from '../../../platform/auth/user.repository.ts'
import { ROLE_LABELS, isAccountRole, type AccountRole } from '../../../platform/auth/roles.ts'

/** A user as pages see it: no password hash, no lockout counters. */
export interface UserDto {
  id: string
  email: string
  displayName: string
  role: AccountRole
  roleLabel: string
  status: 'invited' | 'active' | 'disabled'
  hasPassword: boolean
  lastSignInAt: string | null
  createdAt: string
}

export function toUserDto(row: UserRow): UserDto {
  const role = isAccountRole(row.role) ? row.role : 'panel_member'
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role,
    roleLabel: ROLE_LABELS[role],
    status: row.status,
    hasPassword: row.password_hash !== null,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
  }
}

/** Accounts of people with lived experience: their contact details are identity data, managed in the panel module. */
export const PANEL_ROLES: readonly AccountRole[] = ['panel_member', 'core_group_member']
