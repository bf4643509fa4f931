import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import type { JoinRoute } from './catalogue.ts'

/**
 * Object-level checks inside the panel's commands and queries (the route-level check is the permission table).
 * The system actor (CLI, demonstration data, scheduled jobs) may register and read research data, but never
 * reads identity: only a person in the panel manager role does, and every read is audited.
 */

export function mayRegisterParticipant(actor: Actor, joinedVia: JoinRoute): boolean {
  if (actor.role === 'system') return true
  if (!can(actor.role, 'panel:register')) return false
  // A partner organisation registers the people it works with, and that is how they joined.
  if (actor.role === 'seldom_heard_partner') return joinedVia === 'partner'
  return true
}

export function mayReadResearchData(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'panel:read_research')
}

export function mayReadIdentity(actor: Actor): boolean {
  return actor.role !== 'system' && can(actor.role, 'panel:read_identity')
}
