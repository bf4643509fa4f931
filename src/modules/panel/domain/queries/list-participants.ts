import type { Actor } from '../../../../platform/auth/actor.ts'
import { systemClock, type Clock } from '../../../../platform/clock.ts'
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
import { JOIN_ROUTES, findDimension, labelOf, panelCatalogue, type JoinRoute, type ParticipantStatus } from '../catalogue.ts'
import { mayReadResearchData } from '../panel.policy.ts'
import { toResearchDto, type ParticipantResearchDto } from '../participant.ts'
import { PSEUDONYM_ALPHABET } from '../pseudonym.ts'
import { DEFAULT_ATTRITION_MONTHS } from '../representation.ts'

/** Research queries: pseudonymised data only. Every one checks the actor may read research data. */

/** Activity history: never taken part; took part in the last N months; took part before, but not in the last N months. */
export const ACTIVITY_FILTERS = ['never', 'recent', 'lapsed'] as const
export type ActivityFilter = (typeof ACTIVITY_FILTERS)[number]

export interface ParticipantFilter {
  status?: ParticipantStatus
  /** Participants with this answer on this dimension. */
  dimension?: { key: string; value: string }
  /** Participants with this seldom-heard tag. */
  tag?: string
  /** For each dimension: participants with any of these answers. Every dimension listed must match. */
  dimensions?: Readonly<Record<string, readonly string[]>>
  /** Participants with any of these seldom-heard tags. */
  tags?: readonly string[]
  /** Participants who joined in any of these ways. */
  joinedVia?: readonly JoinRoute[]
  /** Activity history, over the last `activityMonths` months (default DEFAULT_ATTRITION_MONTHS). */
  activity?: ActivityFilter
  activityMonths?: number
  /** A whole pseudonym (P-7K3M9Q, p7k3m9q) or the start of one (7K3): see `parsePseudonymSearch`. */
  pseudonym?: string
}

/** A member in a list: the research DTO, and when they last took part (null: never). */
export type ParticipantListItem = ParticipantResearchDto & { lastParticipatedAt: string | null }

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

type ReadDeps = Pick<AppDeps, 'db'> & { readonly clock?: Clock }

const UNKNOWN_GROUP = 'Select a group of panel members from the list'
export const PSEUDONYM_SEARCH_HELP = 'Enter a pseudonym, like P-7K3M9Q, or the start of one'

function assertMayRead(actor: Actor): void {
  if (!mayReadResearchData(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see panel research data' })
}

/** The first moment of the window "the last N months" ending now (calendar months, in UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime())
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - months)
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, lastDay))
  return d
}

const PSEUDONYM_TAIL = new RegExp(`^[${PSEUDONYM_ALPHABET}]{1,6}$`)

/**
 * What someone typed to find a pseudonym: spaces and case do not matter, and "P-" may be left out. Six characters
 * after "P-" find that member; fewer find every pseudonym that starts with them. Undefined: not a pseudonym.
 */
export function parsePseudonymSearch(raw: string): { exact: string } | { prefix: string } | undefined {
  const typed = raw.replace(/\s+/g, '').toUpperCase()
  let tail = typed
  if (typed.startsWith('P-')) tail = typed.slice(2)
  else if (typed.length === 7 && typed.startsWith('P')) tail = typed.slice(1)
  if (!PSEUDONYM_TAIL.test(tail)) return undefined
  return tail.length === 6 ? { exact: `P-${tail}` } : { prefix: `P-${tail}` }
}

function checkedFilter(filter: ParticipantFilter, clock: Clock): ParticipantRowFilter {
  const catalogue = panelCatalogue()
  const answers: [string, readonly string[]][] = Object.entries(filter.dimensions ?? {})
  if (filter.dimension) answers.push([filter.dimension.key, [filter.dimension.value]])
  for (const [key, values] of answers) {
    const d = findDimension(catalogue, key)
    if (!d || !values.every(v => d.options.some(o => o.code === v))) throw fieldError('show', UNKNOWN_GROUP)
  }
  const tags = [...(filter.tags ?? []), ...(filter.tag ? [filter.tag] : [])]
  if (!tags.every(tag => catalogue.seldomHeardTags.some(t => t.code === tag))) throw fieldError('show', UNKNOWN_GROUP)
  if (!(filter.joinedVia ?? []).every(j => JOIN_ROUTES.some(r => r.code === j))) throw fieldError('joinedVia', 'Select how they joined from the list')

  const out: ParticipantRowFilter = { status: filter.status }
  const dimensions: Record<string, string[]> = {}
  for (const [key, values] of answers) dimensions[key] = [...new Set([...(dimensions[key] ?? []), ...values])]
  if (Object.keys(dimensions).length > 0) out.dimensions = dimensions
  if (tags.length > 0) out.tags = [...new Set(tags)]
  if (filter.joinedVia && filter.joinedVia.length > 0) out.joinedVia = [...new Set(filter.joinedVia)]
  if (filter.activity) {
    const months = filter.activityMonths ?? DEFAULT_ATTRITION_MONTHS
    if (!Number.isInteger(months) || months < 1 || months > 120) throw fieldError('months', 'Enter a number of months from 1 to 120')
    const since = monthsBefore(clock.now(), months).toISOString()
    out.activity = filter.activity === 'never' ? { kind: 'never' } : { kind: filter.activity === 'recent' ? 'since' : 'not_since', since }
  }
  if (filter.pseudonym !== undefined && filter.pseudonym.trim() !== '') {
    const pseudonym = parsePseudonymSearch(filter.pseudonym)
    if (!pseudonym) throw fieldError('pseudonym', PSEUDONYM_SEARCH_HELP)
    out.pseudonym = pseudonym
  }
  return out
}

/** A page of participants (pseudonym order) as research DTOs with their last participation, and how many match in all. */
export async function listParticipants(
  deps: ReadDeps,
  actor: Actor,
  filter: ParticipantFilter,
  page: { limit: number; offset: number },
): Promise<{ participants: ParticipantListItem[]; total: number }> {
  assertMayRead(actor)
  const { rows, total } = await listParticipantRows(deps.db, checkedFilter(filter, deps.clock ?? systemClock), page)
  const ids = rows.map(r => r.id)
  const [demographics, needs, tags] = await Promise.all([
    findDemographicsOf(deps.db, ids),
    findSupportNeedsOf(deps.db, ids),
    findSeldomHeardTagsOf(deps.db, ids),
  ])
  return {
    participants: rows.map(r => ({ ...toResearchDto(r, demographics, needs, tags), lastParticipatedAt: r.last_participated_at })),
    total,
  }
}

export async function countParticipants(deps: ReadDeps, actor: Actor, filter: ParticipantFilter): Promise<number> {
  assertMayRead(actor)
  return countParticipantRows(deps.db, checkedFilter(filter, deps.clock ?? systemClock))
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
  const f = checkedFilter(filter, deps.clock ?? systemClock)
  const [counts, total] = await Promise.all([countByDimensionValue(deps.db, d.key, f), countParticipantRows(deps.db, f)])
  // One answer each: the answers add up to the people answering. Several: count the people.
  const answered = d.multiple ? await countAnswering(deps.db, d.key, f) : counts.reduce((sum, c) => sum + c.n, 0)
  const byCode = new Map(counts.map(c => [c.value, c.n]))
  const rows: CountRow[] = d.options.map(o => ({ code: o.code, label: o.label, count: byCode.get(o.code) ?? 0 }))
  for (const c of counts) if (!d.options.some(o => o.code === c.value)) rows.push({ code: c.value, label: c.value, count: c.n })
  return { dimension: { key: d.key, label: d.label, multiple: d.multiple }, total, rows, notAnswered: total - answered }
}

/** How many of the matching participants carry each seldom-heard tag, in the catalogue's order. */
export async function countParticipantsBySeldomHeardTag(deps: ReadDeps, actor: Actor, filter: ParticipantFilter): Promise<CountRow[]> {
  assertMayRead(actor)
  const tags = panelCatalogue().seldomHeardTags
  const counts = new Map((await countBySeldomHeardTag(deps.db, checkedFilter(filter, deps.clock ?? systemClock))).map(c => [c.tag, c.n]))
  return tags.map(t => ({ code: t.code, label: labelOf(tags, t.code), count: counts.get(t.code) ?? 0 }))
}
