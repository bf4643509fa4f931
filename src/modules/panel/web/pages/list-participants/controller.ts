import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { pageNumber, queryString } from '../../../../../platform/http/validate.ts'
import { paginate } from '../../../../../platform/views/pagination.ts'
import {
  JOIN_ROUTES,
  PARTICIPANT_STATUSES,
  dimensionValueLabel,
  findDimension,
  labelOf,
  panelCatalogue,
  type JoinRoute,
  type PanelCatalogue,
  type ParticipantStatus,
} from '../../../domain/catalogue.ts'
import {
  ACTIVITY_FILTERS,
  PSEUDONYM_SEARCH_HELP,
  countParticipantsByDimension,
  listParticipants,
  monthsBefore,
  parsePseudonymSearch,
  type ActivityFilter,
  type ParticipantFilter,
  type ParticipantListItem,
} from '../../../domain/queries/list-participants.ts'
import { getRepresentationSettings } from '../../../domain/queries/representation.ts'

const PER_PAGE = 50
const VIEW = 'panel/web/pages/list-participants/view.njk'
const MONTHS_HELP = 'Enter a number of months from 1 to 120'
type Query = Record<string, string | string[] | undefined>

/** Every value of a query parameter that may be repeated (one per ticked checkbox). */
function many(raw: string | string[] | undefined): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  return list.map(v => v.trim()).filter(v => v !== '' && v.length <= 100)
}

/** The query parameter for a dimension's checkboxes, e.g. d_area. */
const dimensionParam = (key: string) => `d_${key}`

interface ListQuery {
  status: ParticipantStatus | 'all'
  dimensions: Record<string, string[]>
  tags: string[]
  joinedVia: JoinRoute[]
  activity: ActivityFilter | ''
  /** As typed; checked below. */
  months: string
  pseudonym: string
  by: string | undefined
  page: number
}

/** Read the filters from the query string. Values no form offers (an unknown answer, a made-up status) are dropped. */
function readQuery(q: Query, catalogue: PanelCatalogue, defaultMonths: number): ListQuery {
  const statusRaw = queryString(q.status, 20)
  const status = statusRaw === 'all' || PARTICIPANT_STATUSES.some(s => s.code === statusRaw) ? (statusRaw as ParticipantStatus | 'all') : 'active'
  const dimensions: Record<string, string[]> = {}
  for (const d of catalogue.dimensions) {
    const codes = [...new Set(many(q[dimensionParam(d.key)]))].filter(c => d.options.some(o => o.code === c))
    if (codes.length > 0) dimensions[d.key] = codes
  }
  const activityRaw = queryString(q.activity, 20)
  const byRaw = queryString(q.by, 60)
  return {
    status,
    dimensions,
    tags: [...new Set(many(q.tag))].filter(t => catalogue.seldomHeardTags.some(x => x.code === t)),
    joinedVia: [...new Set(many(q.joined))].filter((j): j is JoinRoute => JOIN_ROUTES.some(r => r.code === j)),
    activity: ACTIVITY_FILTERS.find(a => a === activityRaw) ?? '',
    months: queryString(q.months, 20) ?? String(defaultMonths),
    pseudonym: queryString(q.pseudonym, 40) ?? '',
    by: byRaw && findDimension(catalogue, byRaw) ? byRaw : undefined,
    page: pageNumber(q.page),
  }
}

/** The filters as a query string (for paging and links), in a stable order. */
function toSearchParams(l: ListQuery, defaultMonths: number): URLSearchParams {
  const p = new URLSearchParams()
  if (l.pseudonym) p.set('pseudonym', l.pseudonym)
  if (l.status !== 'active') p.set('status', l.status)
  if (l.activity) p.set('activity', l.activity)
  if (l.activity && l.months !== String(defaultMonths)) p.set('months', l.months)
  for (const j of l.joinedVia) p.append('joined', j)
  for (const t of l.tags) p.append('tag', t)
  for (const [key, codes] of Object.entries(l.dimensions)) for (const c of codes) p.append(dimensionParam(key), c)
  if (l.by) p.set('by', l.by)
  return p
}

/** Check what was typed (months, pseudonym) and turn the rest into the query's filter. */
function toFilter(l: ListQuery): { filter: ParticipantFilter; errors: FieldError[] } {
  const errors: FieldError[] = []
  const months = /^\d{1,3}$/.test(l.months) ? Number(l.months) : Number.NaN
  // In the order of the form.
  if (l.pseudonym && !parsePseudonymSearch(l.pseudonym)) errors.push({ field: 'pseudonym', message: PSEUDONYM_SEARCH_HELP })
  if (l.activity && l.activity !== 'never' && !(months >= 1 && months <= 120)) errors.push({ field: 'months', message: MONTHS_HELP })
  const filter: ParticipantFilter = {
    status: l.status === 'all' ? undefined : l.status,
    dimensions: l.dimensions,
    tags: l.tags,
    joinedVia: l.joinedVia,
    activity: l.activity || undefined,
    activityMonths: l.activity && l.activity !== 'never' ? months : undefined,
    pseudonym: l.pseudonym || undefined,
  }
  return { filter, errors }
}

/** How a member's taking part reads on the list, with a tag for attrition (never colour alone: the tag has words). */
function takingPart(p: ParticipantListItem, lapsedBefore: string) {
  if (p.lastParticipatedAt === null) return { tag: 'Never taken part', tagClass: 'govuk-tag--grey', last: null }
  if (p.lastParticipatedAt < lapsedBefore) return { tag: 'Lapsed', tagClass: 'govuk-tag--orange', last: p.lastParticipatedAt }
  return { tag: null, tagClass: null, last: p.lastParticipatedAt }
}

function toListItem(p: ParticipantListItem, catalogue: PanelCatalogue, lapsedBefore: string) {
  const answer = (key: string) => {
    const codes = p.demographics[key]
    return codes && codes.length > 0 ? codes.map(c => dimensionValueLabel(catalogue, key, c)).join(', ') : 'Not answered'
  }
  return {
    id: p.id,
    pseudonym: p.pseudonym,
    area: answer('area'),
    ageBand: answer('age_band'),
    seldomHeardTags: p.seldomHeardTags.map(t => labelOf(catalogue.seldomHeardTags, t)),
    status: p.status,
    statusLabel: labelOf(PARTICIPANT_STATUSES, p.status),
    takingPart: takingPart(p, lapsedBefore),
  }
}

/** In words, what the list shows: "Area: Eastport or Glenmoor; Seldom-heard group: Remote rural". */
function describe(l: ListQuery, catalogue: PanelCatalogue): string[] {
  const out: string[] = []
  for (const [key, codes] of Object.entries(l.dimensions)) {
    const d = findDimension(catalogue, key)!
    out.push(`${d.label}: ${codes.map(c => labelOf(d.options, c)).join(' or ')}`)
  }
  if (l.tags.length) out.push(`Seldom-heard group: ${l.tags.map(t => labelOf(catalogue.seldomHeardTags, t)).join(' or ')}`)
  if (l.joinedVia.length) out.push(`Joined: ${l.joinedVia.map(j => labelOf(JOIN_ROUTES, j).toLowerCase()).join(' or ')}`)
  if (l.activity === 'never') out.push('Never taken part')
  if (l.activity === 'recent') out.push(`Took part in the last ${l.months} months`)
  if (l.activity === 'lapsed') out.push(`Took part, but not in the last ${l.months} months`)
  if (l.pseudonym) out.push(`Pseudonym: ${l.pseudonym}`)
  return out
}

/** GET /panel: the research list of panel members by pseudonym, filtered on anything research holds, with counts. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const catalogue = panelCatalogue()
    const settings = await getRepresentationSettings(deps, request.actor)
    const l = readQuery(request.query ?? {}, catalogue, settings.attritionMonths)
    const { filter, errors } = toFilter(l)
    const firstFilteredDimension = Object.keys(l.dimensions)[0]
    const by = findDimension(catalogue, l.by ?? firstFilteredDimension ?? 'area') ?? catalogue.dimensions[0]!
    const lapsedBefore = monthsBefore(deps.clock.now(), settings.attritionMonths).toISOString()
    const params = toSearchParams(l, settings.attritionMonths)

    const form = {
      pseudonym: l.pseudonym,
      months: l.months,
      statusOptions: [
        ...PARTICIPANT_STATUSES.map(s => ({ value: s.code, text: s.label, selected: s.code === l.status })),
        { value: 'all', text: 'Any status', selected: l.status === 'all' },
      ],
      activityOptions: [
        { value: '', text: 'Any', checked: l.activity === '' },
        { value: 'recent', text: 'Took part within the months set below', checked: l.activity === 'recent' },
        { value: 'lapsed', text: 'Took part, but not within the months set below', checked: l.activity === 'lapsed' },
        { value: 'never', text: 'Never taken part since joining', checked: l.activity === 'never' },
      ],
      joinedOptions: JOIN_ROUTES.map(j => ({ value: j.code, text: j.label, checked: l.joinedVia.includes(j.code) })),
      tagOptions: catalogue.seldomHeardTags.map(t => ({ value: t.code, text: t.label, checked: l.tags.includes(t.code) })),
      tagsOpen: l.tags.length > 0,
      dimensions: catalogue.dimensions.map(d => ({
        key: d.key,
        label: d.label,
        name: dimensionParam(d.key),
        open: (l.dimensions[d.key]?.length ?? 0) > 0,
        selectedCount: l.dimensions[d.key]?.length ?? 0,
        items: d.options.map(o => ({ value: o.code, text: o.label, checked: l.dimensions[d.key]?.includes(o.code) ?? false })),
      })),
      byOptions: catalogue.dimensions.map(d => ({ value: d.key, text: d.label, selected: d.key === by.key })),
    }
    const common = {
      pageTitle: 'Panel members',
      form,
      applied: describe(l, catalogue),
      statusLabel: l.status === 'all' ? '' : labelOf(PARTICIPANT_STATUSES, l.status).toLowerCase(),
      attritionMonths: settings.attritionMonths,
    }
    if (errors.length > 0) return reply.render(VIEW, { ...common, errors, hasResults: false }, 400)

    const [{ participants, total }, counts] = await Promise.all([
      listParticipants(deps, request.actor, filter, { limit: PER_PAGE, offset: (l.page - 1) * PER_PAGE }),
      countParticipantsByDimension(deps, request.actor, by.key, filter),
    ])
    const percent = (n: number) => (counts.total === 0 ? 0 : Math.round((n / counts.total) * 100))
    const pagination = paginate({ total, page: l.page, perPage: PER_PAGE, path: '/panel' })
    const href = (n: number) => {
      const p = new URLSearchParams(params)
      if (n > 1) p.set('page', String(n))
      const qs = p.toString()
      return qs ? `/panel?${qs}` : '/panel'
    }
    const pageOf = (link: string) => Number(new URL(link, 'http://x').searchParams.get('page') ?? '1')

    return reply.render(VIEW, {
      ...common,
      hasResults: true,
      participants: participants.map(p => toListItem(p, catalogue, lapsedBefore)),
      total,
      summary: {
        label: by.label,
        multiple: by.multiple,
        rows: [
          ...counts.rows.map(r => ({ ...r, percent: percent(r.count) })),
          { code: '', label: 'Not answered', count: counts.notAnswered, percent: percent(counts.notAnswered) },
        ],
      },
      pagination: {
        ...pagination,
        previous: pagination.previous && { href: href(pageOf(pagination.previous.href)) },
        next: pagination.next && { href: href(pageOf(pagination.next.href)) },
        items: pagination.items.map(i => ('number' in i ? { ...i, href: href(i.number) } : i)),
      },
    })
  }
}
