import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { pageNumber, queryString } from '../../../../../platform/http/validate.ts'
import { paginate } from '../../../../../platform/views/pagination.ts'
import {
  PARTICIPANT_STATUSES,
  dimensionValueLabel,
  findDimension,
  labelOf,
  panelCatalogue,
  type PanelCatalogue,
  type ParticipantStatus,
} from '../../../domain/catalogue.ts'
import type { ParticipantResearchDto } from '../../../domain/participant.ts'
import { countParticipantsByDimension, listParticipants, type ParticipantFilter } from '../../../domain/queries/list-participants.ts'

const PER_PAGE = 50
const VIEW = 'panel/web/pages/list-participants/view.njk'
type Query = Record<string, string | string[] | undefined>

/** `show` is one select: `dimension:<key>:<code>` or `tag:<code>`, so the form works without JavaScript. */
function readShow(raw: string | undefined, catalogue: PanelCatalogue): Pick<ParticipantFilter, 'dimension' | 'tag'> & { value?: string } {
  if (!raw) return {}
  const [kind, a, b] = raw.split(':')
  if (kind === 'dimension' && a && b) {
    const d = findDimension(catalogue, a)
    if (d?.options.some(o => o.code === b)) return { dimension: { key: a, value: b }, value: raw }
  }
  if (kind === 'tag' && a && catalogue.seldomHeardTags.some(t => t.code === a)) return { tag: a, value: raw }
  return {}
}

function showOptions(catalogue: PanelCatalogue, selected?: string) {
  const items = [{ value: '', text: 'All panel members', selected: !selected }]
  for (const d of catalogue.dimensions) {
    for (const o of d.options) {
      const value = `dimension:${d.key}:${o.code}`
      items.push({ value, text: `${d.label}: ${o.label}`, selected: value === selected })
    }
  }
  for (const t of catalogue.seldomHeardTags) {
    const value = `tag:${t.code}`
    items.push({ value, text: `Seldom-heard group: ${t.label}`, selected: value === selected })
  }
  return items
}

function toListItem(p: ParticipantResearchDto, catalogue: PanelCatalogue) {
  const answer = (key: string) => {
    const codes = p.demographics[key]
    return codes && codes.length > 0 ? codes.map(c => dimensionValueLabel(catalogue, key, c)).join(', ') : 'Not answered'
  }
  return {
    pseudonym: p.pseudonym,
    area: answer('area'),
    ageBand: answer('age_band'),
    seldomHeardTags: p.seldomHeardTags.map(t => labelOf(catalogue.seldomHeardTags, t)),
    status: p.status,
  }
}

/** GET /panel: the analyst's pseudonymised list of panel members, with a filter and a count summary. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    const catalogue = panelCatalogue()
    const q = request.query ?? {}
    const show = readShow(queryString(q.show, 200), catalogue)
    const statusRaw = queryString(q.status, 20)
    const status: ParticipantStatus | 'all' =
      statusRaw === 'all' || PARTICIPANT_STATUSES.some(s => s.code === statusRaw) ? (statusRaw as ParticipantStatus | 'all') : 'active'
    const byRaw = queryString(q.by, 60)
    const by =
      (byRaw && findDimension(catalogue, byRaw)) || findDimension(catalogue, show.dimension?.key ?? 'area') || catalogue.dimensions[0]!
    const page = pageNumber(q.page)

    const filter: ParticipantFilter = { status: status === 'all' ? undefined : status, dimension: show.dimension, tag: show.tag }
    const [{ participants, total }, counts] = await Promise.all([
      listParticipants(deps, request.actor, filter, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
      countParticipantsByDimension(deps, request.actor, by.key, filter),
    ])
    const percent = (n: number) => (counts.total === 0 ? 0 : Math.round((n / counts.total) * 100))
    const query = { show: show.value, status: status === 'active' ? undefined : status, by: byRaw ? by.key : undefined }

    return reply.render(VIEW, {
      pageTitle: 'Panel members',
      participants: participants.map(p => toListItem(p, catalogue)),
      total,
      statusLabel: status === 'all' ? '' : labelOf(PARTICIPANT_STATUSES, status).toLowerCase(),
      filterLabel: show.value ? showOptions(catalogue, show.value).find(o => o.selected)?.text : undefined,
      summary: {
        label: by.label,
        multiple: by.multiple,
        rows: [
          ...counts.rows.map(r => ({ ...r, percent: percent(r.count) })),
          { code: '', label: 'Not answered', count: counts.notAnswered, percent: percent(counts.notAnswered) },
        ],
      },
      showOptions: showOptions(catalogue, show.value),
      statusOptions: [
        ...PARTICIPANT_STATUSES.map(s => ({ value: s.code, text: s.label, selected: s.code === status })),
        { value: 'all', text: 'Any status', selected: status === 'all' },
      ],
      byOptions: catalogue.dimensions.map(d => ({ value: d.key, text: d.label, selected: d.key === by.key })),
      pagination: paginate({ total, page, perPage: PER_PAGE, path: '/panel', query }),
    })
  }
}
