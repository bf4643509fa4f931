import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import { systemClock, type Clock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import {
  countActiveAnswers,
  countActiveByActivity,
  countActiveByTag,
  countActiveMembers,
  countActivePeopleAnswering,
  findRepresentationSettings,
  findTargets,
} from '../../data/representation.repository.ts'
import { PREFER_NOT_TO_SAY, panelCatalogue } from '../catalogue.ts'
import { mayReadResearchData } from '../panel.policy.ts'
import { DEFAULT_ATTRITION_MONTHS, DEFAULT_GAP_TOLERANCE, buildRepresentation, type Representation } from '../representation.ts'
import { monthsBefore } from './list-participants.ts'

/** The representation page's settings and the organisation's targets, in per cent and percentage points. */
export interface RepresentationSettings {
  /** Gaps bigger than this many percentage points are highlighted. */
  tolerance: number
  /** Active members who have not taken part for this many months count as lapsed. */
  attritionMonths: number
  /** Target share (per cent) by dimension key, then value code. Only values with a target. */
  targets: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** When the targets or settings were last changed (null: never). */
  updatedAt: string | null
}

type ReadDeps = Pick<AppDeps, 'db'>

/** Who may see the panel's make-up: analysts, the panel manager, the admin and the scrutiny body ('panel:read_representation'). */
export function mayReadRepresentation(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'panel:read_representation')
}

/** Who may set the targets and the page's settings ('panel:configure'). */
export function mayConfigureRepresentation(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'panel:configure')
}

/** Settings are not personal data: anyone who may see the panel's make-up, its list or its configuration may read them. */
function mayReadSettings(actor: Actor): boolean {
  return mayReadRepresentation(actor) || mayReadResearchData(actor) || mayConfigureRepresentation(actor)
}

export async function getRepresentationSettings(deps: ReadDeps, actor: Actor): Promise<RepresentationSettings> {
  if (!mayReadSettings(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see the panel’s representation settings' })
  const [row, targetRows] = await Promise.all([findRepresentationSettings(deps.db), findTargets(deps.db)])
  const targets = new Map<string, Map<string, number>>()
  for (const t of targetRows) {
    let forDimension = targets.get(t.dimension)
    if (!forDimension) targets.set(t.dimension, (forDimension = new Map()))
    forDimension.set(t.value, t.target_tenths / 10)
  }
  const times = [row?.updated_at, ...targetRows.map(t => t.updated_at)].filter((t): t is string => !!t).sort()
  return {
    tolerance: row ? row.gap_tolerance_tenths / 10 : DEFAULT_GAP_TOLERANCE,
    attritionMonths: row?.attrition_months ?? DEFAULT_ATTRITION_MONTHS,
    targets,
    updatedAt: times.at(-1) ?? null,
  }
}

/**
 * The active panel's make-up on every dimension of the catalogue against the targets, its seldom-heard groups and
 * its attrition. Small numbers are hidden (with secondary suppression) for anyone who may not read research data,
 * such as the scrutiny body: see representation.ts for the rules.
 */
export async function getRepresentation(
  deps: ReadDeps & Pick<AppDeps, 'config'> & { readonly clock?: Clock },
  actor: Actor,
): Promise<Representation & { settings: RepresentationSettings }> {
  if (!mayReadRepresentation(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see the panel’s make-up' })
  const catalogue = panelCatalogue()
  const settings = await getRepresentationSettings(deps, actor)
  const since = monthsBefore((deps.clock ?? systemClock).now(), settings.attritionMonths).toISOString()
  const multiple = catalogue.dimensions.filter(d => d.multiple).map(d => d.key)
  const [activeMembers, answers, people, tags, activity] = await Promise.all([
    countActiveMembers(deps.db),
    countActiveAnswers(deps.db),
    countActivePeopleAnswering(deps.db, multiple),
    countActiveByTag(deps.db),
    countActiveByActivity(deps.db, since),
  ])
  // One answer each: the answers add up to the people. Several: the people were counted once each.
  const answeredKnown: Record<string, number> = {}
  const answeredAny: Record<string, number> = {}
  for (const a of answers) {
    answeredAny[a.dimension] = (answeredAny[a.dimension] ?? 0) + a.n
    if (a.value !== PREFER_NOT_TO_SAY.code) answeredKnown[a.dimension] = (answeredKnown[a.dimension] ?? 0) + a.n
  }
  // "Prefer not to say" is never given with another answer (the catalogue marks it exclusive), so the people who
  // gave a real answer are those who answered less those who preferred not to say.
  for (const p of people) {
    const preferNot = answers.find(a => a.dimension === p.dimension && a.value === PREFER_NOT_TO_SAY.code)?.n ?? 0
    answeredAny[p.dimension] = p.n
    answeredKnown[p.dimension] = p.n - preferNot
  }
  const representation = buildRepresentation(
    { activeMembers, answers, answeredKnown, answeredAny, tags, activity },
    {
      catalogue,
      targets: settings.targets,
      tolerance: settings.tolerance,
      attritionMonths: settings.attritionMonths,
      suppress: !mayReadResearchData(actor),
      threshold: deps.config.smallNumberThreshold,
    },
  )
  return { ...representation, settings }
}
