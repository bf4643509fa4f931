import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../../platform/errors.ts'
import {
  countAnswering,
  countBySeldomHeardTag,
  countByDimensionValue,
  countParticipantRows,
  findDemographicsOf,
  findSeldomHeardTagsOf,
  findSupportNeedsOf,
  listParticipantRows,
  type ParticipantRowFilter,
} from '../../data/participant.repository.ts'
import { findDimension, labelOf, panelCatalogue, type ParticipantStatus } from '../catalogue.ts'
import { mayReadResearchData } from '../panel.policy.ts'
import { toResearchDto, type ParticipantResearchDto } from '../participant.ts'

/** Research queries: pseudonymised data only. Every one checks the actor may read research data. */

export interface ParticipantFilter {
  status?: ParticipantStatus
  /** Participants with this answer on this dimension. */
  dimension?: { key: string; value: string }
  /** Participants with this seldom-heard tag. */
  tag?: string
}

export interface CountRow {
  code: string
  label: string
  count: number
}

export interface DimensionCounts {
  dimension: { key: string; label: string; multiple: boolean }
  /** Participants matching the filter. */
  total: number
  /** One row per answer in the catalogue's order (zero counts included), then any answer no longer in it. */
  rows: CountRow[]
  /** Matching participants with no answer on this dimension. */
  notAnswered: number
}

type ReadDeps = Pick<AppDeps, 'db'>

const UNKNOWN_GROUP = 'Select a group of panel members from the list'

function assertMayRead(actor: Actor): void {
  if (!mayReadResearchData(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see panel research data' })
}

function checkedFilter(filter: ParticipantFilter): ParticipantRowFilter {
  const catalogue = panelCatalogue()
  if (filter.dimension) {
    const d = findDimension(catalogue, filter.dimension.key)
    if (!d || !d.options.some(o => o.code === filter.dimension?.value)) throw fieldError('show', UNKNOWN_GROUP)
  }
  if (filter.tag && !catalogue.seldomHeardTags.some(t => t.code === filter.tag)) throw fieldError('show', UNKNOWN_GROUP)
  return { status: filter.status, dimension: filter.dimension, tag: filter.tag }
}

/** A page of participants (pseudonym order) as research DTOs, and how many match in all. */
export async function listParticipants(
  deps: ReadDeps,
  actor: Actor,
  filter: ParticipantFilter,
  page: { limit: number; offset: number },
): Promise<{ participants: ParticipantResearchDto[]; total: number }> {
  assertMayRead(actor)
  const { rows, total } = await listParticipantRows(deps.db, checkedFilter(filter), page)
  const ids = rows.map(r => r.id)
  const [demographics, needs, tags] = await Promise.all([
    findDemographicsOf(deps.db, ids),
    findSupportNeedsOf(deps.db, ids),
    findSeldomHeardTagsOf(deps.db, ids),
  ])
  return { participants: rows.map(r => toResearchDto(r, demographics, needs, tags)), total }
}

export async function countParticipants(deps: ReadDeps, actor: Actor, filter: ParticipantFilter): Promise<number> {
  assertMayRead(actor)
  return countParticipantRows(deps.db, checkedFilter(filter))
}

/** For one dimension, how many of the matching participants gave each answer. */
export async function countParticipantsByDimension(
  deps: ReadDeps,
  actor: Actor,
  dimensionKey: string,
  filter: ParticipantFilter,
): Promise<DimensionCounts> {
  assertMayRead(actor)
  const d = findDimension(panelCatalogue(), dimensionKey)
  if (!d) throw new AppError(AppErrorCode.NOT_FOUND, { message: `There is no dimension '${dimensionKey}'` })
  const f = checkedFilter(filter)
  const [counts, total] = await Promise.all([countByDimensionValue(deps.db, d.key, f), countParticipantRows(deps.db, f)])
  const byCode = new Map(counts.map(c => [c.value, c.n]))
  const rows: CountRow[] = d.options.map(o => ({ code: o.code, label: o.label, count: byCode.get(o.code) ?? 0 }))
  for (const c of counts) if (!d.options.some(o => o.code === c.value)) rows.push({ code: c.value, label: c.value, count: c.n })
  const answered = await countAnswering(deps.db, d.key, f)
  return { dimension: { key: d.key, label: d.label, multiple: d.multiple }, total, rows, notAnswered: total - answered }
}

/** How many of the matching participants carry each seldom-heard tag, in the catalogue's order. */
export async function countParticipantsBySeldomHeardTag(deps: ReadDeps, actor: Actor, filter: ParticipantFilter): Promise<CountRow[]> {
  assertMayRead(actor)
  const tags = panelCatalogue().seldomHeardTags
  const counts = new Map((await countBySeldomHeardTag(deps.db, checkedFilter(filter))).map(c => [c.tag, c.n]))
  return tags.map(t => ({ code: t.code, label: labelOf(tags, t.code), count: counts.get(t.code) ?? 0 }))
}
