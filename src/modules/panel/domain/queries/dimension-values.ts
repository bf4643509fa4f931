// Small read-only questions other modules ask the panel about given participants (for example the engagement
// module's survey results): each person's answer on one single-valued dimension, their pseudonyms, and who an
// entered pseudonym is. Research data only: never identity.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { findDemographicsOf, findParticipantById, findParticipantByPseudonym } from '../../data/participant.repository.ts'
import { findDimension, panelCatalogue } from '../catalogue.ts'
import { mayReadResearchData } from '../panel.policy.ts'

export { suppressGroup } from '../representation.ts'

type ReadDeps = Pick<AppDeps, 'db'>
const BATCH = 500

/** Research data read for results (engagement:read) or to enter a response on someone's behalf. */
function mayAsk(actor: Actor): boolean {
  return mayReadResearchData(actor) || (actor.role !== 'system' && (can(actor.role, 'engagement:read') || can(actor.role, 'engagement:enter_on_behalf')))
}

function assertMayAsk(actor: Actor): void {
  if (!mayAsk(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see panel research data' })
}

/**
 * Each given participant's answer (its code) on a single-valued dimension of the catalogue. A participant with no
 * answer is absent from the map. Throws NOT_FOUND for an unknown dimension, VALIDATION_FAILED for a multi-valued one.
 */
export async function getDimensionValues(deps: ReadDeps, actor: Actor, dimensionKey: string, participantIds: readonly string[]): Promise<Map<string, string>> {
  assertMayAsk(actor)
  const dimension = findDimension(panelCatalogue(), dimensionKey)
  if (!dimension) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such question about panel members' })
  if (dimension.multiple) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'dimension', message: 'Choose a question with one answer per person' })
  const out = new Map<string, string>()
  const unique = [...new Set(participantIds)]
  for (let i = 0; i < unique.length; i += BATCH) {
    for (const row of await findDemographicsOf(deps.db, unique.slice(i, i + BATCH))) {
      if (row.dimension === dimension.key) out.set(row.participant_id, row.value)
    }
  }
  return out
}

/** The pseudonyms of the given participants (absent: no such participant). */
export async function getPseudonyms(deps: ReadDeps, actor: Actor, participantIds: readonly string[]): Promise<Map<string, string>> {
  assertMayAsk(actor)
  const out = new Map<string, string>()
  for (const id of new Set(participantIds)) {
    const p = await findParticipantById(deps.db, id)
    if (p) out.set(id, p.pseudonym)
  }
  return out
}

/** The active panel member with this pseudonym (case and spaces ignored), or null. */
export async function findActiveParticipantByPseudonym(deps: ReadDeps, actor: Actor, pseudonym: string): Promise<{ participantId: string; pseudonym: string } | null> {
  assertMayAsk(actor)
  const p = await findParticipantByPseudonym(deps.db, pseudonym.trim().toUpperCase().replace(/\s+/g, ''))
  if (!p || p.status !== 'active') return null
  return { participantId: p.id, pseudonym: p.pseudonym }
}
