import type { Role } from './roles.ts'

/** Who is acting: the signed-in user, the public, or the system (CLI, scheduled jobs). */
export interface Actor {
  readonly userId: string | null
  readonly role: Role | 'system'
  readonly displayName: string
  readonly email?: string
  readonly requestId?: string
}

export const PUBLIC_ACTOR: Actor = { userId: null, role: 'public', displayName: 'Member of the public' }

export function systemActor(what: string): Actor {
  return { userId: null, role: 'system', displayName: what }
}
