import type { FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { getRepresentation } from '../../../domain/queries/representation.ts'
import type { DimensionRepresentation, Shown, Standing, ValueRow } from '../../../domain/representation.ts'
import { barChart } from './chart.ts'

const VIEW = 'panel/web/pages/representation/view.njk'
const NOT_SHOWN = 'Not shown'

const number = (n: Shown) => (n === null ? NOT_SHOWN : n.toLocaleString('en-GB'))
const percent = (n: number | null) => (n === null ? NOT_SHOWN : `${n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`)
const target = (n: number | null) => (n === null ? 'No target' : `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`)
/** A tolerance as set: "5 points", "2.5 points", "1 point". */
const tolerancePoints = (n: number) => `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${n === 1 ? 'point' : 'points'}`
const points = (n: number) => `${Math.abs(n).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${Math.abs(n) === 1 ? 'point' : 'points'}`

function gapText(r: ValueRow): string {
  if (r.standing === 'hidden') return NOT_SHOWN
  if (r.gap === null) return 'No target'
  if (r.gap === 0) return 'On target'
  return r.gap > 0 ? `${points(r.gap)} above` : `${points(r.gap)} below`
}

/** The words that say how a share stands against its target (never colour alone). */
function standing(s: Standing, tolerance: number): { text: string; tag?: string } {
  switch (s) {
    case 'under':
      return { text: 'Under-represented', tag: 'govuk-tag--red' }
    case 'over':
      return { text: 'Over-represented', tag: 'govuk-tag--orange' }
    case 'within':
      return { text: `Within ${tolerancePoints(tolerance)} of target` }
    case 'no_target':
      return { text: 'No target set' }
    case 'hidden':
      return { text: NOT_SHOWN }
  }
}

function dimensionView(d: DimensionRepresentation, tolerance: number, linkToList: boolean) {
  return {
    key: d.key,
    label: d.label,
    multiple: d.multiple,
    answered: number(d.answered),
    answeredCount: d.answered,
    rows: d.rows.map(r => ({
      label: r.retired ? `${r.label} (no longer asked)` : r.label,
      href: linkToList && !r.retired ? `/panel?d_${d.key}=${encodeURIComponent(r.code)}` : undefined,
      count: number(r.count),
      share: percent(r.share),
      target: target(r.target),
      gap: gapText(r),
      standing: standing(r.standing, tolerance),
    })),
    preferNotToSay: { count: number(d.preferNotToSay.count), share: percent(d.preferNotToSay.share) },
    notAnswered: { count: number(d.notAnswered.count), share: percent(d.notAnswered.share) },
    targetTotal: d.targetTotal === null ? null : target(d.targetTotal),
    gaps: d.gaps,
    chart: barChart(d),
  }
}

/** GET /panel/representation: the panel's make-up on every dimension against the targets, groups and attrition. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const r = await getRepresentation(deps, request.actor)
    const role = request.actor.role
    const research = role === 'system' || can(role, 'panel:read_research')
    const dimensions = r.dimensions.map(d => dimensionView(d, r.tolerance, research))
    const gaps = r.dimensions.flatMap(d =>
      d.rows
        .filter(x => x.standing === 'under' || x.standing === 'over')
        .map(x => ({ dimension: d.label, key: d.key, label: x.label, share: percent(x.share), target: target(x.target), gap: gapText(x), under: x.standing === 'under' })),
    )
    const months = r.attrition.months
    return reply.render(VIEW, {
      pageTitle: 'Panel representation',
      activeMembers: number(r.activeMembers),
      tolerance: tolerancePoints(r.tolerance),
      suppression: r.suppression,
      canConfigure: role !== 'system' && can(role, 'panel:configure'),
      linkToList: research,
      gaps,
      dimensions,
      seldomHeard: r.seldomHeard.map(t => ({ label: t.label, href: research ? `/panel?tag=${encodeURIComponent(t.code)}` : undefined, count: number(t.count), share: percent(t.share) })),
      attrition: {
        months,
        rows: [
          { label: `Took part in the last ${months} months`, href: research ? `/panel?activity=recent&months=${months}` : undefined, ...shown(r.attrition.recent) },
          { label: `Took part, but not in the last ${months} months`, href: research ? `/panel?activity=lapsed&months=${months}` : undefined, ...shown(r.attrition.lapsed) },
          { label: 'Never taken part since joining', href: research ? '/panel?activity=never' : undefined, ...shown(r.attrition.never) },
        ],
      },
    })
  }
}

function shown(x: { count: Shown; share: number | null }) {
  return { count: number(x.count), share: percent(x.share) }
}
