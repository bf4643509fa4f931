// What the analysis module reads from the evidence store: the items in a project's scope, and items by id, with
// their provenance. Reading needs evidence:read; analysis keeps its own copy of nothing but ids and offsets.
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { findItemsByIds, listItemsInScope } from '../data/evidence.repository.ts'
import { assertMay, mayReadEvidence, toItemDto, type EvidenceChannel, type EvidenceItemDto } from './evidence-model.ts'

export interface EvidenceScope {
  channel?: EvidenceChannel
  activityId?: string
  questionId?: string
}

export async function listEvidenceInScope(deps: Pick<AppDeps, 'db'>, actor: Actor, scope: EvidenceScope): Promise<EvidenceItemDto[]> {
  assertMay(mayReadEvidence(actor), 'see evidence')
  return (await listItemsInScope(deps.db, scope)).map(toItemDto)
}

/** The items with these ids that still exist (an item removed or erased since is simply missing). */
export async function getEvidenceItems(deps: Pick<AppDeps, 'db'>, actor: Actor, ids: readonly string[]): Promise<Map<string, EvidenceItemDto>> {
  assertMay(mayReadEvidence(actor), 'see evidence')
  return new Map((await findItemsByIds(deps.db, ids)).map(r => [r.id, toItemDto(r)]))
}
