// Reading the evidence store: one item with its provenance, lists with filters and counts. Stakeholder input is
// always counted apart from lived experience: a list gives the stakeholder items separately, never mixed in.
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { countItems, countItemsByRole, findItem, listItems, type ItemFilter } from '../data/evidence.repository.ts'
import { assertMay, mayReadEvidence, SOURCE_ROLES, toItemDto, type EvidenceChannel, type EvidenceItemDto, type SourceRole } from './evidence-model.ts'

type ReadDeps = Pick<AppDeps, 'db'>

export interface EvidenceFilter {
  channel?: EvidenceChannel
  activityId?: string
  sessionId?: string
  role?: SourceRole
  quotableOnly?: boolean
}

export interface EvidencePage {
  /** Every item matching the filter but stakeholder input (unless the filter asks for stakeholder input only). */
  items: EvidenceItemDto[]
  total: number
  /** Stakeholder input matching the filter, counted and shown apart (the first few; `stakeholderTotal` in all). */
  stakeholder: EvidenceItemDto[]
  stakeholderTotal: number
  /** How many items of each role match the filter (roles with none included, as 0). */
  byRole: { role: SourceRole; label: string; count: number }[]
}

export async function getEvidenceItem(deps: ReadDeps, actor: Actor, id: string): Promise<EvidenceItemDto> {
  assertMay(mayReadEvidence(actor), 'see evidence')
  const row = await findItem(deps.db, id)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such evidence item' })
  return toItemDto(row)
}

function toItemFilter(f: EvidenceFilter): ItemFilter {
  return { channel: f.channel, activityId: f.activityId, sessionId: f.sessionId, roles: f.role ? [f.role] : undefined, quotableOnly: f.quotableOnly }
}

/**
 * One page of evidence, newest first. Unless the filter is for stakeholder input only, the page holds everything
 * else and the stakeholder items come apart (the first `stakeholderLimit`), with their own count.
 */
export async function listEvidence(
  deps: ReadDeps,
  actor: Actor,
  filter: EvidenceFilter,
  page: { limit: number; offset: number; stakeholderLimit?: number },
): Promise<EvidencePage> {
  assertMay(mayReadEvidence(actor), 'see evidence')
  const base = toItemFilter(filter)
  const stakeholderOnly = filter.role === 'stakeholder'
  const main: ItemFilter = stakeholderOnly ? base : { ...base, notRoles: ['stakeholder'] }
  const apart: ItemFilter = { ...base, roles: ['stakeholder'] }
  const [rows, total, counts] = await Promise.all([listItems(deps.db, main, page), countItems(deps.db, main), countItemsByRole(deps.db, base)])
  const showApart = filter.role === undefined
  const stakeholderRows = showApart ? await listItems(deps.db, apart, { limit: page.stakeholderLimit ?? 5, offset: 0 }) : []
  return {
    items: rows.map(toItemDto),
    total,
    stakeholder: stakeholderRows.map(toItemDto),
    stakeholderTotal: showApart ? (counts.get('stakeholder') ?? 0) : 0,
    byRole: SOURCE_ROLES.map(r => ({ role: r.code, label: r.label, count: counts.get(r.code) ?? 0 })),
  }
}

/** The notes and transcripts (and anything else) captured against one session, newest first. */
export async function getSessionEvidence(deps: ReadDeps, actor: Actor, sessionId: string, limit = 200): Promise<{ items: EvidenceItemDto[]; total: number }> {
  assertMay(mayReadEvidence(actor), 'see evidence')
  const [rows, total] = await Promise.all([listItems(deps.db, { sessionId }, { limit, offset: 0 }), countItems(deps.db, { sessionId })])
  return { items: rows.map(toItemDto), total }
}

/** How many items match (for other modules' summaries): stakeholder input is counted separately. */
export async function countEvidence(deps: ReadDeps, actor: Actor, filter: EvidenceFilter): Promise<{ livedExperienceAndOther: number; stakeholder: number }> {
  assertMay(mayReadEvidence(actor), 'see evidence')
  const counts = await countItemsByRole(deps.db, toItemFilter(filter))
  let other = 0
  for (const [role, n] of counts) if (role !== 'stakeholder') other += n
  return { livedExperienceAndOther: other, stakeholder: counts.get('stakeholder') ?? 0 }
}
