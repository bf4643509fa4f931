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
  // A member of the public joins by themselves, online (the self-service journey at /join), and only that way.
  if (actor.role === 'public') return joinedVia === 'online'
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

/** The participant's record is the signed-in person's own (linked by panel_participant.user_id). */
export function isOwnRecord(actor: Actor, participant: { user_id: string | null }): boolean {
  if (actor.role === 'system' || actor.userId === null) return false
  return participant.user_id === actor.userId && can(actor.role, 'panel:own_record')
}

/** Staff who may change anyone's record (the panel manager), and the system (CLI). */
export function mayEditParticipant(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'panel:edit')
}

/** Contact details, preferences, answers, support needs and consents: the person themselves, or the panel manager. */
export function mayChangeParticipantDetails(actor: Actor, participant: { user_id: string | null }): boolean {
  return isOwnRecord(actor, participant) || mayEditParticipant(actor)
}

/** Seldom-heard tags and the contact limit are staff decisions: only the panel manager (not the person themselves). */
export function mayChangeStaffFields(actor: Actor): boolean {
  return mayEditParticipant(actor)
}

/** A participant's consents: the person themselves, and those who read research data (consent is not identity). */
export function mayReadConsents(actor: Actor, participant: { user_id: string | null }): boolean {
  return isOwnRecord(actor, participant) || mayReadResearchData(actor)
}

/** Joining online (the self-service journey) is for someone who is not signed in: they join as themselves. */
export function mayJoinOnline(actor: Actor): boolean {
  return actor.role === 'public' && actor.userId === null
}
